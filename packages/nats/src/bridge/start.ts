import { jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects } from '../subjects.js';
import { resolveLimits, resolveServers, type BridgeConfig } from './config.js';
import type { Logger } from './logger.js';
import { ServerBridge } from './server-bridge.js';

/** A running bridge. */
export interface Bridge {
  /** The bridged servers by name, with their current load. */
  readonly servers: ReadonlyMap<
    string,
    {
      /** The server's current load, read when accessed. */
      readonly load: {
        /** Actions received and not answered yet. */
        actionsInFlight: number;
        /** Event publishes awaiting the stream's acknowledgement. */
        pendingPublishes: number;
      };
    }
  >;
  /** Stops serving actions, closes the AMI connections, publishes `closed` and drains the NATS connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of `startBridge` besides its config. */
export interface StartBridgeOptions {
  /** Receives log lines (never with secrets). Default: none. */
  logger?: Logger;
  /** Environment for `secretEnv`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

const MS_TO_NS = 1_000_000;

/**
 * Starts a bridge: connects to NATS, creates or updates the event stream, then serves each
 * configured Asterisk server. Resolves once every action subscription is on the NATS server,
 * so requests sent after that are served. Asterisk servers that cannot be reached yet are
 * retried in the background.
 *
 * ```ts
 * const bridge = await startBridge({
 *   nats: { servers: '127.0.0.1:4222' },
 *   asterisk: { pbx1: { url: 'ami://bridge:secret@10.0.0.11:5038' } },
 *   stream: { name: 'AMI', maxAgeMs: 86_400_000 },
 * });
 * // ...
 * await bridge.close();
 * ```
 */
export async function startBridge(config: BridgeConfig, options: StartBridgeOptions = {}): Promise<Bridge> {
  const log: Logger = options.logger ?? (() => undefined);
  const servers = resolveServers(config, options.env);
  const limits = resolveLimits(config);
  const layout = subjects(config.nats.prefix);
  const nc = await connect({
    name: 'tsami-nats-bridge',
    maxReconnectAttempts: -1,
    ...config.nats.options,
    servers: config.nats.servers,
  });
  try {
    await ensureStream(nc, config, layout.stream);
  } catch (error) {
    await nc.close();
    throw error;
  }
  const bridges = servers.map((server) => new ServerBridge(nc, server, limits, layout, log));
  for (const bridge of bridges) bridge.start();
  // Subscriptions reach the NATS server only with the next flush: until then requests would find no responder.
  await nc.flush();
  void watchNats(nc, log);
  log({ level: 'info', message: `bridge serving ${bridges.map((b) => b.name).join(', ')}` });

  let closing: Promise<void> | undefined;
  return {
    servers: new Map(bridges.map((b) => [b.name, b])),
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled(bridges.map((b) => b.close()));
        await nc.drain().catch(() => nc.close());
      })()),
  };
}

/** Creates the stream, or updates its limits when it exists. */
async function ensureStream(
  nc: NatsConnection,
  config: BridgeConfig,
  streamSubjects: readonly string[],
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = config.stream ?? {};
  const name = stream.name ?? 'AMI';
  const limits: Partial<StreamConfig> = {
    subjects: [...streamSubjects],
    max_age: (stream.maxAgeMs ?? 24 * 3_600_000) * MS_TO_NS,
    max_bytes: stream.maxBytes ?? -1,
    max_msgs: stream.maxMessages ?? -1,
    num_replicas: stream.replicas ?? 1,
  };
  const exists = await jsm.streams.info(name).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(name, limits);
  else
    await jsm.streams.add({
      name,
      ...limits,
      storage: stream.storage === 'memory' ? StorageType.Memory : StorageType.File,
    });
}

async function watchNats(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect' || status.type === 'reconnect') {
      log({ level: status.type === 'disconnect' ? 'warn' : 'info', message: `NATS ${status.type} (${status.server})` });
    }
  }
}
