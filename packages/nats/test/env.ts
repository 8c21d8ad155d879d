import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startBridge, type Bridge, type BridgeConfig, type LogEntry } from '../src/index.js';

/**
 * Tests that need NATS read NATS_URL (a nats-server with JetStream, e.g. `nats-server -js`);
 * without it they are skipped. Those under integration/ also need a real Asterisk (AMI_URL).
 */
export const NATS_URL = process.env.NATS_URL;
export const AMI_URL = process.env.AMI_URL;
export const hasNats = NATS_URL !== undefined && NATS_URL !== '';
export const hasAsterisk = AMI_URL !== undefined && AMI_URL !== '';

/** A subject prefix and stream name of their own, so test files never share a stream. */
export function isolated(): { prefix: string; stream: string } {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  return { prefix: `t${id}`, stream: `T${id}` };
}

const connections: NatsConnection[] = [];
const bridges: Bridge[] = [];
const streams: { url: string; name: string }[] = [];

export async function natsConnect(url = NATS_URL!): Promise<NatsConnection> {
  const nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  connections.push(nc);
  return nc;
}

/** Starts a bridge that is closed, with its stream removed, by `cleanUp()`. Logs go to `logs`. */
export async function bridgeFor(config: BridgeConfig, logs: LogEntry[] = []): Promise<Bridge> {
  const bridge = await startBridge(config, { logger: (entry) => logs.push(entry) });
  bridges.push(bridge);
  const url = Array.isArray(config.nats.servers) ? config.nats.servers[0]! : config.nats.servers;
  if (config.stream?.name && !streams.some((s) => s.name === config.stream?.name))
    streams.push({ url, name: config.stream.name });
  return bridge;
}

export async function cleanUp(): Promise<void> {
  await Promise.allSettled(bridges.splice(0).map((b) => b.close()));
  for (const { url, name } of streams.splice(0)) {
    const nc = await connect({ servers: url }).catch(() => undefined);
    if (!nc) continue;
    await (await jetstreamManager(nc)).streams.delete(name).catch(() => undefined);
    await nc.close();
  }
  await Promise.allSettled(connections.splice(0).map((nc) => nc.close()));
}

/** Resolves once `probe()` satisfies `predicate`, polling; rejects after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
