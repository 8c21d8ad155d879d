// The @tsami/nats scenario: the recorded event flood through a bridge into a durable consumer
// against the bare client, and Ping round trips over the bus against direct, in the same run.
// Each side runs in its own child process (this file, started with `child <job>`); the flood
// server lives in the parent. Needs NATS_URL, or starts its own nats-server.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeAmiServer } from '@tsami/core/testing';
import { loadFixture, median, messageChunks, now } from './lib/common.mjs';

const SELF = fileURLToPath(import.meta.url);
const CHILD_TIMEOUT_MS = 300_000;
const PINGS = 5_000;
const WINDOW = 100;
const POOL = 20;

// ---- parent --------------------------------------------------------------------------------

/** Runs the scenario `rounds` times; returns the raw rounds and the report lines. */
export async function runNatsScenario({ rounds, replays }) {
  const nats = await natsServer();
  if (!nats)
    return {
      skipped: 'no NATS_URL and no nats-server binary',
      report: ['', '### NATS bridge: skipped (no NATS_URL and no nats-server)'],
    };
  const fixture = loadFixture();
  const raw = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      process.stderr.write(`nats round ${round}/${rounds} ... `);
      const result = {
        round,
        bareFlood: await floodBare(fixture, replays),
        bridgeFlood: await floodBridge(fixture, replays, nats.url, round),
        directPings: await pingsDirect(),
        busPings: await pingsBus(nats.url, round),
      };
      raw.push(result);
      process.stderr.write('done\n');
    }
  } finally {
    await nats.stop();
  }
  return { raw, report: report(raw, fixture, replays) };
}

function report(raw, fixture, replays) {
  const m = (pick) => median(raw.map(pick).filter((v) => Number.isFinite(v)));
  const fmt = (v, d = 0) =>
    Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–';
  const bare = m((r) => r.bareFlood.eventsPerSec);
  const bridged = m((r) => r.bridgeFlood.eventsPerSec);
  const direct = m((r) => r.directPings.actionsPerSec);
  const bus = m((r) => r.busPings.actionsPerSec);
  const lost = raw.filter((r) => !r.bridgeFlood.complete).length;
  const where = process.env.AMI_URL ? 'the real Asterisk' : 'the in-process fake server';
  return [
    '',
    `### NATS bridge: ${fmt(fixture.events * replays)} events (${replays} × the recorded stream) through a bridge into a durable consumer; ${fmt(PINGS)} Pings, ${WINDOW} in flight, against ${where}`,
    '',
    '| path | median | over NATS ÷ direct |',
    '|:--|--:|--:|',
    `| events/s, bare client | ${fmt(bare)} | |`,
    `| events/s, AMI → bridge → JetStream → consumer | ${fmt(bridged)} | ${fmt(bridged / bare, 2)}× |`,
    `| Pings/s, direct client | ${fmt(direct)} | |`,
    `| Pings/s, natsSender → bridge → pool | ${fmt(bus)} | ${fmt(bus / direct, 2)}× |`,
    '',
    lost ? `LOST EVENTS in ${lost}/${raw.length} rounds` : 'every event arrived in every round',
  ];
}

