import { EventEmitter } from 'node:events';
import { AmiClient } from '../connection/client.js';
import { armDeadline } from '../connection/deadline.js';
import type { AmiClientOptions } from '../connection/options.js';
import type { AmiSender, SendListOptions, SendOptions } from '../connection/sender.js';
import {
  AmiAbortError,
  AmiConnectionError,
  AmiPoolClosedError,
  AmiPoolExhaustedError,
  AmiPoolMisuseError,
} from '../errors/errors.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';

export interface AmiPoolOptions extends Omit<AmiClientOptions, 'reconnect'> {
  /** Connections opened by `connect()` and kept open afterwards. Default 1. */
  minConnections?: number;
  /** Connections open at most. Default 10. */
  maxConnections?: number;
  /** How long `acquire` waits for a free connection. Default 5 000 ms. */
  acquireTimeoutMs?: number;
  /** Idle connections are checked with Ping this often; 0 disables it. Default 30 000 ms. */
  healthCheckMs?: number;
}

/** Counts of the pool's connections. */
export interface AmiPoolStats {
  /** Open connections (idle + in use + being opened). */
  readonly size: number;
  readonly idle: number;
  readonly inUse: number;
  /** `acquire` calls waiting for a connection. */
  readonly waiting: number;
}

export interface AmiPoolEvents {
  /** A connection was dropped from the pool (broken, failed a health check, or destroyed on release). */
  remove: [info: { reason: string; error?: unknown }];
  /** Opening a connection to keep `minConnections` failed; the pool retries on the next health check. */
  error: [error: unknown];
}

interface Waiter {
  resolve(lease: PooledConnection): void;
  reject(error: unknown): void;
}

/**
 * A connection lent by an `AmiPool`. It is an `AmiSender`, so the action packages take it as
 * they take a client. After `release` it refuses further actions.
 */
export class PooledConnection implements AmiSender {
  /** @internal */
  released = false;

  /** @internal */
  constructor(
    /** The underlying client (owned by the pool: do not close it yourself, release it with `destroy`). */
    readonly client: AmiClient,
  ) {}

  send(action: AmiAction, options?: SendOptions): Promise<AmiResponse> {
    if (this.released) return Promise.reject(this.afterRelease(action));
    return this.client.send(action, options);
  }

  sendList<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent>(
    action: AmiAction,
    options?: SendListOptions,
  ): Promise<AmiListResult<E, C>> {
    if (this.released) return Promise.reject(this.afterRelease(action));
    return this.client.sendList<E, C>(action, options);
  }

  private afterRelease(action: AmiAction): AmiPoolMisuseError {
    return new AmiPoolMisuseError(`${action.Action}: this pooled connection was already released to the pool`);
  }
}

/**
 * A pool of logged-in AMI connections for concurrent callers (e.g. an HTTP API): at most
 * `maxConnections` open, callers wait in FIFO order for a free one, broken connections are
 * replaced, idle ones are health-checked.
 *
 * ```ts
 * const pool = new AmiPool({ host, username, secret, minConnections: 2, maxConnections: 20 });
 * await pool.connect();
 * const status = await pool.use((conn) => conn.send({ Action: 'CoreStatus' }));
 * await pool.closeAll();
 * ```
 */
