import { EventEmitter } from 'node:events';
import { inspect, type InspectOptionsStylized } from 'node:util';
import { AmiAuthError, AmiClosedError, AmiConnectionError, type AmiProtocolError } from '../errors/errors.js';
import { channels, type ConnectionInfo } from '../diagnostics/channels.js';
import type { AmiDefaultEventMap, AmiEventMapOf, AmiEventName, AmiEventOf } from '../events/event-map.js';
import { EventStream, type EventGap, type EventStreamOptions } from '../events/event-stream.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';
import { reconnectDelay } from './backoff.js';
import { armDeadline, checkTimeout, expiryError } from './deadline.js';
import { Keepalive } from './keepalive.js';
import { resolveOptions, type AmiClientOptions, type ResolvedClientOptions } from './options.js';
import type { AmiSender, SendListOptions, SendOptions } from './sender.js';
import { AmiSession, type DispatchOptions } from './session.js';
import { inspectSummary, summarizeTarget, type AmiTargetSummary } from './summary.js';
import { WaitQueue } from './wait-queue.js';

/** Where a client is in its life. */
export type AmiClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Events an `AmiClient` emits. */
export interface AmiClientEvents {
  /** Every event Asterisk sends that is not an item of a list action. */
  event: [event: AmiEvent];
  /** Logged in (first time and after each reconnect). */
  connected: [
    info: {
      /** The AMI version from the server's banner (`Asterisk Call Manager/11.0.0`), if it sent one. */
      amiVersion: string | undefined;
    },
  ];
  /** The connection was lost; in-flight actions have been rejected. */
  disconnected: [error: AmiConnectionError];
  /** A reconnect attempt is scheduled. */
  reconnecting: [
    info: {
      /** The attempt about to be made, counting from 1. */
      attempt: number;
      /** How long the client waits before this attempt. */
      delayMs: number;
      /** Why the previous connection or attempt failed. */
      error: unknown;
    },
  ];
  /** Logged in again after a drop; events between `disconnected` and now are lost. */
  reconnected: [
    info: {
      /** The attempt that succeeded, counting from 1. */
      attempt: number;
      /** Time from the drop to this login. */
      downtimeMs: number;
    },
  ];
  /** Events may have been missed (reconnect). */
  gap: [gap: EventGap];
  /** The server sent something that is not AMI; the message is dropped, the connection may go on. */
  protocolError: [error: AmiProtocolError];
  /** The client is closed for good (after `close()`, or when reconnecting gave up). Emitted once. */
  close: [error: Error | undefined];
  /**
   * User code threw: an `on('event')` (or other) listener, an `events()` filter or an `onGap`
   * callback. The connection and other callers' actions are not affected. Without a listener
   * for `listenerError`, the error is thrown again on a microtask, outside the code that reads
   * the socket (an uncaught exception, as for any throwing callback in Node).
   */
  listenerError: [error: unknown, source: ListenerErrorSource];
}

