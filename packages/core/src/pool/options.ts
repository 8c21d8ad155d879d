import type { AmiClientOptions } from '../connection/options.js';
import { checkTimeout } from '../connection/deadline.js';
import { AmiInputError } from '../errors/errors.js';

/**
 * Client options a pool has no use for: pooled connections never reconnect or send keepalives
 * (the pool health-checks idle connections and replaces broken ones, and never re-sends an
 * action on another connection), and nobody reads their events through the pool.
 */
type NotForPools =
  | 'reconnect'
  | 'keepaliveMs'
  | 'keepaliveTimeoutMs'
  | 'eventHighWaterMark'
  | 'eventHighWaterMarkBytes'
  | 'eventOverflow';

/** Options of an `AmiPool`: the client options that apply to each pooled connection, plus the pool's own bounds. */
export interface AmiPoolOptions extends Omit<AmiClientOptions, NotForPools> {
  /** Connections opened by `connect()` and kept open afterwards. Default 1. */
  minConnections?: number;
  /** Connections open at most. Default 10. */
  maxConnections?: number;
  /**
   * How long `acquire` (and so `use`, `send`, `sendList`) waits for a connection, opening a new
   * one included. Default 5 000 ms.
   */
  acquireTimeoutMs?: number;
  /** Idle connections are checked with Ping this often; 0 disables it. Default 30 000 ms. */
  healthCheckMs?: number;
  /**
   * A connection idle this long is logged off while the pool holds more than `minConnections`,
   * so the pool shrinks back after a burst; 0 keeps idle connections open. Default 10 000 ms.
   */
  idleTimeoutMs?: number;
}

/** The pool's own settings, defaults applied. */
export interface PoolLimits {
  /** Connections kept open at least ({@link AmiPoolOptions.minConnections}). */
  readonly minConnections: number;
  /** Connections open at most ({@link AmiPoolOptions.maxConnections}). */
  readonly maxConnections: number;
  /** How long `acquire` waits for a connection ({@link AmiPoolOptions.acquireTimeoutMs}). */
  readonly acquireTimeoutMs: number;
  /** Interval of the Ping health check of idle connections; 0 when off ({@link AmiPoolOptions.healthCheckMs}). */
  readonly healthCheckMs: number;
  /** Idle time after which a connection beyond the minimum is closed; 0 when off ({@link AmiPoolOptions.idleTimeoutMs}). */
  readonly idleTimeoutMs: number;
}

/** Splits pool options into the pool's limits and the options of each pooled client. */
export function resolvePoolOptions(options: AmiPoolOptions): { limits: PoolLimits; client: AmiClientOptions } {
  const {
    minConnections = 1,
    maxConnections = 10,
    acquireTimeoutMs = 5_000,
    healthCheckMs = 30_000,
    idleTimeoutMs = 10_000,
    ...client
  } = options;
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new AmiInputError('maxConnections must be an integer of at least 1', 'maxConnections');
  }
  if (!Number.isInteger(minConnections) || minConnections < 0 || minConnections > maxConnections) {
    throw new AmiInputError('minConnections must be an integer between 0 and maxConnections', 'minConnections');
  }
  checkTimeout('acquireTimeoutMs', acquireTimeoutMs);
  checkTimeout('healthCheckMs', healthCheckMs);
  checkTimeout('idleTimeoutMs', idleTimeoutMs);
  return {
    limits: { minConnections, maxConnections, acquireTimeoutMs, healthCheckMs, idleTimeoutMs },
    // (set last: plain JavaScript callers may still pass the options the type leaves out)
    client: { events: 'off', ...client, reconnect: false, keepaliveMs: 0 },
  };
}
