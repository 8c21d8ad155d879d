import { EventEmitter } from 'node:events';
import { AmiAbortError, AmiAuthError, AmiConnectionError, AmiTimeoutError, type AmiProtocolError } from '../errors/errors.js';
import type { AmiDefaultEventMap, AmiEventMapOf, AmiEventName, AmiEventOf } from '../events/event-map.js';
import { EventStream, type EventGap, type EventStreamOptions } from '../events/event-stream.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';
import { reconnectDelay } from './backoff.js';
import { armDeadline } from './deadline.js';
import { resolveOptions, type AmiClientOptions, type ResolvedClientOptions } from './options.js';
import type { AmiSender, SendListOptions, SendOptions } from './sender.js';
import { AmiSession, type DispatchOptions } from './session.js';

/** Where a client is in its life. */
export type AmiClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Events an `AmiClient` emits. */
export interface AmiClientEvents {
  /** Every event Asterisk sends that is not an item of a list action. */
  event: [event: AmiEvent];
  /** Logged in (first time and after each reconnect). */
  connected: [info: { amiVersion: string | undefined }];
  /** The connection was lost; in-flight actions have been rejected. */
  disconnected: [error: AmiConnectionError];
  /** A reconnect attempt is scheduled. */
  reconnecting: [info: { attempt: number; delayMs: number; error: unknown }];
  /** Logged in again after a drop; events between `disconnected` and now are lost. */
  reconnected: [info: { attempt: number; downtimeMs: number }];
  /** Events may have been missed (reconnect). */
  gap: [gap: EventGap];
  /** The server sent something that is not AMI; the message is dropped, the connection may go on. */
  protocolError: [error: AmiProtocolError];
  /** The client is closed for good (after `close()`, or when reconnecting gave up). */
  close: [error: Error | undefined];
}

/** An action waiting for the connection to come back. */
interface Queued {
  run(session: AmiSession): void;
  fail(error: unknown): void;
}

/** Options of `events()`: `names`, `filter`, `signal`, buffer size and overflow policy, `onGap`. */
export type EventsOptions<E extends { readonly Event: string } = AmiEvent> = EventStreamOptions<E>;

/** `events()` options without `names`: names must come from the client's event map. */
type EveryEventOptions<E extends { readonly Event: string }> = Omit<EventsOptions<E>, 'names'> & { names?: undefined };

/**
 * A connection to Asterisk's manager interface.
 *
 * ```ts
 * const client = new AmiClient({ host: '127.0.0.1', username: 'admin', secret: 'secret' });
 * await client.connect();
 * const pong = await client.send({ Action: 'Ping' });
 * for await (const e of client.events({ filter: (e) => e.Event === 'Hangup' })) console.log(e.Channel);
 * await client.close();
 * ```
 */
