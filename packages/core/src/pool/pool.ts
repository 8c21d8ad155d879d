import { EventEmitter } from 'node:events';
import { inspect, type InspectOptionsStylized } from 'node:util';
import { reconnectDelay } from '../connection/backoff.js';
import { AmiClient } from '../connection/client.js';
import type { AmiDefaultEventMap, AmiEventMapOf } from '../events/event-map.js';
import { checkTimeout, expiryError, type Expiry } from '../connection/deadline.js';
import { channels } from '../diagnostics/channels.js';
import { resolveOptions, type AmiClientOptions } from '../connection/options.js';
import type { AmiSender, SendListOptions, SendOptions } from '../connection/sender.js';
import { inspectSummary, summarizeTarget, type AmiTargetSummary } from '../connection/summary.js';
import {
  AmiAbortError,
  AmiAuthError,
  AmiConnectionError,
  AmiPoolClosedError,
  AmiPoolExhaustedError,
  AmiPoolMisuseError,
  AmiTimeoutError,
} from '../errors/errors.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';
import { resolvePoolOptions, type AmiPoolOptions, type PoolLimits } from './options.js';
import { PooledConnection } from './pooled-connection.js';
import { WaitQueue } from '../connection/wait-queue.js';

/** Counts of the pool's connections. */
export interface AmiPoolStats {
  /** Open connections (idle + in use + being opened). */
  readonly size: number;
  /** Open connections waiting to be lent. */
  readonly idle: number;
  /** Connections lent out and not yet released. */
  readonly inUse: number;
  /** `acquire` calls waiting for a connection. */
  readonly waiting: number;
}

/** The events an `AmiPool` emits, with their arguments. */
export interface AmiPoolEvents {
  /**
   * A connection left the pool: broken, failed a health check, idle too long, destroyed on
   * release, or closed with the pool. Emitted exactly once per connection.
   */
  remove: [
    info: {
      /** Why it left, in words (e.g. `'connection lost'`, `'failed its health check'`). */
      reason: string;
      /** The error that caused it, when there was one. */
      error?: unknown;
    },
  ];
  /** Opening a connection failed. Waiting callers keep waiting (within their timeout) while the pool retries. */
  error: [error: unknown];
}

/** Options of `acquire` and `use`. */
export interface AcquireOptions {
  /** Stop waiting when it fires (`AmiAbortError`). */
  signal?: AbortSignal;
  /** Overrides the pool's `acquireTimeoutMs` for this call. */
  timeoutMs?: number;
}

/** Delays between attempts to open a connection for waiting callers while opening fails. */
const RETRY_POLICY = { initialDelayMs: 100, maxDelayMs: 2_000, factor: 2 };

/**
 * A pool of logged-in AMI connections for concurrent callers (e.g. an HTTP API): at most
 * `maxConnections` open, callers wait in FIFO order for a free one, broken connections are
 * replaced, idle ones are health-checked and, beyond `minConnections`, closed after
 * `idleTimeoutMs`. The pool is itself an `AmiSender`: `pool.send` and `pool.sendList` run an
 * action on a free connection, so every generated action function takes a pool.
 *
 * ```ts
 * const pool = new AmiPool({ host, username, secret, minConnections: 2, maxConnections: 20 });
 * await pool.connect();
 * const status = await pool.send({ Action: 'CoreStatus' });
 * await pool.close();
 * ```
 */