/** NATS_URL, or a nats-server of our own on a free port (stopped afterwards). */
async function natsServer() {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, stop: async () => undefined };
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'tsami-bench-nats-'));
  const child = spawn('nats-server', ['-js', '-sd', store, '-a', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
  });
  const ready = await new Promise((resolve) => {
    let log = '';
    child.on('error', () => resolve(false));
    child.on('exit', () => resolve(false));
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.includes('Server is ready')) resolve(true);
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(store, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    return undefined;
  }
  return { url: `nats://127.0.0.1:${port}`, stop };
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a child running `job`; `ready` resolves on its first message, `result` on its last. */
function child(job) {
  const proc = fork(SELF, ['child', JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let onReady;
  const ready = new Promise((resolve) => (onReady = resolve));
  let last;
  proc.on('message', (message) => {
    if (message.ready) onReady();
    else last = message;
  });
  const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const result = once(proc, 'exit').then(([code]) => {
    clearTimeout(timer);
    onReady();
    if (!last) throw new Error(`${job.kind} child exited (code ${code}) without a result`);
    if (last.error) throw new Error(`${job.kind}: ${last.error}`);
    return last;
  });
  return { proc, ready, result };
}

/** Writes the recorded stream `replays` times to the connection that asked for events, as fast as it reads. */
async function flood(server, fixture, replays) {
  const connection = [...server.connections].find((c) => c.loggedIn && c.events !== 'off');
  if (!connection) throw new Error('no event connection to flood');
  const slices = messageChunks(fixture.bytes, 64 * 1024);
  const startedAt = now();
  const { socket } = connection;
  for (let r = 0; r < replays && !socket.destroyed; r++) {
    for (const slice of slices) {
      if (!socket.write(slice)) await new Promise((resolve) => socket.once('drain', resolve));
      else await new Promise(setImmediate);
    }
  }
  return startedAt;
}

async function waitFor(condition) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function floodBare(fixture, replays) {
  const server = await FakeAmiServer.start();
  try {
    const expected = fixture.events * replays;
    const c = child({ kind: 'bare', url: server.url, expected });
    await c.ready;
    const startedAt = await flood(server, fixture, replays);
    const r = await c.result;
    return {
      events: r.events,
      complete: r.events === expected,
      eventsPerSec: r.events / ((r.lastAt - startedAt) / 1000),
    };
  } finally {
    await server.close();
  }
}

async function floodBridge(fixture, replays, natsUrl, round) {
  const server = await FakeAmiServer.start();
  const prefix = `bench${round}${process.pid}`;
  const stream = `BENCH_${round}_${process.pid}`;
  const expected = fixture.events * replays;
  const config = {
    nats: { servers: natsUrl, prefix },
    asterisk: { flood: { url: server.url } },
    stream: { name: stream, storage: 'file', maxAgeMs: 600_000 },
    // Room for the whole flood: this measures throughput, not the overflow policy.
    maxPendingPublishes: expected + 1_000,
  };
  const bridge = child({ kind: 'bridge', config });
  try {
    await bridge.ready;
    const consumer = child({ kind: 'consume', natsUrl, prefix, stream, expected });
    await consumer.ready;
    await waitFor(() => [...server.connections].some((c) => c.loggedIn && c.events !== 'off'));
    const startedAt = await flood(server, fixture, replays);
    const r = await consumer.result;
    return {
      events: r.events,
      gaps: r.gaps,
      complete: r.events === expected,
      eventsPerSec: r.events / ((r.lastAt - startedAt) / 1000),
    };
  } finally {
    bridge.proc.send({ stop: true, deleteStream: stream });
    await bridge.result.catch(() => undefined);
    await server.close();
  }
}

/** The AMI target of the Ping runs: the real Asterisk when AMI_URL is set, else a fake server. */
async function pingTarget() {
  if (process.env.AMI_URL) return { url: process.env.AMI_URL, close: async () => undefined };
  const server = await FakeAmiServer.start();
  return { url: server.url, close: () => server.close() };
}

async function pingsDirect() {
  const target = await pingTarget();
  try {
    const r = await child({ kind: 'direct-pings', url: target.url }).result;
    return { ...r, actionsPerSec: PINGS / (r.ms / 1000) };
  } finally {
    await target.close();
  }
}

async function pingsBus(natsUrl, round) {
  const target = await pingTarget();
  const prefix = `benchping${round}${process.pid}`;
  const stream = `BENCHPING_${round}_${process.pid}`;
  const config = {
    nats: { servers: natsUrl, prefix },
    // Each action holds a pooled connection while it runs; 20 serve 100 in flight better than
    // 100 (whose logins alone keep Asterisk busy), and the direct client pipelines on one.
    asterisk: { pbx: { url: target.url, maxConnections: POOL } },
    stream: { name: stream, storage: 'memory' },
  };
  const bridge = child({ kind: 'bridge', config });
  try {
    await bridge.ready;
    const r = await child({ kind: 'bus-pings', natsUrl, prefix }).result;
    return { ...r, actionsPerSec: PINGS / (r.ms / 1000) };
  } finally {
    bridge.proc.send({ stop: true, deleteStream: stream });
    await bridge.result.catch(() => undefined);
    await target.close();
  }
}

// ---- children --------------------------------------------------------------------------------

/** Sends `PINGS` Pings through `sender`, `WINDOW` at a time, after a warm-up; resolves with the time taken. */
async function pings(sender) {
  const run = async (total) => {
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < total) {
        next++;
        await sender.send({ Action: 'Ping' }).catch(() => failed++);
      }
    };
    const started = now();
    await Promise.all(Array.from({ length: WINDOW }, worker));
    return { ms: now() - started, failed };
  };
  await run(500);
  return run(PINGS);
}

async function runChild(job) {
  const { AmiClient } = await import('@tsami/core');
  const send = (message) => process.send(message);
  if (job.kind === 'bare') {
    const client = new AmiClient({ url: job.url, reconnect: false });
    let events = 0;
    let lastAt = 0;
    const done = new Promise((resolve) => {
      client.on('event', () => {
        events++;
        lastAt = now();
        if (events === job.expected) resolve();
      });
    });
    await client.connect();
    send({ ready: true });
    await Promise.race([done, idle(() => lastAt)]);
    client.destroy();
    return { events, lastAt };
  }
  const { connect } = await import('@nats-io/transport-node');
  const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
  const { natsEvents, natsSender, startBridge } = await import('@tsami/nats');
  if (job.kind === 'bridge') {
    const bridge = await startBridge(job.config);
    send({ ready: true });
    const [message] = await once(process, 'message');
    await bridge.close();
    const nc = await connect({ servers: job.config.nats.servers });
    await (await jetstreamManager(nc)).streams.delete(message.deleteStream).catch(() => undefined);
    await nc.close();
    return { closed: true };
  }
  if (job.kind === 'consume') {
    const nc = await connect({ servers: job.natsUrl });
    const controller = new AbortController();
    let gaps = 0;
    const events = natsEvents(jetstream(nc), {
      prefix: job.prefix,
      stream: job.stream,
      durable: 'bench',
      prefetch: 1_000,
      signal: controller.signal,
      onGap: () => gaps++,
    });
    await events.ready;
    send({ ready: true });
    let count = 0;
    let lastAt = 0;
    const reading = (async () => {
      for await (const item of events) {
        if (item.event.Event) count++;
        lastAt = now();
        if (count === job.expected) break;
      }
    })();
    await Promise.race([reading, idle(() => lastAt)]);
    controller.abort();
    await nc.close();
    return { events: count, lastAt, gaps };
  }
  if (job.kind === 'direct-pings') {
    const client = new AmiClient({ url: job.url, reconnect: false, events: 'off' });
    await client.connect();
    const r = await pings(client);
    await client.close();
    return r;
  }
  if (job.kind === 'bus-pings') {
    const nc = await connect({ servers: job.natsUrl });
    const r = await pings(natsSender(nc, 'pbx', { prefix: job.prefix }));
    await nc.close();
    return r;
  }
  throw new Error(`unknown job ${job.kind}`);
}

/** Resolves once nothing arrived for 10 s (after the first arrival, or 60 s without one). */
async function idle(lastAt) {
  const started = now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const last = lastAt();
    if (last ? now() - last > 10_000 : now() - started > 60_000) return;
  }
}

if (process.argv[2] === 'child') {
  runChild(JSON.parse(process.argv[3])).then(
    (result) => {
      process.send(result, () => process.exit(0));
    },
    (error) => {
      process.send({ error: String(error?.stack ?? error) }, () => process.exit(1));
    },
  );
} else if (process.argv[1] === SELF) {
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
  const replays = Number(process.argv[process.argv.indexOf('--replays') + 1]) || 10;
  const { report: lines } = await runNatsScenario({ rounds, replays });
  console.log(lines.join('\n'));
}
