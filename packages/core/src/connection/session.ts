import { createHash } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiConnectionError,
  AmiInputError,
  AmiProtocolError,
  AmiTimeoutError,
} from '../errors/errors.js';
import { newActionId } from '../protocol/action-id.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiMessage, AmiResponse } from '../protocol/message.js';
import { AmiParser } from '../protocol/parser.js';
import { serializeAction } from '../protocol/serializer.js';
import { armDeadline } from './deadline.js';
import { eventMaskHeader, type ResolvedClientOptions } from './options.js';

/** What one action waits for. */
interface Pending {
  readonly actionId: string;
  readonly action: string;
  /** Lower-cased names of the events that close the list; undefined for single-response actions. */
  readonly completeEvents: ReadonlySet<string> | undefined;
  response: AmiResponse | undefined;
  events: AmiEvent[];
  resolve(value: AmiResponse | AmiListResult): void;
  reject(error: unknown): void;
  cleanup(): void;
}

export interface DispatchOptions {
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  /** Set for list actions: extra names of closing events (lists also close on `EventList: Complete`). */
  completeEvents?: readonly string[] | undefined;
}

export interface SessionHandlers {
  onEvent(event: AmiEvent): void;
  /** False for events nobody consumes: the parser skips them without building them. */
  wantsEvent?(name: string): boolean;
  onProtocolError(error: AmiProtocolError): void;
  /** Called once when the socket is gone, with the reason. */
  onClose(error: AmiConnectionError): void;
}

/**
 * One AMI connection: a socket, its parser, and the actions in flight on it, matched to their
 * answers by ActionID. It never reconnects; `AmiClient` replaces it when it dies.
 */