export class AmiPool<M extends AmiEventMapOf<M> = AmiDefaultEventMap>
  extends EventEmitter<AmiPoolEvents>
  implements AmiSender
{
  // (private field: the options hold the secret, and must not show when the pool is logged)
  readonly #clientOptions: AmiClientOptions;
  private readonly limits: PoolLimits;
  private readonly target: AmiTargetSummary;
  /** Open, logged-in connections, idle or lent. */
  private readonly all = new Set<AmiClient<M>>();
  /** Idle connections, the most recently released last (lent first, so that the others can time out). */
  private readonly idle: AmiClient<M>[] = [];
  private readonly idleTimers = new Map<AmiClient<M>, NodeJS.Timeout>();
  private readonly leases = new Set<AmiClient<M>>();
  /** The connections this pool lent, and when (for the release's diagnostics message). */
  private readonly lentAt = new WeakMap<PooledConnection<M>, number>();
  /** Connections being opened, each abortable. */
  private readonly openings = new Set<AbortController>();
  /** The openings started for whoever needs a connection (not by `connect()`): closed when nobody does. */
  private readonly spareOpenings = new Set<AbortController>();
  private readonly waiters = new WaitQueue<PooledConnection<M>>();
  /** Why the last attempt to open a connection failed; cleared by the next success. */
  private lastOpenError: unknown;
  private openFailures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  /** Connections being logged off or closed. */
  private readonly retiring = new Set<Promise<void>>();
  private closed = false;
  private destroyed = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(options: AmiPoolOptions) {
    super();
    const { limits, client } = resolvePoolOptions(options);
    // Resolving once checks the URL, user and secret now rather than at the first acquire.
    const resolved = resolveOptions(client);
    this.target = summarizeTarget(resolved);
    this.limits = limits;
    this.#clientOptions = client;
  }

  /** Current counts of the pool's connections and waiting callers. */
  get stats(): AmiPoolStats {
    return {
      size: this.all.size + this.openings.size,
      idle: this.idle.length,
      inUse: this.all.size - this.idle.length,
      waiting: this.waiters.length,
    };
  }

  /**
   * Opens `minConnections` connections (in parallel) and starts the health checks. Rejects with
   * the first failure; the connections that did open stay in the pool.
   */
  async connect(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.closed) throw new AmiPoolClosedError('pool is closed');
    const { minConnections, maxConnections } = this.limits;
    // (connections being opened for waiting callers will be theirs, not part of minConnections)
    const byConnect = this.openings.size - this.spareOpenings.size;
    const room = maxConnections - this.all.size - this.openings.size;
    const missing = Math.max(0, Math.min(minConnections - this.all.size - byConnect, room));
    const opened = Array.from({ length: missing }, () => this.open({ signal: options.signal, spare: false }));
    const outcomes = await Promise.allSettled(opened);
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') this.putIdle(outcome.value);
    this.startHealthChecks();
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Lends a connection: an idle one, else a new one (up to `maxConnections`), else the first
   * one released. Waits at most `acquireTimeoutMs` in all, opening included, then rejects with
   * `AmiPoolExhaustedError` (all connections in use), `AmiConnectionError` (cannot connect; the
   * cause says why) or `AmiTimeoutError` (a new connection is still opening). A refused login
   * rejects at once with `AmiAuthError`. Release the connection with `release`, or use `use`.
   */
  async acquire(options: AcquireOptions = {}): Promise<PooledConnection<M>> {
    if (this.closed) throw new AmiPoolClosedError('pool is closed');
    const { signal } = options;
    if (signal?.aborted) throw expiryError('abort', 'acquire', { signal, timeoutMs: 0 });
    const timeoutMs = options.timeoutMs ?? this.limits.acquireTimeoutMs;
    checkTimeout('timeoutMs', timeoutMs);
    const client = this.takeIdle();
    if (client) return this.publishAcquire(performance.now(), this.lend(client));
    const startedAt = performance.now();
    const waiting = this.waiters.wait(
      // (Node runs a 0 ms timer after 1 ms: the same for a zero timeout)
      { signal, timeoutMs: Math.max(1, timeoutMs) },
      (why) => this.noConnection(why, timeoutMs, signal),
      () => this.trimOpenings(),
    );
    this.replenish();
    if (!channels.poolAcquire.hasSubscribers) return waiting;
    return waiting.then(
      (lease) => this.publishAcquire(startedAt, lease),
      (error: unknown) => {
        channels.poolAcquire.publish({
          connection: this.target,
          waitedMs: performance.now() - startedAt,
          error,
        });
        throw error;
      },
    );
  }

  private publishAcquire(startedAt: number, lease: PooledConnection<M>): PooledConnection<M> {
    if (channels.poolAcquire.hasSubscribers) {
      channels.poolAcquire.publish({ connection: this.target, waitedMs: performance.now() - startedAt });
    }
    return lease;
  }

  /**
   * Gives a connection back. With `{ destroy: true }` it is logged off and closed instead (and
   * replaced when the pool falls below `minConnections`). Throws `AmiPoolMisuseError` for a
   * connection released twice or not from this pool.
   */
  release(connection: PooledConnection<M>, options: { destroy?: boolean } = {}): void {
    if (!(connection instanceof PooledConnection) || !this.lentAt.has(connection)) {
      throw new AmiPoolMisuseError('release() got a connection that does not belong to this pool');
    }
    if (connection.released) throw new AmiPoolMisuseError('release() called twice for the same pooled connection');
    connection.released = true;
    const client = connection.client;
    this.leases.delete(client);
    const destroyed = options.destroy === true || this.closed || !client.connected;
    if (channels.poolRelease.hasSubscribers) {
      const lentAt = this.lentAt.get(connection) ?? performance.now();
      channels.poolRelease.publish({ connection: this.target, destroyed, heldMs: performance.now() - lentAt });
    }
    if (destroyed) {
      this.retire(
        client,
        options.destroy ? 'destroyed on release' : this.closed ? 'pool closed' : 'broken connection released',
      );
      this.replenish();
    } else {
      this.putIdle(client);
    }
    if (this.closed && this.leases.size === 0) this.drained?.();
  }

  /**
   * Acquires a connection, runs `fn` with it, and always releases it (destroying it if `fn` hit
   * a connection error).
   */
  async use<T>(fn: (connection: PooledConnection<M>) => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    const connection = await this.acquire(options);
    let broken = false;
    try {
      return await fn(connection);
    } catch (error) {
      broken = error instanceof AmiConnectionError;
      throw error;
    } finally {
      if (!connection.released) this.release(connection, { destroy: broken });
    }
  }

  /**
   * Runs an action on a free connection: acquire, send, release (like `use`). `timeoutMs`, when
   * given, bounds the wait for a connection and the action together; errors are those of
   * `acquire` and of `AmiClient.send`.
   */
  send(action: AmiAction, options: SendOptions = {}): Promise<AmiResponse> {
    return this.run(options, (connection, left) => connection.send(action, left));
  }

  /** Runs an event-list action on a free connection: acquire, send, release (like `use`). */
  sendList<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent>(
    action: AmiAction,
    options: SendListOptions = {},
  ): Promise<AmiListResult<E, C>> {
    return this.run(options, (connection, left) => connection.sendList<E, C>(action, left));
  }

  private run<T, O extends SendOptions>(
    options: O,
    fn: (connection: PooledConnection<M>, options: O) => Promise<T>,
  ): Promise<T> {
    const { signal, timeoutMs } = options;
    if (timeoutMs === undefined || timeoutMs <= 0) return this.use((connection) => fn(connection, options), { signal });
    const started = Date.now();
    return this.use(
      (connection) => fn(connection, { ...options, timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) }),
      { signal, timeoutMs: Math.min(timeoutMs, this.limits.acquireTimeoutMs) },
    );
  }

  /**
   * Closes the pool gracefully: `acquire` is refused and waiting callers reject
   * (`AmiPoolClosedError`), idle connections are logged off at once, and lent ones when they
   * are released. Resolves once every connection is closed. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** The same as `close()`. */
  closeAll(): Promise<void> {
    return this.close();
  }

  /**
   * Closes every connection at once, lent ones included (their actions in flight reject with
   * `AmiConnectionError`), without Logoff. A pending `close()` resolves. Idempotent.
   */
  destroy(): void {
    this.destroyed = true;
    for (const client of [...this.all]) this.retire(client, 'pool destroyed');
    void this.close();
    this.drained?.();
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.healthTimer);
    clearTimeout(this.retryTimer);
    this.waiters.failAll(new AmiPoolClosedError('pool closed while waiting for a connection'));
    for (const opening of this.openings) opening.abort();
    for (const client of [...this.idle]) this.retire(client, 'pool closed');
    if (this.leases.size > 0 && !this.destroyed) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    }
    await Promise.allSettled([...this.retiring]);
  }

  private async open(options: { signal?: AbortSignal | undefined; spare: boolean }): Promise<AmiClient<M>> {
    const { signal } = options;
    const opening = new AbortController();
    const abort = (): void => opening.abort(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    this.openings.add(opening);
    if (options.spare) this.spareOpenings.add(opening);
    const client = new AmiClient<M>(this.#clientOptions);
    try {
      await client.connect({ signal: opening.signal });
    } catch (error) {
      client.destroy();
      throw this.closed
        ? new AmiPoolClosedError('pool closed while a connection was opening', { cause: error })
        : error;
    } finally {
      this.openings.delete(opening);
      this.spareOpenings.delete(opening);
      signal?.removeEventListener('abort', abort);
    }
    if (this.closed) {
      client.destroy();
      throw new AmiPoolClosedError('pool closed while a connection was opening');
    }
    this.openFailures = 0;
    this.lastOpenError = undefined;
    this.all.add(client);
    client.on('disconnected', (error) => this.onBroken(client, error));
    this.startHealthChecks();
    return client;
  }

  /** Opens one connection for whoever needs it first (a waiting caller, or the idle set). */
  private openInBackground(): void {
    this.open({ spare: true }).then(
      (client) => {
        this.putIdle(client);
        this.replenish();
      },
      (error: unknown) => this.onOpenFailed(error),
    );
  }

  private onOpenFailed(error: unknown): void {
    // (aborted on purpose: the pool closed, or nobody needs that connection any more)
    if (this.closed || error instanceof AmiAbortError) return;
    this.lastOpenError = error;
    if (error instanceof AmiAuthError) {
      // A refused login will not succeed on retry: tell every waiting caller now.
      this.waiters.failAll(error);
    } else if (this.waiters.length > 0 && !this.retryTimer) {
      // The server may be back in a moment (a restart, a network blip): waiting callers keep
      // waiting, within their own timeout, while the pool tries again with a growing delay.
      this.openFailures++;
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = undefined;
          this.replenish();
        },
        reconnectDelay(this.openFailures, RETRY_POLICY),
      );
      this.retryTimer.unref();
    }
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /** Opens connections for waiting callers and up to `minConnections`, unless a retry is pending. */
  private replenish(): void {
    if (this.closed || this.retryTimer) return;
    const { minConnections, maxConnections } = this.limits;
    const wanted = Math.max(minConnections - this.all.size, this.waiters.length) - this.openings.size;
    const room = maxConnections - this.all.size - this.openings.size;
    for (let i = 0; i < Math.min(wanted, room); i++) this.openInBackground();
  }

  /** Aborts the newest openings nobody needs any more (their callers timed out or aborted). */
  private trimOpenings(): void {
    const needed = Math.max(this.limits.minConnections - this.all.size, this.waiters.length);
    const byConnect = this.openings.size - this.spareOpenings.size;
    const surplus = [...this.spareOpenings].slice(Math.max(0, needed - byConnect));
    for (const opening of surplus) opening.abort();
  }

  /** The error of a caller whose wait ended before it got a connection. */
  private noConnection(why: Expiry, timeoutMs: number, signal: AbortSignal | undefined): Error {
    if (why === 'abort') return expiryError('abort', 'acquire', { signal, timeoutMs });
    const where = `${this.target.host}:${this.target.port}`;
    const { maxConnections } = this.limits;
    if (this.all.size < maxConnections && this.lastOpenError !== undefined) {
      const reason = this.lastOpenError instanceof Error ? this.lastOpenError.message : inspect(this.lastOpenError);
      return new AmiConnectionError(`no AMI connection within ${timeoutMs} ms: cannot connect to ${where}: ${reason}`, {
        cause: this.lastOpenError,
      });
    }
    if (this.all.size < maxConnections && this.openings.size > 0) {
      return new AmiTimeoutError(
        `no AMI connection within ${timeoutMs} ms: a new connection to ${where} is still opening`,
        timeoutMs,
      );
    }
    return new AmiPoolExhaustedError(
      `no AMI connection became free within ${timeoutMs} ms: all ${maxConnections} connections (maxConnections) ` +
        'are in use. Raise maxConnections or acquireTimeoutMs, and make sure every acquired connection is ' +
        'released (pool.use() and pool.send() do it for you).',
    );
  }

  private takeIdle(): AmiClient<M> | undefined {
    for (;;) {
      const client = this.idle.pop();
      if (!client) return undefined;
      clearTimeout(this.idleTimers.get(client));
      this.idleTimers.delete(client);
      if (client.connected) return client;
      this.retire(client, 'idle connection found broken');
    }
  }

  private lend(client: AmiClient<M>): PooledConnection<M> {
    const lease = new PooledConnection(client);
    this.lentAt.set(lease, performance.now());
    this.leases.add(client);
    return lease;
  }

  private putIdle(client: AmiClient<M>): void {
    if (this.closed) {
      this.retire(client, 'pool closed');
      return;
    }
    if (this.waiters.serve(() => this.lend(client))) return;
    this.idle.push(client);
    const { idleTimeoutMs } = this.limits;
    if (idleTimeoutMs > 0) {
      const timer = setTimeout(() => this.expireIdle(client), idleTimeoutMs);
      timer.unref();
      this.idleTimers.set(client, timer);
    }
  }

  private expireIdle(client: AmiClient<M>): void {
    this.idleTimers.delete(client);
    if (this.idle.includes(client) && this.all.size > this.limits.minConnections) {
      this.retire(client, `idle for ${this.limits.idleTimeoutMs} ms (idleTimeoutMs)`);
    }
  }

  private onBroken(client: AmiClient<M>, error: AmiConnectionError): void {
    if (!this.all.has(client)) return;
    // A lent connection stays lent (its actions have already failed) until released, but no
    // longer counts: a replacement may open for waiting callers.
    this.retire(client, this.leases.has(client) ? 'connection lost while in use' : 'connection lost', error);
    this.replenish();
  }

  /** Takes a connection out of the pool (emitting `remove` once) and logs it off, or destroys it. */
  private retire(client: AmiClient<M>, reason: string, error?: unknown): void {
    const index = this.idle.indexOf(client);
    if (index >= 0) this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(client));
    this.idleTimers.delete(client);
    if (this.destroyed) client.destroy();
    const closing = client.close();
    this.retiring.add(closing);
    void closing.finally(() => this.retiring.delete(closing));
    if (this.all.delete(client)) this.emit('remove', error === undefined ? { reason } : { reason, error });
  }

  private startHealthChecks(): void {
    if (this.healthTimer || this.limits.healthCheckMs <= 0 || this.closed) return;
    this.healthTimer = setInterval(() => this.checkIdle(), this.limits.healthCheckMs);
    this.healthTimer.unref();
  }

  private checkIdle(): void {
    for (const client of [...this.idle]) {
      client
        .send({ Action: 'Ping' }, { timeoutMs: Math.min(5_000, this.limits.healthCheckMs) })
        .catch((error: unknown) => {
          if (this.idle.includes(client)) {
            this.retire(client, 'failed its health check', error);
            this.replenish();
          }
        });
    }
    this.replenish();
  }

  /** What `JSON.stringify` shows: target, limits and counts, never the secret. */
  toJSON(): AmiTargetSummary &
    Pick<PoolLimits, 'minConnections' | 'maxConnections'> &
    AmiPoolStats & {
      /** Whether the pool was closed or destroyed. */
      closed: boolean;
    } {
    const { minConnections, maxConnections } = this.limits;
    return { ...this.target, minConnections, maxConnections, ...this.stats, closed: this.closed };
  }

  /** What `util.inspect` and `console.log` show: the same as `toJSON()`. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, inspectFn: typeof inspect): string {
    return inspectSummary('AmiPool', this.toJSON(), depth, options, inspectFn);
  }
}