export class AmiClient<M extends AmiEventMapOf<M> = AmiDefaultEventMap>
  extends EventEmitter<AmiClientEvents>
  implements AmiSender
{
  private readonly options: ResolvedClientOptions;
  private session: AmiSession | undefined;
  private currentState: AmiClientState = 'idle';
  private readonly streams = new Set<EventStream<AmiEvent>>();
  /** Event names someone subscribed to, with their `onEvent` listeners. */
  private readonly named = new Map<string, Set<(event: AmiEvent) => void>>();
  /** Streams subscribed by name, counted per name. */
  private readonly namedStreams = new Map<string, number>();
  /** Streams that take every event (no `names`). */
  private catchAll = 0;
  private queue: Queued[] = [];
  private readonly filters: string[] = [];
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectAbort: AbortController | undefined;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: AmiClientOptions) {
    super();
    this.options = resolveOptions(options);
  }

  /**
   * @internal True when some consumer wants events of this name. Events nobody wants are
   * skipped by the parser (only their `Event:` line is read).
   */
  wantsEvent(name: string): boolean {
    return this.catchAll > 0 || this.named.has(name) || this.listenerCount('event') > 0;
  }

  /** `idle`, `connecting`, `connected`, `reconnecting` or `closed`. */
  get state(): AmiClientState {
    return this.currentState;
  }

  /** AMI protocol version from the banner (e.g. `11.0.0` for Asterisk 22), once connected. */
  get amiVersion(): string | undefined {
    return this.session?.amiVersion;
  }

  /** The banner line, e.g. `Asterisk Call Manager/11.0.0`. */
  get banner(): string | undefined {
    return this.session?.banner;
  }

  /** True while logged in. */
  get connected(): boolean {
    return this.currentState === 'connected' && this.session?.isOpen === true;
  }

  /**
   * Opens the connection and logs in. Rejects with `AmiAuthError` on a bad secret,
   * `AmiConnectionError` when Asterisk cannot be reached, `AmiTimeoutError` after
   * `connectTimeoutMs`, `AmiAbortError` when `signal` fires. A failed first connect does not
   * start reconnecting.
   */
  connect(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.currentState === 'closed') return Promise.reject(new AmiConnectionError('client is closed'));
    if (this.currentState === 'connected' || this.currentState === 'reconnecting') return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.currentState = 'connecting';
    this.connecting = this.openSession(options.signal).then(
      () => {
        this.connecting = undefined;
      },
      (error: unknown) => {
        this.connecting = undefined;
        if (this.currentState === 'connecting') this.currentState = 'idle';
        throw error;
      },
    );
    return this.connecting;
  }

  private async openSession(signal?: AbortSignal): Promise<void> {
    // The socket can close while the session is still opening; only an adopted session matters.
    const adopted: { session?: AmiSession } = {};
    const session = await AmiSession.open(
      this.options,
      {
        onEvent: (event) => this.dispatchEvent(event),
        wantsEvent: (name) => this.wantsEvent(name),
        onProtocolError: (error) => this.emit('protocolError', error),
        onClose: (error) => {
          if (adopted.session) this.onSessionClose(adopted.session, error);
        },
      },
      signal,
    );
    adopted.session = session;
    if (this.currentState === 'closed') {
      session.destroy(new AmiConnectionError('client closed while connecting'));
      throw new AmiConnectionError('client closed while connecting');
    }
    // Filters added with addFilter() belong to the session: apply them again after a reconnect.
    for (const filter of this.filters) {
      await session.dispatch({ Action: 'Filter', Operation: 'Add', Filter: filter }, { timeoutMs: this.options.actionTimeoutMs });
    }
    if (!session.isOpen) throw new AmiConnectionError('connection lost while re-applying event filters');
    this.session = session;
    this.currentState = 'connected';
    this.startKeepalive();
    this.emit('connected', { amiVersion: session.amiVersion });
    this.flushQueue(session);
  }

  /**
   * Sends an action and resolves with its response. Rejects with `AmiActionError` when Asterisk
   * answers `Response: Error`, `AmiInputError` (nothing sent) for invalid headers,
   * `AmiTimeoutError`, `AmiAbortError`, or `AmiConnectionError` when the connection is lost
   * before the answer. Actions are never re-sent.
   */
  send(action: AmiAction, options: SendOptions = {}): Promise<AmiResponse> {
    return this.run<AmiResponse>(action, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.options.actionTimeoutMs,
    });
  }

  /**
   * Sends an action that answers with an event list and resolves with the response, the list
   * items and the closing event. Items go to this call only, never to `on('event')`.
   */
  sendList<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent>(
    action: AmiAction,
    options: SendListOptions = {},
  ): Promise<AmiListResult<E, C>> {
    const complete = options.completeEvent;
    return this.run<AmiListResult<E, C>>(action, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.options.actionTimeoutMs,
      completeEvents: complete === undefined ? [] : typeof complete === 'string' ? [complete] : complete,
    });
  }

  private run<T>(action: AmiAction, options: DispatchOptions): Promise<T> {
    const session = this.session;
    if (this.currentState === 'connected' && session?.isOpen) {
      return session.dispatch(action, options) as Promise<T>;
    }
    if (this.currentState === 'reconnecting' && this.options.reconnect) {
      return this.enqueue<T>(action, options);
    }
    const why = this.currentState === 'closed' ? 'client is closed' : 'client is not connected (call connect() first)';
    return Promise.reject(new AmiConnectionError(`${action.Action}: ${why}`));
  }

  /** Holds an action until the connection is back, within its own timeout and a bounded queue. */
  private enqueue<T>(action: AmiAction, options: DispatchOptions): Promise<T> {
    const limit = this.options.reconnect ? this.options.reconnect.maxQueuedActions : 0;
    if (this.queue.length >= limit) {
      return Promise.reject(
        new AmiConnectionError(`${action.Action}: reconnecting and ${limit} actions are already waiting`),
      );
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new AmiAbortError(`${action.Action} aborted`, { cause: signal.reason }));
    return new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const disarm = armDeadline(options, (why) => {
        this.queue = this.queue.filter((q) => q !== item);
        reject(
          why === 'abort'
            ? new AmiAbortError(`${action.Action} aborted`, { cause: signal?.reason })
            : new AmiTimeoutError(
                `${action.Action} waited ${options.timeoutMs} ms for the connection to come back`,
                options.timeoutMs,
              ),
        );
      });
      const remove = (): void => {
        this.queue = this.queue.filter((q) => q !== item);
        disarm();
      };
      const item: Queued = {
        run: (session) => {
          remove();
          const left = options.timeoutMs > 0 ? Math.max(1, options.timeoutMs - (Date.now() - started)) : 0;
          (session.dispatch(action, { ...options, timeoutMs: left }) as Promise<T>).then(resolve, reject);
        },
        fail: (error) => {
          remove();
          reject(error);
        },
      };
      this.queue.push(item);
    });
  }

  private flushQueue(session: AmiSession): void {
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) item.run(session);
  }

  private failQueue(error: unknown): void {
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) item.fail(error);
  }

  /**
   * Subscribes to events with a bounded buffer (see `OverflowPolicy`); use with `for await`.
   * Breaking out of the loop, or the signal firing, ends the subscription.
   *
   * With `names`, only those events are delivered and the stream is typed by the client's event
   * map (`HangupEvent | NewchannelEvent` for `['Hangup', 'Newchannel']`); a type-guard `filter`
   * narrows it further.
   */
  events<N extends AmiEventName<M>, E extends M[N] = M[N]>(
    options: EventsOptions<M[N]> & { names: readonly N[]; filter?: (event: M[N]) => event is E },
  ): EventStream<E>;
  events<E extends AmiEventOf<M>>(
    options: EveryEventOptions<AmiEventOf<M>> & { filter: (event: AmiEventOf<M>) => event is E },
  ): EventStream<E>;
  events(options?: EveryEventOptions<AmiEventOf<M>>): EventStream<AmiEventOf<M>>;
  events(options: EventsOptions<AmiEventOf<M>> = {}): EventStream<AmiEventOf<M>> {
    const stream: EventStream<AmiEventOf<M>> = new EventStream(
      {
        highWaterMark: this.options.eventHighWaterMark,
        overflow: this.options.eventOverflow,
        ...options,
      },
      () => this.removeStream(stream as unknown as EventStream<AmiEvent>),
    );
    if (this.currentState === 'closed') {
      stream.end();
      return stream;
    }
    this.streams.add(stream as unknown as EventStream<AmiEvent>);
    if (stream.names) for (const name of stream.names) this.addNamed(name, undefined);
    else this.catchAll++;
    return stream;
  }

  private removeStream(stream: EventStream<AmiEvent>): void {
    if (!this.streams.delete(stream)) return;
    if (stream.names) for (const name of stream.names) this.removeNamed(name, undefined);
    else this.catchAll--;
  }

  /**
   * Calls `listener` for every event of that name (typed by the client's event map). Returns
   * the function that unsubscribes.
   *
   * ```ts
   * const off = client.onEvent('Hangup', (e) => console.log(e.Channel, e.Cause));
   * off();
   * ```
   */
  onEvent<N extends AmiEventName<M>>(name: N, listener: (event: M[N]) => void): () => void {
    const fn = listener as unknown as (event: AmiEvent) => void;
    this.addNamed(name, fn);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.removeNamed(name, fn);
    };
  }

  // A stream subscribed by name is counted with an `undefined` entry per name: the name is
  // wanted (not skipped by the parser), the stream itself receives it through `streams`.
  private addNamed(name: string, listener: ((event: AmiEvent) => void) | undefined): void {
    let set = this.named.get(name);
    if (!set) this.named.set(name, (set = new Set()));
    if (listener) set.add(listener);
    else this.namedStreams.set(name, (this.namedStreams.get(name) ?? 0) + 1);
  }

  private removeNamed(name: string, listener: ((event: AmiEvent) => void) | undefined): void {
    const set = this.named.get(name);
    if (!set) return;
    if (listener) set.delete(listener);
    else {
      const left = (this.namedStreams.get(name) ?? 1) - 1;
      if (left > 0) this.namedStreams.set(name, left);
      else this.namedStreams.delete(name);
    }
    if (set.size === 0 && !this.namedStreams.has(name)) this.named.delete(name);
  }

  /**
   * Adds a server-side event filter (the `Filter` action, e.g. `'Event: Hangup'` or
   * `'!Event: VarSet'`) and re-applies it after every reconnect.
   */
  async addFilter(filter: string, options: SendOptions = {}): Promise<AmiResponse> {
    const response = await this.send({ Action: 'Filter', Operation: 'Add', Filter: filter }, options);
    this.filters.push(filter);
    return response;
  }

  private dispatchEvent(event: AmiEvent): void {
    for (const stream of this.streams) stream.push(event);
    const listeners = this.named.get(event.Event);
    if (listeners) for (const listener of listeners) listener(event);
    this.emit('event', event);
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    const { keepaliveMs, keepaliveTimeoutMs } = this.options;
    if (keepaliveMs <= 0) return;
    this.keepaliveTimer = setInterval(() => {
      const session = this.session;
      if (!session?.isOpen) return;
      session.dispatch({ Action: 'Ping' }, { timeoutMs: keepaliveTimeoutMs }).catch((error: unknown) => {
        if (error instanceof AmiTimeoutError && session.isOpen) {
          // No answer: the peer or the path is dead even if TCP has not noticed.
          session.destroy(
            new AmiConnectionError(`keepalive Ping got no answer within ${keepaliveTimeoutMs} ms`, { cause: error }),
          );
        }
      });
    }, keepaliveMs);
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  private onSessionClose(session: AmiSession, error: AmiConnectionError): void {
    if (this.session !== session) return;
    this.stopKeepalive();
    this.session = undefined;
    if (this.currentState === 'closed') return;
    const wasConnected = this.currentState === 'connected';
    this.emit('disconnected', error);
    if (wasConnected && this.options.reconnect) {
      this.currentState = 'reconnecting';
      const gap: EventGap = { reason: 'reconnect', dropped: 0, at: new Date() };
      for (const stream of this.streams) stream.gap(gap);
      this.emit('gap', gap);
      this.scheduleReconnect(1, Date.now(), error);
    } else {
      this.currentState = 'idle';
    }
  }

  private scheduleReconnect(attempt: number, downSince: number, lastError: unknown): void {
    const policy = this.options.reconnect;
    if (!policy || this.currentState !== 'reconnecting') return;
    if (attempt > policy.maxAttempts) {
      this.giveUp(new AmiConnectionError(`gave up reconnecting after ${policy.maxAttempts} attempts`, { cause: lastError }));
      return;
    }
    const delayMs = reconnectDelay(attempt, policy);
    this.emit('reconnecting', { attempt, delayMs, error: lastError });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.reconnectAbort = new AbortController();
      this.openSession(this.reconnectAbort.signal).then(
        () => {
          this.reconnectAbort = undefined;
          this.emit('reconnected', { attempt, downtimeMs: Date.now() - downSince });
        },
        (error: unknown) => {
          this.reconnectAbort = undefined;
          if (this.currentState !== 'reconnecting') return;
          if (error instanceof AmiAuthError) {
            // The secret changed or the user was removed: retrying would only hammer the server.
            this.giveUp(error);
            return;
          }
          this.scheduleReconnect(attempt + 1, downSince, error);
        },
      );
    }, delayMs);
  }

  private giveUp(error: Error): void {
    this.currentState = 'closed';
    const reason = new AmiConnectionError(`reconnecting stopped: ${error.message}`, { cause: error });
    this.failQueue(reason);
    for (const stream of [...this.streams]) stream.fail(reason);
    this.emit('close', error);
  }

  /**
   * Logs off and closes the connection. Actions still in flight or queued reject with
   * `AmiConnectionError`; event iterators end. Final and idempotent.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = this.shutdown(true);
    return this.closing;
  }

  /** Closes the socket at once, without Logoff. Final and idempotent. */
  destroy(): void {
    if (!this.closing) this.closing = this.shutdown(false);
  }

  private async shutdown(graceful: boolean): Promise<void> {
    const previous = this.currentState;
    this.currentState = 'closed';
    this.stopKeepalive();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectAbort?.abort();
    this.failQueue(new AmiConnectionError('client closed while the action waited for a reconnect'));
    const session = this.session;
    this.session = undefined;
    if (session?.isOpen) {
      if (graceful && previous === 'connected') {
        await session.logoff(Math.min(this.options.actionTimeoutMs, 2_000));
      } else {
        session.destroy(new AmiConnectionError('connection closed by the client'));
      }
    }
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
    this.named.clear();
    this.namedStreams.clear();
    this.emit('close', undefined);
  }
}
