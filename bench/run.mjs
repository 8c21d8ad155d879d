// Runs every scenario for tsami, the Node peers and the raw-socket floor, each client in its
// own child process, several rounds, then prints medians and writes the raw numbers as JSON.
//
//   node run.mjs [--rounds 5] [--scenarios flood,pipeline,parser,slow,live] [--clients tsami,floor,...] [--profile]
//                [--core path/to/other/core/dist/index.js]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeAmiServer } from '@tsami/core/testing';
import { loadFixture, median, messageChunks, now } from './lib/common.mjs';
import { runNatsScenario } from './nats.mjs';
import { answerLiveLists, LIVE_SCENARIO_CLIENTS, variedReplays } from './lib/live.mjs';

const ALL_CLIENTS = ['tsami', 'asterisk-manager', 'ami-io', 'asterisk-ami-client', 'floor'];
const PEERS = ['asterisk-manager', 'ami-io', 'asterisk-ami-client'];
const ALL_SCENARIOS = ['flood', 'named', 'pipeline', 'parser', 'slow', 'live', 'nats'];
/** The one event the named-subscriber scenario subscribes to. */
const NAMED_EVENT = 'Hangup';
/** The event the flood server sends after the stream when asked to. */
const END_MARKER = 'FloodEnd';

function parseArgs(argv) {
  const args = {
    rounds: 5,
    scenarios: ALL_SCENARIOS,
    clients: ALL_CLIENTS,
    replays: 30,
    profile: false,
    core: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    // `pnpm bench -- --rounds 3` passes the separator on.
    if (key === '--') continue;
    if (key === '--rounds') args.rounds = Number(value());
    else if (key === '--scenarios') args.scenarios = value().split(',');
    else if (key === '--clients') args.clients = value().split(',');
    else if (key === '--replays') args.replays = Number(value());
    else if (key === '--profile') args.profile = true;
    else if (key === '--core') args.core = resolve(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const fixture = loadFixture();
const CHILD = fileURLToPath(new URL('./lib/child.mjs', import.meta.url));
const CHILD_TIMEOUT_MS = 300_000;

/** Runs one job in a fresh Node process and returns what it reported. */
async function runChild(job) {
  // --profile: a V8 CPU profile per child, to open in Chrome DevTools.
  const execArgv = args.profile
    ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('./results/profiles/', import.meta.url))}`]
    : [];
  const env = args.core ? { ...process.env, BENCH_TSAMI_CORE: args.core } : process.env;
  const child = fork(CHILD, [JSON.stringify(job)], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let message;
  child.on('message', (m) => (message = m));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  if (!message) return { ok: false, error: `child exited (code ${code}, signal ${signal}) without a result` };
  return message;
}

// ---- event flood --------------------------------------------------------------------------

/**
 * A loopback server: banner, whatever login the client sends (FakeAmiServer answers plain
 * and MD5), then on the first Ping of a connection the recorded stream `replays` times, as fast
 * as the socket takes it. Later Pings are answered normally (the slow-consumer scenario).
 */
async function startFloodServer(replays, { endMarker = false, varied = false } = {}) {
  const server = await FakeAmiServer.start();
  answerLiveLists(server);
  // Cut at message ends: answers to actions sent during the flood go out between two slices.
  const copies = varied
    ? variedReplays(fixture.bytes, replays).map((bytes) => messageChunks(bytes, 64 * 1024))
    : undefined;
  const same = messageChunks(fixture.bytes, 64 * 1024);
  const floods = [];
  const started = new WeakSet();
  server.handle('Ping', (action, connection) => {
    connection.respond(action, { Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
    if (started.has(connection)) return undefined;
    started.add(connection);
    floods.push(replay(connection.socket));
    return undefined;
  });
  async function replay(socket) {
    const info = { startedAt: now(), endedAt: 0, bytes: 0 };
    try {
      for (let r = 0; r < replays && !socket.destroyed; r++) {
        for (const slice of copies?.[r] ?? same) {
          info.bytes += slice.length;
          // Backpressure: wait until the client has read what is queued.
          if (!socket.write(slice)) await writable(socket);
          // A reader that keeps up never makes write() return false: yield anyway, so actions
          // sent during the flood (the slow consumer's Pings) are read and answered soon.
          else await new Promise(setImmediate);
          if (socket.destroyed) break;
        }
      }
      // Lets a client that builds only some events tell when the whole stream was read.
      if (endMarker && !socket.destroyed) socket.write(`Event: ${END_MARKER}\r\n\r\n`);
    } catch {
      // The client went away; the child reports what it counted.
    }
    info.endedAt = now();
    return info;
  }
  return { server, floods };
}

/** Resolves when the socket wants more data, or is gone. */
function writable(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/**
 * Starts a flood server, runs one client's flood job against it (`job` adds to or overrides the
 * defaults), and returns the child's reply with the server's timing of the flood.
 */
async function floodJob(client, serverOptions, job = {}) {
  const { server, floods } = await startFloodServer(args.replays, serverOptions);
  try {
    const reply = await runChild({
      scenario: 'flood',
      client,
      server: { host: server.host, port: server.port, username: 'admin', secret: 'admin' },
      expectedEvents: fixture.events * args.replays,
      expectedMessages: fixture.messages * args.replays,
      idleMs: 3000,
      ...job,
    });
    const flood = floods.length > 0 ? await floods[0] : undefined;
    return { reply, flood };
  } finally {
    await server.close();
  }
}

async function runFlood(client, round, options = {}) {
  const { reply, flood } = await floodJob(client, options);
  if (!reply.ok) return { client, round, error: reply.error };
  const r = reply.result;
  const seconds = flood ? (r.lastAt - flood.startedAt) / 1000 : NaN;
  return {
    client,
    round,
    events: r.events,
    expectedEvents: fixture.events * args.replays,
    complete: r.complete,
    seconds,
    eventsPerSec: r.events / seconds,
    eventsPerCpuSec: r.cpuMs ? r.events / (r.cpuMs / 1000) : undefined,
    mbPerSec: flood ? flood.bytes / 1e6 / seconds : NaN,
    maxRssMb: r.maxRss / 1e6,
    rssBeforeMb: r.rssBefore / 1e6,
  };
}

// ---- one subscriber by name -------------------------------------------------------------

/**
 * The flood again, but the user subscribed to one event by name: the other events need not be
 * built. Measured as the whole stream's events per second, to compare with the floor's.
 */
async function runNamed(client, round) {
  if (client !== 'tsami' && client !== 'floor') return undefined;
  const named = (fixture.byName[NAMED_EVENT] ?? 0) * args.replays;
  // Both count the end marker too: the last one counted is the end of the stream.
  const { reply, flood } = await floodJob(
    client,
    { endMarker: true },
    {
      eventNames: client === 'tsami' ? [NAMED_EVENT, END_MARKER] : undefined,
      expectedEvents: client === 'tsami' ? named + 1 : fixture.events * args.replays + 1,
      expectedMessages: fixture.messages * args.replays + 1,
    },
  );
  if (!reply.ok) return { client, round, error: reply.error };
  const r = reply.result;
  const seconds = flood ? (r.lastAt - flood.startedAt) / 1000 : NaN;
  return {
    client,
    round,
    counted: r.events,
    complete: r.complete,
    seconds,
    eventsPerSec: (fixture.events * args.replays) / seconds,
  };
}

// ---- pipelined actions --------------------------------------------------------------------

function amiTarget() {
  const url = process.env.AMI_URL;
  if (!url) return undefined;
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 5038),
    username: decodeURIComponent(parsed.username),
    secret: decodeURIComponent(parsed.password),
  };
}

async function runPipeline(client, round) {
  const real = amiTarget();
  const server = real ? undefined : await FakeAmiServer.start();
  try {
    const target = real ?? { host: server.host, port: server.port, username: 'admin', secret: 'admin' };
    const job = { scenario: 'pipeline', client, server: target, total: 20_000, window: 100, warmup: 2_000 };
    const reply = await runChild(job);
    if (!reply.ok) return { client, round, error: reply.error };
    const r = reply.result;
    return {
      client,
      round,
      ok: r.ok,
      failed: r.failed,
      firstError: r.firstError,
      seconds: r.ms / 1000,
      actionsPerSec: r.actionsPerSec,
    };
  } finally {
    await server?.close();
  }
}

// ---- parser alone -------------------------------------------------------------------------

async function runParser(client, round) {
  if (client === 'asterisk-manager') {
    return { client, round, skipped: 'its reader is a private function bound to its socket; not separable' };
  }
  const job = { scenario: 'parser', client, chunkSize: 64 * 1024, passes: 10, warmupPasses: 3 };
  const reply = await runChild(job);
  if (!reply.ok) return { client, round, error: reply.error };
  const r = reply.result;
  return {
    client,
    round,
    counted: r.counted,
    expected: r.expected,
    complete: r.counted === r.expected,
    mbPerSec: r.mbPerSec,
    eventsPerSec: r.eventsPerSec,
  };
}

// ---- slow consumer ------------------------------------------------------------------------

const SLOW_EVENTS = 1_000_000;

async function runSlow(client, round) {
  if (client !== 'tsami') return undefined;
  const replays = Math.ceil(SLOW_EVENTS / fixture.events);
  const { server } = await startFloodServer(replays);
  try {
    const job = {
      scenario: 'slowConsumer',
      client,
      server: { host: server.host, port: server.port, username: 'admin', secret: 'admin' },
      expectedEvents: fixture.events * replays,
      // The client's default buffer size and overflow policy: what a user gets.
      highWaterMark: undefined,
      pauseEvery: 100,
      pauseMs: 1,
      pingEveryMs: 5,
      pingTimeoutMs: 5_000,
      idleMs: 5_000,
    };
    const reply = await runChild(job);
    if (!reply.ok) return { client, round, error: reply.error };
    const r = reply.result;
    return {
      client,
      round,
      expectedEvents: job.expectedEvents,
      delivered: r.delivered,
      consumed: r.consumed,
      dropped: r.dropped,
      accounted: r.accounted,
      seconds: r.ms / 1000,
      rssGrowthMb: r.rssGrowth / 1e6,
      maxRssMb: r.maxRss / 1e6,
      pings: r.pings,
      pingErrors: r.pingErrors,
      firstPingError: r.firstPingError,
      pingMaxMs: r.pingMaxMs,
      pingP99Ms: r.pingP99Ms,
      pingMedianMs: r.pingMedianMs,
    };
  } finally {
    await server.close();
  }
}

// ---- report -------------------------------------------------------------------------------

const fmt = (value, digits = 0) =>
  value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

function summarize(results, key) {
  const byClient = new Map();
  for (const r of results) {
    if (!r) continue;
    if (!byClient.has(r.client)) byClient.set(r.client, []);
    byClient.get(r.client).push(r);
  }
  const summary = {};
  for (const [client, runs] of byClient) {
    const good = runs.filter((r) => !r.error && !r.skipped);
    summary[client] = {
      runs: runs.length,
      errors: runs.filter((r) => r.error).map((r) => r.error.split('\n')[0]),
      skipped: runs.find((r) => r.skipped)?.skipped,
      incomplete: good.filter((r) => r.complete === false).length,
      median: median(good.map((r) => r[key])),
      min: Math.min(...good.map((r) => r[key])),
      max: Math.max(...good.map((r) => r[key])),
      runsRaw: good,
    };
  }
  return summary;
}

function status(s) {
  if (!s) return 'not run';
  if (s.skipped) return `skipped: ${s.skipped}`;
  if (s.errors.length === s.runs) return `failed: ${s.errors[0]}`;
  const notes = [];
  if (s.incomplete) notes.push(`LOST EVENTS in ${s.incomplete}/${s.runs} rounds`);
  if (s.errors.length) notes.push(`${s.errors.length} rounds failed`);
  return notes.length ? notes.join('; ') : 'ok';
}

const ratio = (a, b) => (a && b ? `${fmt(a / b, 2)}×` : '–');

async function main() {
  const started = new Date();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavgStart: os.loadavg(),
    date: started.toISOString(),
  };
  const clients = args.clients;
  const runners = {
    flood: runFlood,
    named: runNamed,
    pipeline: runPipeline,
    parser: runParser,
    slow: runSlow,
    live: (client, round) => runFlood(client, round, { varied: true }),
  };
  const raw = {};
  for (const scenario of args.scenarios) {
    // Its own clients and report: see nats.mjs.
    if (scenario === 'nats') {
      raw.nats = await runNatsScenario({ rounds: args.rounds, replays: args.replays });
      continue;
    }
    raw[scenario] = [];
    for (let round = 1; round <= args.rounds; round++) {
      // Rounds interleave the clients so a slow spell of the machine hits all of them alike.
      for (const client of scenario === 'live' ? LIVE_SCENARIO_CLIENTS : clients) {
        if (scenario === 'slow' && client !== 'tsami') continue;
        if (scenario === 'named' && client !== 'tsami' && client !== 'floor') continue;
        process.stderr.write(`${scenario} round ${round}/${args.rounds}: ${client} ... `);
        const result = await runners[scenario](client, round);
        raw[scenario].push(result);
        process.stderr.write(result?.error ? `error\n${result.error}\n` : result?.skipped ? 'skipped\n' : 'done\n');
      }
    }
  }
  machine.loadavgEnd = os.loadavg();

  const out = [];
  out.push(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}, ${machine.date.slice(0, 10)}; ` +
      `load ${machine.loadavgStart.map((l) => l.toFixed(2)).join(' ')} at start, ${machine.loadavgEnd.map((l) => l.toFixed(2)).join(' ')} at end. ` +
      `Medians of ${args.rounds} rounds, each client in a fresh process.`,
  );
  const summaries = {};
  const fastestPeer = (s) =>
    PEERS.map((p) => s[p])
      .filter((x) => x && x.median && !x.incomplete)
      .reduce((a, b) => (b.median > (a?.median ?? 0) ? b : a), undefined);

  if (raw.flood) {
    const s = (summaries.flood = summarize(raw.flood, 'eventsPerSec'));
    const mb = summarize(raw.flood, 'mbPerSec');
    const rss = summarize(raw.flood, 'maxRssMb');
    const t = s.tsami?.median;
    out.push(
      '',
      `### Event flood: ${fmt(fixture.events * args.replays)} events (${args.replays} × the recorded Asterisk 22 stream, ${fmt((fixture.bytes.length * args.replays) / 1e6, 1)} MB) over loopback`,
      '',
    );
    out.push(
      table(
        ['client', 'events/s', 'MB/s', 'peak RSS MB', 'tsami ÷ this', 'events counted', 'status'],
        clients
          .filter((c) => s[c])
          .map((c) => [
            c,
            fmt(s[c].median),
            fmt(mb[c]?.median, 1),
            fmt(rss[c]?.median),
            c === 'tsami' ? '' : ratio(t, s[c].median),
            fmt(median(s[c].runsRaw.map((r) => r.events))),
            status(s[c]),
          ]),
      ),
    );
    const fp = fastestPeer(s);
    if (t && fp)
      out.push(
        '',
        `tsami ÷ fastest peer: ${ratio(t, fp.median)} (target ≥ 5×); tsami ÷ floor: ${ratio(t, s.floor?.median)}`,
      );
  }
  if (raw.named) {
    const s = (summaries.named = summarize(raw.named, 'eventsPerSec'));
    const t = s.tsami?.median;
    const hangups = (fixture.byName[NAMED_EVENT] ?? 0) * args.replays;
    out.push(
      '',
      `### One subscriber by name: the same flood, tsami subscribed to \`${NAMED_EVENT}\` only (${fmt(hangups)} of them)`,
      '',
    );
    out.push(
      table(
        ['client', 'stream events/s', 'counted', 'status'],
        ['tsami', 'floor']
          .filter((c) => s[c])
          .map((c) => [c, fmt(s[c].median), fmt(median(s[c].runsRaw.map((r) => r.counted))), status(s[c])]),
      ),
    );
    out.push('', `tsami ÷ floor: ${ratio(t, s.floor?.median)} (target ≥ 0.6×)`);
  }
  if (raw.pipeline) {
    const s = (summaries.pipeline = summarize(raw.pipeline, 'actionsPerSec'));
    const t = s.tsami?.median;
    const where = amiTarget()
      ? `the real Asterisk at ${amiTarget().host}:${amiTarget().port}`
      : 'the in-process fake server';
    out.push('', `### Pipelined actions: 20,000 Pings, 100 in flight, against ${where}`, '');
    out.push(
      table(
        ['client', 'actions/s', 'tsami ÷ this', 'failed', 'status'],
        clients
          .filter((c) => s[c])
          .map((c) => [
            c,
            fmt(s[c].median),
            c === 'tsami' ? '' : ratio(t, s[c].median),
            fmt(median(s[c].runsRaw.map((r) => r.failed))),
            status(s[c]),
          ]),
      ),
    );
    out.push('', `tsami ÷ floor: ${ratio(t, s.floor?.median)} (target ≥ 0.9×)`);
  }
  if (raw.parser) {
    const s = (summaries.parser = summarize(raw.parser, 'mbPerSec'));
    const ev = summarize(raw.parser, 'eventsPerSec');
    const t = s.tsami?.median;
    out.push('', '### Parser alone: the recorded stream in 64 KiB Buffers, in-process', '');
    out.push(
      table(
        ['client', 'MB/s', 'events/s', 'tsami ÷ this', 'status'],
        clients
          .filter((c) => s[c])
          .map((c) => [
            c,
            fmt(s[c].median, 1),
            fmt(ev[c]?.median),
            c === 'tsami' || s[c].skipped ? '' : ratio(t, s[c].median),
            status(s[c]),
          ]),
      ),
    );
  }
  if (raw.slow) {
    const runs = raw.slow.filter((r) => r && !r.error);
    const m = (key) => median(runs.map((r) => r[key]));
    summaries.slow = { runs, errors: raw.slow.filter((r) => r?.error).map((r) => r.error) };
    const expected = runs[0]?.expectedEvents;
    out.push(
      '',
      `### Slow consumer: ${fmt(expected)} events into a tsami \`events()\` iterator (default highWaterMark and overflow policy) that sleeps 1 ms every 100 events, a Ping every 5 ms`,
      '',
    );
    out.push(
      table(
        ['metric', 'median', 'worst round'],
        [
          ['peak RSS growth (MB)', fmt(m('rssGrowthMb'), 1), fmt(Math.max(...runs.map((r) => r.rssGrowthMb)), 1)],
          ['events delivered', fmt(m('delivered')), fmt(Math.min(...runs.map((r) => r.delivered)))],
          ['events read by the consumer', fmt(m('consumed')), fmt(Math.min(...runs.map((r) => r.consumed)))],
          ['events dropped by the iterator', fmt(m('dropped')), fmt(Math.max(...runs.map((r) => r.dropped)))],
          ['read + dropped = delivered', runs.every((r) => r.accounted) ? 'yes' : 'NO', ''],
          ['Pings sent', fmt(m('pings')), ''],
          ['Pings failed or late (timeout 5 s)', fmt(m('pingErrors')), fmt(Math.max(...runs.map((r) => r.pingErrors)))],
          ['Ping latency median (ms)', fmt(m('pingMedianMs'), 1), fmt(Math.max(...runs.map((r) => r.pingMedianMs)), 1)],
          ['Ping latency p99 (ms)', fmt(m('pingP99Ms'), 1), fmt(Math.max(...runs.map((r) => r.pingP99Ms)), 1)],
          ['Ping latency max (ms)', fmt(m('pingMaxMs'), 1), fmt(Math.max(...runs.map((r) => r.pingMaxMs)), 1)],
        ],
      ),
    );
  }
  if (raw.live) {
    const s = (summaries.live = summarize(raw.live, 'eventsPerSec'));
    const cpu = summarize(raw.live, 'eventsPerCpuSec');
    const bare = s.tsami?.median;
    const live = s['tsami-live']?.median;
    out.push(
      '',
      `### Live model: ${fmt(fixture.events * args.replays)} events (the recorded stream ${args.replays} times, each copy with new channel ids) into a LiveState, against the bare client`,
      '',
    );
    out.push(
      table(
        ['client', 'events/s', 'events per CPU second', 'peak RSS MB', 'events counted', 'status'],
        LIVE_SCENARIO_CLIENTS.filter((c) => s[c]).map((c) => [
          c,
          fmt(s[c].median),
          fmt(cpu[c]?.median),
          fmt(median(s[c].runsRaw.map((r) => r.maxRssMb))),
          fmt(median(s[c].runsRaw.map((r) => r.events))),
          status(s[c]),
        ]),
      ),
    );
    out.push(
      '',
      `LiveState ÷ bare client: ${ratio(live, bare)} of the bare client's event rate, ${ratio(cpu['tsami-live']?.median, cpu.tsami?.median)} per CPU second`,
    );
  }
  if (raw.nats) out.push(...raw.nats.report);
  const report = out.join('\n');
  console.log(report);

  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${started.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    `${JSON.stringify({ machine, args, fixture: { bytes: fixture.bytes.length, events: fixture.events, messages: fixture.messages }, raw, report }, null, 2)}\n`,
  );
  console.log(`\nRaw numbers: results/${file.slice(dir.length)}`);
}

await main();