export class AmiSession {
  /** The banner line, e.g. `Asterisk Call Manager/11.0.0`. */
  banner: string | undefined;
  private readonly pending = new Map<string, Pending>();
  /** List actions in flight: while there are any, every event is parsed (it may be an item). */
  private listsInFlight = 0;
  private readonly parser: AmiParser;
  private outgoing: string[] = [];
  private flushScheduled = false;
  private isClosed = false;
  private closeError: AmiConnectionError | undefined;
  private bannerWaiter: ((banner: string) => void) | undefined;
  /** Rejects with the reason once the session is closed. */
  readonly closed: Promise<never>;
  private rejectClosed!: (error: AmiConnectionError) => void;

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ResolvedClientOptions,
    private readonly handlers: SessionHandlers,
  ) {
    const wantsEvent = handlers.wantsEvent;
    this.parser = new AmiParser({
      maxMessageBytes: options.maxMessageBytes,
      skipEvent: wantsEvent && ((name) => this.listsInFlight === 0 && !wantsEvent(name)),
      onBanner: (banner) => {
        this.banner = banner;
        this.bannerWaiter?.(banner);
      },
    });
    this.closed = new Promise<never>((_, reject) => {
      this.rejectClosed = reject;
    });
    this.closed.catch(() => undefined);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.destroy(connectionError(error, options)));
    socket.on('close', () => this.destroy(new AmiConnectionError('connection closed by the server')));
  }

  /**
   * Opens the socket, waits for the banner and logs in. Rejects with `AmiConnectionError`,
   * `AmiTimeoutError`, `AmiAuthError` or `AmiAbortError`; a failed attempt leaves no socket open.
   */
  static async open(
    options: ResolvedClientOptions,
    handlers: SessionHandlers,
    signal?: AbortSignal,
  ): Promise<AmiSession> {
    if (signal?.aborted) throw new AmiAbortError('connect aborted', { cause: signal.reason });
    const socket = options.tls
      ? tls.connect({
          servername: net.isIP(options.host) ? undefined : options.host,
          ...options.tls,
          host: options.host,
          port: options.port,
        })
      : net.connect({ host: options.host, port: options.port });
    const session = new AmiSession(socket, options, handlers);
    const deadline = Date.now() + options.connectTimeoutMs;
    let disarm = (): void => undefined;
    const failed = new Promise<never>((_, reject) => {
      const { connectTimeoutMs } = options;
      // (Node runs a 0 ms timer after 1 ms: the same for a zero connectTimeoutMs)
      disarm = armDeadline({ signal, timeoutMs: Math.max(1, connectTimeoutMs) }, (why) => {
        const where = `${options.host}:${options.port}`;
        reject(
          why === 'abort'
            ? new AmiAbortError('connect aborted', { cause: signal?.reason })
            : new AmiTimeoutError(`no AMI login on ${where} within ${connectTimeoutMs} ms`, connectTimeoutMs),
        );
      });
      session.closed.catch(reject);
    });
    // Once connected, a later close must not surface as an unhandled rejection of this race.
    failed.catch(() => undefined);
    try {
      await Promise.race([session.waitForBanner(), failed]);
      await Promise.race([session.login(Math.max(1, deadline - Date.now())), failed]);
      return session;
    } catch (error) {
      session.destroy(new AmiConnectionError('connect failed', { cause: error }));
      throw error;
    } finally {
      disarm();
    }
  }

  /** The AMI protocol version from the banner (`11.0.0`), or undefined. */
  get amiVersion(): string | undefined {
    const match = this.banner && /\/\s*(\S+)\s*$/.exec(this.banner);
    return match ? match[1] : undefined;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Actions sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  private waitForBanner(): Promise<string> {
    if (this.banner !== undefined) return Promise.resolve(this.banner);
    return new Promise((resolve) => {
      this.bannerWaiter = resolve;
    });
  }

  private async login(timeoutMs: number): Promise<void> {
    const { username, secret, authType, events } = this.options;
    const eventsHeader = eventMaskHeader(events);
    try {
      if (authType === 'md5') {
        const challenge = await this.dispatch({ Action: 'Challenge', AuthType: 'MD5' }, { timeoutMs });
        const nonce = challenge.Challenge;
        if (typeof nonce !== 'string') throw new AmiProtocolError('Challenge response carries no Challenge header');
        const key = createHash('md5').update(nonce + secret).digest('hex');
        await this.dispatch(
          { Action: 'Login', Username: username, AuthType: 'MD5', Key: key, Events: eventsHeader },
          { timeoutMs },
        );
      } else {
        await this.dispatch({ Action: 'Login', Username: username, Secret: secret, Events: eventsHeader }, { timeoutMs });
      }
    } catch (error) {
      if (error instanceof AmiActionError) {
        const reason = typeof error.response.Message === 'string' ? error.response.Message : 'login refused';
        throw new AmiAuthError(`AMI login as "${username}" failed: ${reason}`, error.response, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Sends an action and waits for its answer (a response, or a whole list when
   * `completeEvents` is set). Nothing is written when the action is invalid or the signal
   * has already fired.
   */
  dispatch(action: AmiAction, options: DispatchOptions & { completeEvents?: undefined }): Promise<AmiResponse>;
  dispatch(action: AmiAction, options: DispatchOptions & { completeEvents: readonly string[] }): Promise<AmiListResult>;
  dispatch(action: AmiAction, options: DispatchOptions): Promise<AmiResponse | AmiListResult>;
  dispatch(action: AmiAction, options: DispatchOptions): Promise<AmiResponse | AmiListResult> {
    if (this.isClosed) return Promise.reject(this.closeError ?? new AmiConnectionError('connection is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new AmiAbortError(`${action.Action} aborted`, { cause: signal.reason }));
    const actionId = action.ActionID ?? newActionId();
    if (typeof actionId !== 'string' || actionId.length === 0) {
      return Promise.reject(new AmiInputError('ActionID must be a non-empty string', 'ActionID'));
    }
    if (this.pending.has(actionId)) {
      return Promise.reject(new AmiInputError(`ActionID "${actionId}" is already in flight`, 'ActionID'));
    }
    let bytes: string;
    try {
      bytes = serializeAction(action, actionId);
    } catch (error) {
      return Promise.reject(error);
    }

    return new Promise((resolve, reject) => {
      const cleanup = armDeadline(options, (why) => {
        this.forget(entry);
        reject(
          why === 'abort'
            ? new AmiAbortError(`${action.Action} aborted`, { cause: signal?.reason })
            : new AmiTimeoutError(`${action.Action} got no answer within ${options.timeoutMs} ms`, options.timeoutMs),
        );
      });
      const entry: Pending = {
        actionId,
        action: action.Action,
        completeEvents: options.completeEvents
          ? new Set(options.completeEvents.map((name) => name.toLowerCase()))
          : undefined,
        response: undefined,
        events: [],
        resolve,
        reject,
        cleanup,
      };
      this.pending.set(actionId, entry);
      if (entry.completeEvents) this.listsInFlight++;
      this.write(bytes);
    });
  }

  private write(bytes: string): void {
    this.outgoing.push(bytes);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Everything sent before the event loop turns goes out in one write (setImmediate runs after
    // the promise continuations that answered actions tend to send the next ones): fewer syscalls
    // when pipelining, no timer delay.
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.isClosed || this.outgoing.length === 0) return;
      const data = this.outgoing.length === 1 ? this.outgoing[0]! : this.outgoing.join('');
      this.outgoing = [];
      this.socket.write(data);
    });
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    try {
      this.parser.parse(chunk, (message) => this.route(message));
    } catch (error) {
      if (error instanceof AmiProtocolError) {
        this.handlers.onProtocolError(error);
        this.destroy(new AmiConnectionError(`protocol error: ${error.message}`, { cause: error }));
      } else {
        this.destroy(new AmiConnectionError('failed while handling a message', { cause: error }));
      }
    }
  }

  private route(message: AmiMessage): void {
    const actionId = message.ActionID;
    const event = message.Event;
    if (typeof event === 'string') {
      const entry = typeof actionId === 'string' ? this.pending.get(actionId) : undefined;
      if (entry?.completeEvents) {
        this.onListEvent(entry, message as AmiEvent, event);
      } else {
        this.handlers.onEvent(message as AmiEvent);
      }
      return;
    }
    if (typeof message.Response === 'string') {
      const entry = typeof actionId === 'string' ? this.pending.get(actionId) : undefined;
      // An answer to an action that timed out or was aborted: nobody waits for it any more.
      if (entry) this.onResponse(entry, message as AmiResponse);
      return;
    }
    this.handlers.onProtocolError(
      new AmiProtocolError('received a message that is neither a response nor an event', message),
    );
  }

  private onResponse(entry: Pending, response: AmiResponse): void {
    if (response.Response.toLowerCase() === 'error') {
      this.settle(entry);
      const reason = typeof response.Message === 'string' ? response.Message : 'Response: Error';
      entry.reject(new AmiActionError(`${entry.action} failed: ${reason}`, entry.action, response));
      return;
    }
    if (!entry.completeEvents) {
      this.settle(entry);
      entry.resolve(response);
      return;
    }
    entry.response = response;
  }

  private onListEvent(entry: Pending, event: AmiEvent, name: string): void {
    const eventList = event.EventList;
    const closes =
      (typeof eventList === 'string' && eventList.toLowerCase() === 'complete') ||
      entry.completeEvents!.has(name.toLowerCase());
    if (!closes) {
      entry.events.push(event);
      return;
    }
    this.settle(entry);
    entry.resolve({
      // Asterisk always answers before the list; a missing response would be a server bug.
      response: entry.response ?? { Response: 'Success', ActionID: entry.actionId },
      events: entry.events,
      complete: event,
    });
  }

  private settle(entry: Pending): void {
    this.forget(entry);
    entry.cleanup();
  }

  private forget(entry: Pending): void {
    if (this.pending.delete(entry.actionId) && entry.completeEvents) this.listsInFlight--;
  }

  /** Writes the data still queued, then closes the socket after the server's answer to Logoff. */
  async logoff(timeoutMs: number): Promise<void> {
    try {
      await this.dispatch({ Action: 'Logoff' }, { timeoutMs });
    } catch {
      // Logging off is a courtesy; the socket is closed either way.
    }
    this.destroy(new AmiConnectionError('connection closed by the client'));
  }

  /** Closes the socket now and rejects every action in flight with `error`. Idempotent. */
  destroy(error: AmiConnectionError): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = error;
    this.outgoing = [];
    this.socket.destroy();
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.listsInFlight = 0;
    for (const entry of entries) {
      entry.cleanup();
      entry.reject(new AmiConnectionError(`${entry.action} was in flight when the connection was lost: ${error.message}`, { cause: error }));
    }
    this.rejectClosed(error);
    this.handlers.onClose(error);
  }
}

function connectionError(error: Error & { code?: string }, options: ResolvedClientOptions): AmiConnectionError {
  const where = `${options.host}:${options.port}`;
  return new AmiConnectionError(`connection to ${where} failed: ${error.code ?? error.message}`, { cause: error });
}
