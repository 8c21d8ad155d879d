import { AmiInputError, parseAmiUrl, type AmiClientOptions } from '@tsami/core';
import { checkServerName } from '../subjects.js';

/** One Asterisk server behind the bridge. */
export interface BridgeServerConfig {
  /** `ami://user:secret@host:5038` (or `amis://` for TLS). The secret never leaves the bridge. */
  url: string;
  /** Reads the secret from this environment variable instead of the URL (keeps it out of config files). */
  secretEnv?: string;
  /** Connections of the action pool, at most. Default 4. */
  maxConnections?: number;
  /** Actions in flight at once for this server; more are refused (`AMI_POOL_EXHAUSTED`, never sent). Default 1 000. */
  maxInFlightActions?: number;
  /** Timeout of an action whose request names none. Default 10 000 ms. */
  actionTimeoutMs?: number;
  /** Further options of the event client and the pool (TLS, keepalive, reconnect, ...). */
  client?: Omit<AmiClientOptions, 'url' | 'events' | 'secret'>;
}

/** Configuration of `startBridge` and of `tsami-nats-bridge --config`. */
export interface BridgeConfig {
  /** Where the NATS server is and how the subjects are named. */
  nats: {
    /** `host:port`, `nats://host:port`, or several. */
    servers: string | string[];
    /** First token of every subject. Default `ami`. */
    prefix?: string;
    /** Further connection options of the NATS client (user, pass, token, tls, ...). */
    options?: Record<string, unknown>;
  };
  /** Asterisk servers by name; the name is the subject token (`ami.<name>.…`). */
  asterisk: Record<string, BridgeServerConfig>;
  /** The JetStream stream that keeps the events. */
  stream?: {
    /** Default `AMI`. */
    name?: string;
    /** Events older than this are removed. Default 24 h; 0 keeps them until another limit applies. */
    maxAgeMs?: number;
    /** Stream size limit in bytes; default unlimited (-1). */
    maxBytes?: number;
    /** Message count limit; default unlimited (-1). */
    maxMessages?: number;
    /** `file` (default, survives a NATS restart) or `memory`. */
    storage?: 'file' | 'memory';
    /** Copies in a NATS cluster. Default 1. */
    replicas?: number;
  };
  /** Event publishes awaiting their acknowledgement at most, per server; beyond it events are dropped and a gap is published. Default 10 000. */
  maxPendingPublishes?: number;
  /** A publish not acknowledged by the stream within this counts as lost (reported in a gap). Default 5 000 ms. */
  publishAckTimeoutMs?: number;
  /** How many ActionIDs the bridge remembers to answer duplicates (per server). Default 10 000. */
  dedupMaxEntries?: number;
  /** How long a finished ActionID is remembered. Default 10 min. */
  dedupWindowMs?: number;
}

/** The defaults applied. */
export interface ResolvedServerConfig {
  readonly name: string;
  readonly clientOptions: AmiClientOptions;
  readonly maxConnections: number;
  readonly maxInFlightActions: number;
  readonly actionTimeoutMs: number;
  readonly secrets: readonly string[];
}

const positive = (value: number | undefined, fallback: number, field: string): number => {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new AmiInputError(`${field} must be a positive integer`, field);
  return n;
};

/** Validates a bridge config (e.g. one read from JSON) and applies the defaults. */
export function resolveServers(config: BridgeConfig, env: NodeJS.ProcessEnv = process.env): ResolvedServerConfig[] {
  if (typeof config !== 'object' || config === null)
    throw new AmiInputError('the bridge config must be an object', 'config');
  if (!config.nats || (typeof config.nats.servers !== 'string' && !Array.isArray(config.nats.servers))) {
    throw new AmiInputError('nats.servers is required ("host:port" or a list)', 'nats.servers');
  }
  const entries = Object.entries(config.asterisk ?? {});
  if (entries.length === 0) throw new AmiInputError('asterisk must name at least one server', 'asterisk');
  return entries.map(([name, server]) => {
    checkServerName(name);
    if (typeof server?.url !== 'string')
      throw new AmiInputError(`asterisk.${name}.url is required`, `asterisk.${name}.url`);
    // parseAmiUrl reports a bad URL without its secret.
    const parts = parseAmiUrl(server.url);
    let secret = parts.secret;
    if (server.secretEnv !== undefined) {
      secret = env[server.secretEnv];
      if (secret === undefined) {
        throw new AmiInputError(
          `asterisk.${name}.secretEnv names ${server.secretEnv}, which is not set`,
          `asterisk.${name}.secretEnv`,
        );
      }
    }
    const secrets = [secret, parts.secret].filter((s): s is string => typeof s === 'string' && s.length > 0);
    return {
      name,
      clientOptions: { ...server.client, url: server.url, ...(secret === undefined ? {} : { secret }) },
      maxConnections: positive(server.maxConnections, 4, `asterisk.${name}.maxConnections`),
      maxInFlightActions: positive(server.maxInFlightActions, 1_000, `asterisk.${name}.maxInFlightActions`),
      actionTimeoutMs: positive(server.actionTimeoutMs, 10_000, `asterisk.${name}.actionTimeoutMs`),
      secrets,
    };
  });
}

/** The bridge-wide limits, defaults applied. */
export interface ResolvedLimits {
  readonly maxPendingPublishes: number;
  readonly ackTimeoutMs: number;
  readonly dedupMaxEntries: number;
  readonly dedupWindowMs: number;
}

/** Validates the bridge-wide limits and applies their defaults. */
export function resolveLimits(config: BridgeConfig): ResolvedLimits {
  return {
    maxPendingPublishes: positive(config.maxPendingPublishes, 10_000, 'maxPendingPublishes'),
    ackTimeoutMs: positive(config.publishAckTimeoutMs, 5_000, 'publishAckTimeoutMs'),
    dedupMaxEntries: positive(config.dedupMaxEntries, 10_000, 'dedupMaxEntries'),
    dedupWindowMs: positive(config.dedupWindowMs, 10 * 60_000, 'dedupWindowMs'),
  };
}
