// Runs one scenario for one client in a fresh process and reports through IPC.
// argv[2] is the JSON job the parent built.
import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENTS, importCore } from './clients.mjs';
import { chunks, loadFixture, now, TerminatorCounter } from './common.mjs';
import { LIVE_CLIENTS } from './live.mjs';

const job = JSON.parse(process.argv[2]);

function maxRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Counts events until `expected` arrive, or until none arrived for `idleMs` (the client lost
 * some). The time of the last event is sampled every few ms, which is only used when the
 * count falls short.
 */
function countUntilDone(expected, idleMs) {
  let count = 0;
  let lastAt = 0;
  let finish;
  const done = new Promise((resolve) => {
    finish = resolve;
  });
  const onEvent = () => {
    if (++count === expected) finish({ count, lastAt: now(), complete: true });
  };
  let seen = -1;
  let seenAt = now();
  const timer = setInterval(() => {
    if (count !== seen) {
      seen = count;
      seenAt = now();
      lastAt = seenAt;
      return;
    }
    if (now() - seenAt > idleMs) finish({ count, lastAt, complete: count >= expected });
  }, 10);
  return {
    onEvent,
    done: done.finally(() => clearInterval(timer)),
    get count() {
      return count;
    },
  };
}

async function flood() {
  const adapter = CLIENTS[job.client] ?? LIVE_CLIENTS[job.client];
  const handle = await adapter.connect({ ...job.server, events: true });
  const rssBefore = process.memoryUsage().rss;
  const counter = countUntilDone(job.expectedEvents, job.idleMs);
  if (job.client === 'floor') {
    // The floor counts every message; the flood is `expectedMessages` of them after the Pong.
    const target = job.expectedMessages + 1;
    let seen = 0;
    let resolveDone;
    const done = new Promise((resolve) => (resolveDone = resolve));
    let lastAt = now();
    let idle = setInterval(() => {
      if (now() - lastAt > job.idleMs) resolveDone({ count: seen, lastAt, complete: false });
    }, 50);
    handle.onMessages((n) => {
      seen += n;
      lastAt = now();
      if (seen >= target) resolveDone({ count: seen, lastAt, complete: seen === target });
    });
    handle.writePings(0, 1);
    const result = await done;
    clearInterval(idle);
    idle = undefined;
    handle.close();
    // Report events (not messages), so the rate compares with the clients'.
    const events = result.complete ? job.expectedEvents : Math.round((result.count / target) * job.expectedEvents);
    return {
      events,
      messages: result.count - 1,
      lastAt: result.lastAt,
      complete: result.complete,
      rssBefore,
      maxRss: maxRssBytes(),
    };
  }
  if (job.eventNames) for (const name of job.eventNames) handle.onNamedEvent(name, counter.onEvent);
  else handle.onEvent(counter.onEvent);
  // CPU time of this process: on a busy machine a steadier measure than wall-clock time.
  const cpuBefore = process.cpuUsage();
  // The server starts the flood when it answers this Ping.
  handle.ping(0).catch(() => undefined);
  const result = await counter.done;
  const cpu = process.cpuUsage(cpuBefore);
  const maxRss = maxRssBytes();
  handle.close();
  return {
    events: result.count,
    lastAt: result.lastAt,
    complete: result.complete,
    rssBefore,
    maxRss,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function pipeline() {
  const adapter = CLIENTS[job.client];
  const handle = await adapter.connect({ ...job.server, events: false });
  const run = async (total, window, first) => {
    if (job.client === 'floor') {
      let answered = 0;
      let sent = 0;
      const started = now();
      await new Promise((resolve) => {
        handle.onMessages((n) => {
          answered += n;
          // Refill the window with one write per read, as many as were answered.
          const more = Math.min(n, total - sent);
          if (more > 0) {
            handle.writePings(first + sent, more);
            sent += more;
          }
          if (answered >= total) resolve();
        });
        const initial = Math.min(window, total);
        handle.writePings(first, initial);
        sent = initial;
      });
      return { ok: answered, failed: 0, ms: now() - started };
    }
    let sent = 0;
    let ok = 0;
    let failed = 0;
    let firstError;
    const started = now();
    await new Promise((resolve) => {
      const launch = () => {
        while (sent - ok - failed < window && sent < total) {
          const n = first + sent++;
          handle.ping(n).then(
            () => {
              ok++;
              next();
            },
            (error) => {
              failed++;
              firstError ??= String(error?.message ?? error);
              next();
            },
          );
        }
      };
      const next = () => {
        if (ok + failed === total) resolve();
        else launch();
      };
      launch();
    });
    return { ok, failed, ms: now() - started, firstError };
  };
  // Warm-up (JIT, socket buffers), then the measured run.
  await run(job.warmup, job.window, 1_000_000);
  const result = await run(job.total, job.window, 0);
  handle.close();
  return { ...result, actionsPerSec: (result.ok / result.ms) * 1000 };
}

async function parser() {
  const { bytes, events: eventsPerPass } = loadFixture();
  const parts = chunks(bytes, job.chunkSize);
  const make = await parserFor(job.client);
  const pass = async () => {
    const p = make();
    for (const part of parts) p.feed(part);
    return p.count();
  };
  for (let i = 0; i < job.warmupPasses; i++) await pass();
  const times = [];
  let counted = 0;
  for (let i = 0; i < job.passes; i++) {
    const started = now();
    counted = await pass();
    times.push(now() - started);
  }
  const best = Math.min(...times);
  const total = times.reduce((a, b) => a + b, 0);
  return {
    counted,
    expected: job.client === 'floor' ? 5277 : eventsPerPass,
    mbPerSec: (bytes.length * job.passes) / 1e6 / (total / 1000),
    bestMbPerSec: bytes.length / 1e6 / (best / 1000),
    eventsPerSec: (eventsPerPass * job.passes) / (total / 1000),
    maxRss: maxRssBytes(),
  };
}

/** A fresh parser instance: feed(chunk) as a socket would, count() events seen. */
async function parserFor(client) {
  if (client === 'tsami') {
    const { AmiParser } = await importCore();
    return () => {
      const p = new AmiParser({ expectBanner: false });
      let n = 0;
      const onMessage = (message) => {
        if (typeof message.Event === 'string') n++;
      };
      return { feed: (chunk) => p.parse(chunk, onMessage), count: () => n };
    };
  }
  if (client === 'floor') {
    return () => {
      const c = new TerminatorCounter();
      return { feed: (chunk) => c.push(chunk), count: () => c.count };
    };
  }
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  if (client === 'ami-io') {
    // Its splitter and parser are methods of the client; a client that never connects is
    // fed strings, as its socket (setEncoding('ascii'), its default) would.
    const amiio = require('ami-io');
    const { StringDecoder } = await import('node:string_decoder');
    return () => {
      const c = amiio.createClient({ logger: new amiio.SilentLogger() });
      const decoder = new StringDecoder('ascii');
      let n = 0;
      c.on('event', () => n++);
      return { feed: (chunk) => c.splitMessages(decoder.write(chunk)), count: () => n };
    };
  }
  if (client === 'asterisk-ami-client') {
    // Its parser is a Transform stream of a dependency (asterisk-ami-events-stream), reached
    // through the packages that bring it.
    const connector = createRequire(require.resolve('asterisk-ami-client')).resolve('asterisk-ami-connector');
    const EventsStream = createRequire(connector)('asterisk-ami-events-stream');
    return () => {
      const s = new EventsStream();
      let n = 0;
      s.on('amiEvent', () => n++);
      // Its readable side must flow, or it stops parsing once 16 KiB of output is buffered;
      // writes queue up meanwhile, so the pass ends when the stream has finished.
      s.resume();
      return {
        feed: (chunk) => s.write(chunk),
        count: () =>
          new Promise((resolve, reject) => {
            s.once('error', reject);
            s.end(() => resolve(n));
          }),
      };
    };
  }
  return undefined;
}

async function slowConsumer() {
  const { AmiClient } = await importCore();
  const client = new AmiClient({ ...job.server, reconnect: false });
  await client.connect();
  const stream = client.events(job.highWaterMark ? { highWaterMark: job.highWaterMark } : {});
  const rssBefore = process.memoryUsage().rss;
  let delivered = 0;
  client.on('event', () => delivered++);

  // Pings every few ms, each timed; a late or lost answer is an error of this scenario.
  const latencies = [];
  let pingErrors = 0;
  let firstPingError;
  let pinging = true;
  let n = 0;
  const pinger = (async () => {
    const inFlight = new Set();
    while (pinging) {
      const started = now();
      const p = client
        .send({ Action: 'Ping', ActionID: `slow-${n++}` }, { timeoutMs: job.pingTimeoutMs })
        .then(
          () => latencies.push(now() - started),
          (error) => {
            pingErrors++;
            firstPingError ??= `${error?.name}: ${error?.message}`;
          },
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      await sleep(job.pingEveryMs);
    }
    await Promise.all(inFlight);
  })();

  // Starts the flood.
  await client.send({ Action: 'Ping' });
  const started = now();
  let consumed = 0;
  // Ends the iteration if events stop coming before all were delivered (events lost upstream).
  let lastDelivered = -1;
  let idleSince = now();
  const watchdog = setInterval(() => {
    if (delivered !== lastDelivered) {
      lastDelivered = delivered;
      idleSince = now();
    } else if (now() - idleSince > job.idleMs && stream.size === 0) {
      stream.end();
    }
  }, 50);
  for await (const _event of stream) {
    consumed++;
    if (consumed % job.pauseEvery === 0) await sleep(job.pauseMs);
    // Done once every delivered event was either read or dropped by the overflow policy.
    if (delivered >= job.expectedEvents && consumed + stream.dropped >= delivered) break;
  }
  clearInterval(watchdog);
  const ms = now() - started;
  pinging = false;
  await pinger;
  const maxRss = maxRssBytes();
  const dropped = stream.dropped;
  client.destroy();
  latencies.sort((a, b) => a - b);
  return {
    delivered,
    consumed,
    dropped,
    accounted: consumed + dropped === delivered,
    ms,
    rssBefore,
    maxRss,
    rssGrowth: maxRss - rssBefore,
    pings: latencies.length + pingErrors,
    pingErrors,
    firstPingError,
    pingMaxMs: latencies.at(-1),
    pingP99Ms: latencies[Math.floor(latencies.length * 0.99)],
    pingMedianMs: latencies[latencies.length >> 1],
  };
}

const scenarios = { flood, pipeline, parser, slowConsumer };

scenarios[job.scenario]()
  .then(
    (result) => ({ ok: true, result }),
    (error) => ({ ok: false, error: String(error?.stack ?? error) }),
  )
  .then((message) => process.send(message, () => process.exit(0)));
