import { createHash } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import {
  AmiActionError,
  AmiAuthError,
  AmiClosedError,
  AmiConnectionError,
  AmiInputError,
  AmiLimitError,
  AmiProtocolError,
} from '../errors/errors.js';
import { newActionId } from '../protocol/action-id.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiMessage, AmiResponse } from '../protocol/message.js';
import type { ConnectionInfo } from '../diagnostics/channels.js';
import { publishAction, publishConnect } from '../diagnostics/publish.js';
import { AmiParser } from '../protocol/parser.js';
import { serializeAction } from '../protocol/serializer.js';
import { actionErrorMessage } from './action-error.js';
import { armDeadline, expiryError } from './deadline.js';
import { eventMaskHeader, type ResolvedClientOptions } from './options.js';
import { summarizeTarget } from './summary.js';
import { WriteQueue, type QueuedWrite } from './write-queue.js';

/** List ActionIDs remembered after their caller gave up, so that late items are dropped. */
const MAX_ABANDONED_LISTS = 1024;

/** What one action waits for. */
interface Pending {
  readonly actionId: string;
  readonly action: string;
  /** Lower-cased names of the events that close the list; undefined for single-response actions. */
  readonly completeEvents: ReadonlySet<string> | undefined;
  readonly write: QueuedWrite;
  response: AmiResponse | undefined;
  events: AmiEvent[];
  /** Characters of the list items received so far. */
  eventBytes: number;
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
  /** An event that is not a list item; `bytes` is its size on the wire. */
  onEvent(event: AmiEvent, bytes: number): void;
  /** False for events nobody consumes: the parser skips them without building them. */
  wantsEvent?: (name: string) => boolean;
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
  private readonly writes: WriteQueue;
  /**
   * Lists whose caller stopped waiting (timeout, abort, over a limit), with the names of
   * their closing events: their remaining items are dropped until the list ends. Bounded;
   * the oldest are forgotten first.
   */
  private readonly abandonedLists = new Map<string, ReadonlySet<string>>();
  /** Bytes received so far: any of them shows the peer is alive. */
  bytesReceived = 0;
  /** Where this session connects, as diagnostics channel messages show it. */
  readonly connection: ConnectionInfo;
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
    this.writes = new WriteQueue(socket, {
      maxActions: options.maxUnwrittenActions,
      maxBytes: options.maxUnwrittenBytes,
    });
    this.connection = summarizeTarget(options);
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
    if (signal?.aborted) throw expiryError('abort', 'connect', { signal, timeoutMs: options.connectTimeoutMs });
    const socket = options.tls
      ? tls.connect({
          servername: net.isIP(options.host) ? undefined : options.host,
          ...options.tls,
          host: options.host,
          port: options.port,
        })
      : net.connect({ host: options.host, port: options.port });
    const session = new AmiSession(socket, options, handlers);
    const startedAt = performance.now();
    const deadline = Date.now() + options.connectTimeoutMs;
    let disarm = (): void => undefined;
    const failed = new Promise<never>((_, reject) => {
      const { connectTimeoutMs } = options;
      // (Node runs a 0 ms timer after 1 ms: the same for a zero connectTimeoutMs)
      disarm = armDeadline({ signal, timeoutMs: Math.max(1, connectTimeoutMs) }, (why) => {
        const where = `${options.host}:${options.port}`;
        reject(
          expiryError(why, 'connect', {
            signal,
            timeoutMs: connectTimeoutMs,
            timeoutMessage: `no AMI login on ${where} within ${connectTimeoutMs} ms`,
          }),
        );
      });
      session.closed.catch(reject);
    });
    // Once connected, a later close must not surface as an unhandled rejection of this race.
    failed.catch(() => undefined);
    try {
      await Promise.race([session.waitForBanner(), failed]);
      await Promise.race([session.login(Math.max(1, deadline - Date.now())), failed]);
      publishConnect(session.connection, startedAt, session.amiVersion);
      return session;
    } catch (error) {
      publishConnect(session.connection, startedAt, session.amiVersion, error);
      session.destroy(new AmiConnectionError('connect failed', { cause: error }));
      throw error;
    } finally {
      disarm();
    }
  }

  /** The AMI protocol version from the banner (`11.0.0`), or undefined. */
  get amiVersion(): string | undefined {
    // (read without a regular expression: a hostile banner cannot make it slow)
    const banner = this.banner;
    if (banner === undefined) return undefined;
    const version = banner.slice(banner.lastIndexOf('/') + 1).trim();
    return version.length > 0 && banner.includes('/') && !/\s/.test(version) ? version : undefined;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Actions sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Actions waiting for the socket to take them. */
  get unwrittenActions(): number {
    return this.writes.actions;
  }

  /**
   * True when an action sent before `actionId` still waits for its answer: Asterisk answers
   * the actions of one session in order, so `actionId`'s answer cannot have come yet.
   */
  isQueuedBehind(actionId: string): boolean {
    for (const id of this.pending.keys()) return id !== actionId;
    return false;
  }

  private waitForBanner(): Promise<string> {
    if (this.banner !== undefined) return Promise.resolve(this.banner);
    return new Promise((resolve) => {
      this.bannerWaiter = resolve;
    });
  }

  private async login(timeoutMs: number): Promise<void> {
    const { username, authType, events } = this.options;
    const secret = this.options.secret.reveal();
    const eventsHeader = eventMaskHeader(events);
    try {
      if (authType === 'md5') {
        const challenge = await this.dispatch({ Action: 'Challenge', AuthType: 'MD5' }, { timeoutMs });
        const nonce = challenge.Challenge;
        if (typeof nonce !== 'string') throw new AmiProtocolError('Challenge response carries no Challenge header');
        const key = createHash('md5')
          .update(nonce + secret)
          .digest('hex');
        await this.dispatch(
          { Action: 'Login', Username: username, AuthType: 'MD5', Key: key, Events: eventsHeader },
          { timeoutMs },
        );
      } else {
        await this.dispatch(
          { Action: 'Login', Username: username, Secret: secret, Events: eventsHeader },
          { timeoutMs },
        );
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
    if (signal?.aborted) return Promise.reject(expiryError('abort', action.Action, options));
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

    const write = this.writes.push(bytes, action.Action);
    if (write instanceof AmiLimitError) return Promise.reject(write);
    this.options.trace?.('out', bytes);

    const answer = new Promise<AmiResponse | AmiListResult>((resolve, reject) => {
      const cleanup = armDeadline(options, (why) => {
        this.forget(entry);
        // Not yet handed to the socket: taken back, Asterisk never sees it.
        const sent = !this.writes.cancel(write);
        if (sent && entry.completeEvents) this.abandonList(entry);
        reject(expiryError(why, action.Action, { ...options, sent }));
      });
      const entry: Pending = {
        actionId,
        action: action.Action,
        completeEvents: options.completeEvents
          ? new Set(options.completeEvents.map((name) => name.toLowerCase()))
          : undefined,
        write,
        response: undefined,
        events: [],
        eventBytes: 0,
        resolve,
        reject,
        cleanup,
      };
      this.pending.set(actionId, entry);
      if (entry.completeEvents) this.listsInFlight++;
    });
    return publishAction(this.connection, action, actionId, this.options.traceFields, answer);
  }

  /** Remembers a list nobody waits for any more, so its late items are dropped. */
  private abandonList(entry: Pending): void {
    if (this.abandonedLists.size >= MAX_ABANDONED_LISTS) {
      for (const oldest of this.abandonedLists.keys()) {
        this.abandonedLists.delete(oldest);
        break;
      }
    }
    this.abandonedLists.set(entry.actionId, entry.completeEvents!);
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    this.bytesReceived += chunk.length;
    this.options.trace?.('in', chunk.toString('utf8'));
    try {
      this.parser.parse(chunk, (message, bytes) => this.route(message, bytes));
    } catch (error) {
      if (error instanceof AmiProtocolError) {
        this.handlers.onProtocolError(error);
        this.destroy(new AmiConnectionError(`protocol error: ${error.message}`, { cause: error }));
      } else {
        this.destroy(new AmiConnectionError('failed while handling a message', { cause: error }));
      }
    }
  }

  private route(message: AmiMessage, bytes: number): void {
    const actionId = message.ActionID;
    const event = message.Event;
    if (typeof event === 'string') {
      if (typeof actionId === 'string') {
        const entry = this.pending.get(actionId);
        if (entry?.completeEvents) {
          this.onListEvent(entry, message as AmiEvent, event, bytes);
          return;
        }
        if (entry === undefined && this.abandonedLists.size > 0) {
          const completeEvents = this.abandonedLists.get(actionId);
          if (completeEvents) {
            // An item (or the end) of a list whose caller stopped waiting.
            if (closesList(message as AmiEvent, event, completeEvents)) this.abandonedLists.delete(actionId);
            return;
          }
        }
      }
      this.handlers.onEvent(message as AmiEvent, bytes);
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
      entry.reject(new AmiActionError(actionErrorMessage(entry.action, response), entry.action, response));
      return;
    }
    if (!entry.completeEvents) {
      this.settle(entry);
      entry.resolve(response);
      return;
    }
    entry.response = response;
  }

  private onListEvent(entry: Pending, event: AmiEvent, name: string, bytes: number): void {
    if (!closesList(event, name, entry.completeEvents!)) {
      entry.eventBytes += bytes;
      const { maxListItems, maxListBytes } = this.options;
      if (entry.events.length >= maxListItems || entry.eventBytes > maxListBytes) {
        const limit = entry.events.length >= maxListItems ? 'maxListItems' : 'maxListBytes';
        const bound = limit === 'maxListItems' ? `${maxListItems} items` : `${maxListBytes} bytes`;
        this.settle(entry);
        this.abandonList(entry);
        entry.reject(
          new AmiLimitError(
            `${entry.action} answered with a list over ${bound} (${limit}); the rest of it is dropped`,
            limit,
            {
              sent: true,
            },
          ),
        );
        return;
      }
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
  async logoff(timeoutMs: number, reason: AmiConnectionError): Promise<void> {
    try {
      await this.dispatch({ Action: 'Logoff' }, { timeoutMs });
    } catch {
      // Logging off is a courtesy; the socket is closed either way.
    }
    this.destroy(reason);
  }

  /** Closes the socket now and rejects every action in flight with `error`. Idempotent. */
  destroy(error: AmiConnectionError): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = error;
    this.socket.destroy();
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.listsInFlight = 0;
    for (const entry of entries) {
      entry.cleanup();
      const sent = !this.writes.cancel(entry.write);
      entry.reject(
        error.code === 'AMI_CLOSED'
          ? new AmiClosedError(`${entry.action} ${sent ? 'was in flight' : 'was never sent'}: ${error.message}`, {
              cause: error,
              sent,
            })
          : new AmiConnectionError(
              `${entry.action} ${sent ? 'was in flight when the connection was lost' : 'was never sent, the connection was lost'}: ${error.message}`,
              { cause: error, sent },
            ),
      );
    }
    this.writes.close();
    this.rejectClosed(error);
    this.handlers.onClose(error);
  }
}

function closesList(event: AmiEvent, name: string, completeEvents: ReadonlySet<string>): boolean {
  const eventList = event.EventList;
  return (
    (typeof eventList === 'string' && eventList.toLowerCase() === 'complete') || completeEvents.has(name.toLowerCase())
  );
}

function connectionError(error: Error & { code?: string }, options: ResolvedClientOptions): AmiConnectionError {
  const where = `${options.host}:${options.port}`;
  return new AmiConnectionError(`connection to ${where} failed: ${error.code ?? error.message}`, { cause: error });
}