export class AmiPool extends EventEmitter<AmiPoolEvents> {
  private readonly clientOptions: AmiClientOptions;
  private readonly minConnections: number;
  private readonly maxConnections: number;
  private readonly acquireTimeoutMs: number;
  private readonly healthCheckMs: number;
  private readonly idle: AmiClient[] = [];
  private readonly leases = new Map<AmiClient, PooledConnection>();
  private readonly all = new Set<AmiClient>();
  private opening = 0;
  private readonly waiters: Waiter[] = [];
  private healthTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: AmiPoolOptions) {
    super();
    const { minConnections = 1, maxConnections = 10, acquireTimeoutMs = 5_000, healthCheckMs = 30_000, ...client } = options;
    if (!(maxConnections >= 1)) throw new RangeError('maxConnections must be at least 1');
    if (!(minConnections >= 0 && minConnections <= maxConnections)) {
      throw new RangeError('minConnections must be between 0 and maxConnections');
    }
    this.minConnections = minConnections;
    this.maxConnections = maxConnections;
    this.acquireTimeoutMs = acquireTimeoutMs;
    this.healthCheckMs = healthCheckMs;
    // Pooled connections never reconnect on their own: the pool replaces them instead, and an
    // action is never re-sent on another connection.
    this.clientOptions = { events: 'off', ...client, reconnect: false, keepaliveMs: 0 };
  }

  get stats(): AmiPoolStats {
    return {
      size: this.all.size + this.opening,
      idle: this.idle.length,
      inUse: this.leases.size,
      waiting: this.waiters.length,
    };
  }

  /** Opens `minConnections` connections (in parallel) and starts the health checks. */
  async connect(): Promise<void> {
    if (this.closed) throw new AmiPoolClosedError('pool is closed');
    const missing = Math.max(0, this.minConnections - this.all.size - this.opening);
    const opened = await Promise.all(Array.from({ length: missing }, () => this.open()));
    for (const client of opened) this.putIdle(client);
    this.startHealthChecks();
  }

  /**
   * Lends a connection: an idle one, else a new one (up to `maxConnections`), else the first
   * one released, waiting at most `acquireTimeoutMs` (`AmiPoolExhaustedError`).
   */
  async acquire(options: { signal?: AbortSignal } = {}): Promise<PooledConnection> {
    if (this.closed) throw new AmiPoolClosedError('pool is closed');
    const { signal } = options;
    if (signal?.aborted) throw new AmiAbortError('acquire aborted', { cause: signal.reason });
    for (;;) {
      const client = this.idle.shift();
      if (!client) break;
      if (client.connected) return this.lend(client);
      this.discard(client, 'idle connection found broken');
    }
    if (this.all.size + this.opening < this.maxConnections) {
      return this.lend(await this.open());
    }
    return this.wait(signal);
  }

  private wait(signal: AbortSignal | undefined): Promise<PooledConnection> {
    return new Promise<PooledConnection>((resolve, reject) => {
      const leave = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      // (Node runs a 0 ms timer after 1 ms: the same for a zero acquireTimeoutMs)
      const disarm = armDeadline({ signal, timeoutMs: Math.max(1, this.acquireTimeoutMs) }, (why) => {
        leave();
        reject(
          why === 'abort'
            ? new AmiAbortError('acquire aborted', { cause: signal?.reason })
            : new AmiPoolExhaustedError(
                `no AMI connection became free within ${this.acquireTimeoutMs} ms: all ${this.maxConnections} ` +
                  'connections (maxConnections) are in use. Raise maxConnections or acquireTimeoutMs, and make sure ' +
                  'every acquired connection is released (pool.use() does it for you).',
              ),
        );
      });
      const remove = (): void => {
        disarm();
        leave();
      };
      const waiter: Waiter = {
        resolve: (lease) => {
          remove();
          resolve(lease);
        },
        reject: (error) => {
          remove();
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Gives a connection back. With `{ destroy: true }` it is logged off and closed instead (and
   * replaced when the pool falls below `minConnections`). Throws `AmiPoolMisuseError` for a
   * connection released twice or not from this pool.
   */
  release(connection: PooledConnection, options: { destroy?: boolean } = {}): void {
    if (this.closed && connection instanceof PooledConnection) {
      // closeAll() already closed it; releasing afterwards is harmless.
      connection.released = true;
      return;
    }
    const client = connection.client;
    if (!this.all.has(client) && !connection.released) {
      throw new AmiPoolMisuseError('release() got a connection that does not belong to this pool');
    }
    if (connection.released || this.leases.get(client) !== connection) {
      throw new AmiPoolMisuseError('release() called twice for the same pooled connection');
    }
    connection.released = true;
    this.leases.delete(client);
    if (options.destroy || !client.connected || this.closed) {
      this.discard(client, options.destroy ? 'destroyed on release' : 'broken connection released');
      return;
    }
    this.putIdle(client);
  }

  /** Acquires a connection, runs `fn` with it, and always releases it (destroying it if `fn` hit a connection error). */
  async use<T>(fn: (connection: PooledConnection) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
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

  /** Rejects waiting `acquire` calls, logs off and closes every connection. Idempotent. */
  closeAll(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    for (const waiter of [...this.waiters]) waiter.reject(new AmiPoolClosedError('pool closed while waiting for a connection'));
    const clients = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    for (const lease of this.leases.values()) lease.released = true;
    this.leases.clear();
    this.closing = Promise.allSettled(clients.map((client) => client.close())).then(() => undefined);
    return this.closing;
  }

  private async open(): Promise<AmiClient> {
    this.opening++;
    const client = new AmiClient(this.clientOptions);
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw error;
    } finally {
      this.opening--;
    }
    if (this.closed) {
      client.destroy();
      throw new AmiPoolClosedError('pool closed while a connection was opening');
    }
    this.all.add(client);
    client.on('disconnected', (error) => this.onBroken(client, error));
    return client;
  }

  private lend(client: AmiClient): PooledConnection {
    const lease = new PooledConnection(client);
    this.leases.set(client, lease);
    return lease;
  }

  private putIdle(client: AmiClient): void {
    const waiter = this.waiters[0];
    if (waiter) {
      waiter.resolve(this.lend(client));
      return;
    }
    this.idle.push(client);
  }

  private onBroken(client: AmiClient, error: unknown): void {
    if (!this.all.has(client)) return;
    // A lent connection stays lent (its actions have already failed); release() then discards it.
    if (!this.leases.has(client)) this.discard(client, 'connection lost', error);
    else this.emit('remove', { reason: 'connection lost while in use', error });
  }

  private discard(client: AmiClient, reason: string, error?: unknown): void {
    if (this.all.delete(client)) this.emit('remove', { reason, error });
    const index = this.idle.indexOf(client);
    if (index >= 0) this.idle.splice(index, 1);
    void client.close();
    this.replenish();
  }

  /** Opens connections for waiting callers and up to `minConnections`. */
  private replenish(): void {
    if (this.closed) return;
    const wanted = Math.max(this.minConnections - this.all.size - this.opening, this.waiters.length - this.opening);
    const room = this.maxConnections - this.all.size - this.opening;
    for (let i = 0; i < Math.min(wanted, room); i++) {
      this.open().then(
        (client) => this.putIdle(client),
        (error: unknown) => {
          if (this.closed) return;
          // A waiting caller learns why no connection comes; otherwise report it.
          const waiter = this.waiters[0];
          if (waiter) waiter.reject(error);
          else if (this.listenerCount('error') > 0) this.emit('error', error);
        },
      );
    }
  }

  private startHealthChecks(): void {
    if (this.healthTimer || this.healthCheckMs <= 0) return;
    this.healthTimer = setInterval(() => this.checkIdle(), this.healthCheckMs);
    this.healthTimer.unref();
  }

  private checkIdle(): void {
    for (const client of [...this.idle]) {
      client.send({ Action: 'Ping' }, { timeoutMs: Math.min(5_000, this.healthCheckMs) }).catch((error: unknown) => {
        if (this.idle.includes(client)) this.discard(client, 'failed its health check', error);
      });
    }
    this.replenish();
  }
}