/** Which user callback threw (see the `listenerError` event). */
export type ListenerErrorSource = 'event' | 'filter' | 'onGap' | `on('${string}')` | `onEvent('${string}')`;

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
  /** Where this client connects, as diagnostics channel messages show it. */
  /** Where it connects, for diagnostics and logs (never the secret). */
  private readonly target: ConnectionInfo;
  private session: AmiSession | undefined;
  private currentState: AmiClientState = 'idle';
  private readonly streams = new Set<EventStream<AmiEvent>>();
  /** `onEvent` listeners, by event name. */
  private readonly named = new Map<string, Set<(event: AmiEvent) => void>>();
  /** Streams subscribed by name, counted per name. */
  private readonly namedStreams = new Map<string, number>();
  /** Streams that take every event (no `names`). */
  private catchAll = 0;
  private queue: Queued[] = [];
  private readonly filters: string[] = [];
  private keepalive: Keepalive | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Aborts the session being opened (first connect or a reconnect) when the client closes. */
  private readonly closeController = new AbortController();
  private connecting: Promise<void> | undefined;
  /** `connect()` calls made while reconnecting: they settle with the reconnect. */
  /** Callers of connect() while the client reconnects. */
  private readonly connectWaiters = new WaitQueue<void>();
  private closing: Promise<void> | undefined;
  private closeEmitted = false;

  constructor(options: AmiClientOptions) {
    super();
    this.options = resolveOptions(options);
    this.target = summarizeTarget(this.options);
  }

  /**
   * @internal True when some consumer wants events of this name. Events nobody wants are
   * skipped by the parser (only their `Event:` line is read).
   */
  wantsEvent(name: string): boolean {
    return (
      this.catchAll > 0 ||
      this.named.has(name) ||
      this.namedStreams.has(name) ||
      this.listenerCount('event') > 0 ||
      channels.event.hasSubscribers
    );
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

  /** Actions waiting for the socket to take them (see `maxUnwrittenActions`). */
  get unwrittenActions(): number {
    return this.session?.unwrittenActions ?? 0;
  }

  /**
   * Opens the connection and logs in. Rejects with `AmiAuthError` on a bad secret,
   * `AmiConnectionError` when Asterisk cannot be reached, `AmiTimeoutError` after
   * `connectTimeoutMs` (or when `signal` fires with a `TimeoutError`, as `AbortSignal.timeout()`
   * does), `AmiAbortError` when `signal` fires otherwise, `AmiClosedError` when the client is
   * (or gets) closed. A failed first connect does not start reconnecting. While the client
   * is reconnecting, resolves once it is connected again.
   */
  connect(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.currentState === 'closed') return Promise.reject(new AmiClosedError('client is closed'));
    if (this.currentState === 'connected') return Promise.resolve();
    if (this.currentState === 'reconnecting') return this.waitForReconnect(options.signal);
    if (this.connecting) return this.connecting;
    this.currentState = 'connecting';
    const { signal } = options;
    const closed = this.closeController.signal;
    this.connecting = this.openSession(signal ? AbortSignal.any([signal, closed]) : closed).then(
      () => {
        this.connecting = undefined;
      },
      (error: unknown) => {
        this.connecting = undefined;
        if (this.currentState === 'connecting') this.currentState = 'idle';
        if (closed.aborted) throw new AmiClosedError('client closed while connecting', { cause: error });
        throw error;
      },
    );
    return this.connecting;
  }

  private waitForReconnect(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(expiryError('abort', 'connect', { signal, timeoutMs: 0 }));
    const deadline = { signal, timeoutMs: 0 };
    return this.connectWaiters.wait(
      deadline,
      (why) => expiryError(why, 'connect', deadline),
      () => undefined,
    );
  }

  private settleConnectWaiters(error?: unknown): void {
    if (error !== undefined) this.connectWaiters.failAll(error);
    else while (this.connectWaiters.serve(() => undefined));
  }

  private async openSession(signal: AbortSignal): Promise<void> {
    // The socket can close while the session is still opening; only an adopted session matters.
    const adopted: { session?: AmiSession } = {};
    const session = await AmiSession.open(
      this.options,
      {
        onEvent: (event, bytes) => {
          // Only the live session (or the one being set up) delivers, and nothing after close.
          if (this.currentState !== 'closed') this.dispatchEvent(event, bytes);
        },
        wantsEvent: (name) => this.wantsEvent(name),
        onProtocolError: (error) => this.notify('protocolError', error),
        onClose: (error) => {
          if (adopted.session) this.onSessionClose(adopted.session, error);
        },
      },
      signal,
    );
    try {
      if (this.currentState === 'closed') throw new AmiClosedError('client closed while connecting');
      // Filters added with addFilter() belong to the session: apply them again after a reconnect.
      for (const filter of this.filters) {
        await session.dispatch(
          { Action: 'Filter', Operation: 'Add', Filter: filter },
          { timeoutMs: this.options.actionTimeoutMs, signal },
        );
      }
      if (!session.isOpen) throw new AmiConnectionError('connection lost while re-applying event filters');
      if (signal.aborted) throw new AmiClosedError('client closed while connecting');
    } catch (error) {
      // A session that failed while being set up is closed: never left open (and delivering).
      session.destroy(
        error instanceof AmiConnectionError ? error : new AmiConnectionError('session set-up failed', { cause: error }),
      );
      throw error;
    }
    adopted.session = session;
    this.session = session;
    this.currentState = 'connected';
    this.startKeepalive(session);
    this.notify('connected', { amiVersion: session.amiVersion });
    this.flushQueue(session);
    this.settleConnectWaiters();
  }

  /**
   * Sends an action and resolves with its response. Rejects with `AmiActionError` when Asterisk
   * answers `Response: Error`, `AmiInputError` (nothing sent) for invalid headers,
   * `AmiTimeoutError`, `AmiAbortError`, or `AmiConnectionError` when the connection is lost
   * before the answer. Actions are never re-sent.
   *
   * Every rejection of `send`/`sendList` because of time, a signal or the connection
   * (`AmiTimeoutError`, `AmiAbortError`, `AmiConnectionError`) carries `sent`: false when the
   * action never reached the socket (Asterisk never saw it; retrying is safe), true when it was
   * written (it may have run).
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
    try {
      checkTimeout('timeoutMs', options.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    const session = this.session;
    if (this.currentState === 'connected' && session?.isOpen) {
      return session.dispatch(action, options) as Promise<T>;
    }
    if (this.currentState === 'reconnecting' && this.options.reconnect) {
      return this.enqueue<T>(action, options);
    }
    if (this.currentState === 'closed') return Promise.reject(this.closedError(action.Action));
    return Promise.reject(new AmiConnectionError(`${action.Action}: client is not connected (call connect() first)`));
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
    if (signal?.aborted) return Promise.reject(expiryError('abort', action.Action, options));
    return new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const disarm = armDeadline(options, (why) => {
        this.queue = this.queue.filter((q) => q !== item);
        reject(
          expiryError(why, action.Action, {
            ...options,
            timeoutMessage: `${action.Action} waited ${options.timeoutMs} ms for the connection to come back`,
          }),
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
  events<N extends AmiEventName<M>, E extends M[N]>(
    options: Omit<EventsOptions<M[N]>, 'filter'> & { names: readonly N[]; filter: (event: M[N]) => event is E },
  ): EventStream<E>;
  events<N extends AmiEventName<M>>(options: EventsOptions<M[N]> & { names: readonly N[] }): EventStream<M[N]>;
  events<E extends AmiEventOf<M>>(
    options: EveryEventOptions<AmiEventOf<M>> & { filter: (event: AmiEventOf<M>) => event is E },
  ): EventStream<E>;
  events(options?: EveryEventOptions<AmiEventOf<M>>): EventStream<AmiEventOf<M>>;
  events(options: EventsOptions<AmiEventOf<M>> = {}): EventStream<AmiEventOf<M>> {
    const stream: EventStream<AmiEventOf<M>> = new EventStream(
      {
        highWaterMark: this.options.eventHighWaterMark,
        highWaterMarkBytes: this.options.eventHighWaterMarkBytes,
        overflow: this.options.eventOverflow,
        ...options,
      },
      () => this.removeStream(stream as unknown as EventStream<AmiEvent>),
      (error, source) => this.reportListenerError(error, source),
    );
    if (this.currentState === 'closed') {
      stream.end();
      return stream;
    }
    this.streams.add(stream as unknown as EventStream<AmiEvent>);
    if (stream.names) for (const name of stream.names) this.countNamedStream(name, 1);
    else this.catchAll++;
    return stream;
  }

  private removeStream(stream: EventStream<AmiEvent>): void {
    if (!this.streams.delete(stream)) return;
    if (stream.names) for (const name of stream.names) this.countNamedStream(name, -1);
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
    let listeners = this.named.get(name);
    if (!listeners) this.named.set(name, (listeners = new Set()));
    listeners.add(fn);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const current = this.named.get(name);
      current?.delete(fn);
      if (current?.size === 0) this.named.delete(name);
    };
  }

  // The names a stream subscribed to are wanted (not skipped by the parser); the stream itself
  // receives them through `streams`.
  private countNamedStream(name: string, change: 1 | -1): void {
    const count = (this.namedStreams.get(name) ?? 0) + change;
    if (count > 0) this.namedStreams.set(name, count);
    else this.namedStreams.delete(name);
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

  private dispatchEvent(event: AmiEvent, bytes: number): void {
    if (channels.event.hasSubscribers) channels.event.publish({ connection: this.target, name: event.Event, event });
    for (const stream of this.streams) stream.push(event, bytes);
    const listeners = this.named.get(event.Event);
    if (listeners) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          this.reportListenerError(error, `onEvent('${event.Event}')`);
        }
      }
    }
    try {
      this.emit('event', event);
    } catch (error) {
      // (like any EventEmitter, the listeners after the one that threw miss this event)
      this.reportListenerError(error, 'event');
    }
  }

  /** Emits a lifecycle event; a throwing listener is reported, never breaks the connection. */
  private notify<
    K extends 'connected' | 'protocolError' | 'disconnected' | 'reconnecting' | 'reconnected' | 'gap' | 'close',
  >(name: K, ...args: AmiClientEvents[K]): void {
    try {
      (this.emit as (name: K, ...args: AmiClientEvents[K]) => boolean)(name, ...args);
    } catch (error) {
      this.reportListenerError(error, `on('${name}')`);
    }
  }

  private reportListenerError(error: unknown, source: ListenerErrorSource): void {
    if (this.listenerCount('listenerError') > 0) {
      try {
        this.emit('listenerError', error, source);
        return;
      } catch (secondError) {
        error = secondError;
      }
    }
    queueMicrotask(() => {
      throw error;
    });
  }

  private startKeepalive(session: AmiSession): void {
    this.stopKeepalive();
    this.keepalive = new Keepalive(session, this.options.keepaliveMs, this.options.keepaliveTimeoutMs, (error) => {
      // The peer or the path is dead even if TCP has not noticed.
      session.destroy(error);
    });
    this.keepalive.start();
  }

  private stopKeepalive(): void {
    this.keepalive?.stop();
    this.keepalive = undefined;
  }

  private onSessionClose(session: AmiSession, error: AmiConnectionError): void {
    if (this.session !== session) return;
    this.stopKeepalive();
    this.session = undefined;
    if (this.currentState === 'closed') return;
    const wasConnected = this.currentState === 'connected';
    this.notify('disconnected', error);
    if (wasConnected && this.options.reconnect) {
      this.currentState = 'reconnecting';
      const gap: EventGap = { reason: 'reconnect', dropped: 0, at: new Date() };
      for (const stream of this.streams) stream.gap(gap);
      if (channels.gap.hasSubscribers)
        channels.gap.publish({ connection: this.target, reason: gap.reason, at: gap.at });
      this.notify('gap', gap);
      this.scheduleReconnect(1, Date.now(), error);
    } else {
      this.currentState = 'idle';
    }
  }

  private scheduleReconnect(attempt: number, downSince: number, lastError: unknown): void {
    const policy = this.options.reconnect;
    if (!policy || this.currentState !== 'reconnecting') return;
    if (attempt > policy.maxAttempts) {
      this.giveUp(
        new AmiConnectionError(`gave up reconnecting after ${policy.maxAttempts} attempts`, { cause: lastError }),
      );
      return;
    }
    const delayMs = reconnectDelay(attempt, policy);
    if (channels.reconnect.hasSubscribers) channels.reconnect.publish({ connection: this.target, attempt, delayMs });
    this.notify('reconnecting', { attempt, delayMs, error: lastError });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.openSession(this.closeController.signal).then(
        () => {
          this.notify('reconnected', { attempt, downtimeMs: Date.now() - downSince });
        },
        (error: unknown) => {
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
    this.settleConnectWaiters(reason);
    for (const stream of [...this.streams]) stream.fail(reason);
    this.emitClose(error);
  }

  private emitClose(error: Error | undefined): void {
    if (this.closeEmitted) return;
    this.closeEmitted = true;
    this.notify('close', error);
  }

  private closedError(what: string): AmiClosedError {
    return new AmiClosedError(`${what}: client is closed`);
  }

  /**
   * Logs off and closes the connection. Actions still in flight or queued reject with
   * `AmiClosedError` (code `AMI_CLOSED`); event iterators end; a `connect()` under way rejects
   * and its socket is closed at once. Final and idempotent.
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
    this.closeController.abort(new AmiClosedError('client closed'));
    this.failQueue(new AmiClosedError('client closed while the action waited for a reconnect'));
    this.settleConnectWaiters(new AmiClosedError('client closed while reconnecting'));
    const session = this.session;
    this.session = undefined;
    const reason = new AmiClosedError('connection closed by the client');
    if (session?.isOpen) {
      if (graceful && previous === 'connected') {
        await session.logoff(Math.min(this.options.actionTimeoutMs, 2_000), reason);
      } else {
        session.destroy(reason);
      }
    }
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
    this.named.clear();
    this.namedStreams.clear();
    this.emitClose(undefined);
  }

  // Logging a client shows where it connects and its state, never the secret or TLS options.
  /** What `JSON.stringify` shows: target and state, without the secret. */
  toJSON(): AmiTargetSummary & {
    /** The client's state when called. */
    state: AmiClientState;
  } {
    return { ...this.target, state: this.currentState };
  }

  /** What `util.inspect` and `console.log` show: the same as `toJSON()`. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, inspectFn: typeof inspect): string {
    return inspectSummary('AmiClient', this.toJSON(), depth, options, inspectFn);
  }
}
