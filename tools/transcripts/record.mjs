#!/usr/bin/env node
// Records what a live Asterisk sends on the AMI wire into JSON fixtures, so
// the unit tests' fake server replays real bytes instead of hand-written ones.
//
//   AMI_URL=ami://user:secret@127.0.0.1:5038 \
//   AMI_CALL_URL=ami://call-only-user:secret@127.0.0.1:5038 \
//   node tools/transcripts/record.mjs [--out DIR] [scenario ...]
//
// Plain Node (20+), node:net only. See README.md beside this file.
import net from 'node:net';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RECORDED_WITH = 'tools/transcripts/record.mjs';
const SECRET_PLACEHOLDER = '<secret>';
const REPLY_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const out = { outDir: path.join(projectRoot, 'packages/core/test/fixtures/asterisk-22'), only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') out.outDir = path.resolve(argv[++i]);
    else if (a === '--help' || a === '-h') out.help = true;
    else out.only.push(a);
  }
  return out;
}

function parseAmiUrl(name) {
  const raw = process.env[name];
  if (!raw) return undefined;
  const u = new URL(raw);
  if (u.protocol !== 'ami:') throw new Error(`${name}: only ami:// (plain TCP) is supported, got ${u.protocol}`);
  return {
    host: u.hostname,
    port: Number(u.port || 5038),
    username: decodeURIComponent(u.username),
    secret: decodeURIComponent(u.password),
  };
}

// --------------------------------------------------------------- connection

const CRLF = Buffer.from('\r\n');
const END = Buffer.from('\r\n\r\n');

function parseHeaders(text) {
  const headers = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const i = line.indexOf(':');
    if (i < 0) headers.push([line, '']);
    else headers.push([line.slice(0, i), line.slice(i + 1).replace(/^ /, '')]);
  }
  return headers;
}

class Message {
  constructor(raw) {
    this.raw = raw; // Buffer, including the blank line that ends it
    this.headers = parseHeaders(raw.toString('latin1'));
  }
  get(name) {
    const n = name.toLowerCase();
    const h = this.headers.find(([k]) => k.toLowerCase() === n);
    return h ? h[1] : undefined;
  }
  get isResponse() {
    return this.get('Response') !== undefined;
  }
  get isEvent() {
    return this.get('Event') !== undefined;
  }
}

// A raw AMI connection that keeps every byte it receives.
class Conn {
  constructor(target) {
    this.target = target;
    this.pending = Buffer.alloc(0); // received, not yet split into messages
    this.queue = [];
    this.waiters = [];
    this.closed = false;
    this.banner = undefined;
    this.nextId = 1;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const sock = net.connect(this.target.port, this.target.host);
      this.sock = sock;
      let settled = false;
      sock.on('error', (err) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
        this.#close();
      });
      sock.on('close', () => this.#close());
      sock.on('data', (chunk) => {
        this.pending = Buffer.concat([this.pending, chunk]);
        if (this.banner === undefined) {
          const i = this.pending.indexOf(CRLF);
          if (i < 0) return;
          this.banner = this.pending.subarray(0, i + 2).toString('latin1');
          this.pending = this.pending.subarray(i + 2);
          settled = true;
          resolve(this.banner);
        }
        this.#split();
      });
    });
  }

  #split() {
    for (;;) {
      const i = this.pending.indexOf(END);
      if (i < 0) break;
      const raw = this.pending.subarray(0, i + 4);
      this.pending = this.pending.subarray(i + 4);
      this.#deliver(new Message(raw));
    }
  }

  #deliver(msg) {
    const w = this.waiters.shift();
    if (w) w(msg);
    else this.queue.push(msg);
  }

  #close() {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(null);
  }

  // Next whole message; null when the server closed or nothing came in time.
  next(timeoutMs = REPLY_TIMEOUT_MS) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(null);
      }, timeoutMs);
      const waiter = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push(waiter);
    });
  }

  newActionId() {
    return `rec-${String(this.nextId++).padStart(4, '0')}`;
  }

  // `action` is an ordered header object; arrays repeat a header.
  send(action) {
    let text = '';
    for (const [k, v] of Object.entries(action)) {
      for (const one of Array.isArray(v) ? v : [v]) text += `${k}: ${one}\r\n`;
    }
    this.sock.write(`${text}\r\n`);
  }

  // Sends `fields` with a fresh ActionID and collects the reply: the response
  // and, for list actions, every list event through the one that completes it.
  // With `keepUnrelated`, events that arrive meanwhile stay in the reply and
  // are counted; otherwise they are a recording problem worth a warning.
  async request(fields, { allowClose = false, keepUnrelated = false } = {}) {
    const action = { ...fields, ActionID: this.newActionId() };
    this.send(action);
    const parts = [];
    let strays = 0;
    let straysBefore = 0;
    let responded = false;
    let listing = false;
    let closedByServer = false;
    for (;;) {
      const msg = await this.next();
      if (!msg) {
        if (this.closed) {
          closedByServer = true;
          break;
        }
        throw new Error(`no complete reply to ${fields.Action} within ${REPLY_TIMEOUT_MS} ms`);
      }
      parts.push(msg.raw);
      if (msg.get('ActionID') !== action.ActionID) {
        strays++;
        if (!responded) straysBefore++;
        continue;
      }
      if (msg.isResponse) {
        responded = true;
        if ((msg.get('EventList') ?? '').toLowerCase() === 'start') {
          listing = true;
          continue;
        }
        break;
      }
      if (listing && (msg.get('EventList') ?? '').toLowerCase() === 'complete') break;
    }
    if (strays && !keepUnrelated)
      console.warn(`  warning: ${strays} unrelated message(s) inside the reply to ${fields.Action}`);
    if (closedByServer && !allowClose) throw new Error(`server closed the connection after ${fields.Action}`);
    const exchange = { action, reply: Buffer.concat(parts).toString('latin1') };
    if (closedByServer) exchange.closedByServer = true;
    if (keepUnrelated) exchange.unrelated = { beforeResponse: straysBefore, insideList: strays - straysBefore };
    return exchange;
  }

  // Whatever arrives within `ms` without being asked for (e.g. FullyBooted).
  async drain(ms) {
    const parts = [];
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) break;
      const msg = await this.next(left);
      if (!msg) break;
      parts.push(msg.raw);
    }
    return Buffer.concat(parts).toString('latin1');
  }

  async waitClosed(ms) {
    const until = Date.now() + ms;
    while (!this.closed && Date.now() < until) await sleep(20);
    return this.closed;
  }

  end() {
    this.sock?.destroy();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function open(target) {
  const c = new Conn(target);
  await c.connect();
  return c;
}

function md5Key(challenge, secret) {
  return crypto
    .createHash('md5')
    .update(challenge + secret)
    .digest('hex');
}

// Logs in with MD5; returns the two exchanges (the Key may be stored).
async function loginMd5(c, { events = 'off' } = {}) {
  const challenge = await c.request({ Action: 'Challenge', AuthType: 'MD5' });
  const m = /^Challenge: (.*)$/m.exec(challenge.reply);
  if (!m) throw new Error(`no challenge in ${JSON.stringify(challenge.reply)}`);
  const fields = {
    Action: 'Login',
    AuthType: 'MD5',
    Username: c.target.username,
    Key: md5Key(m[1].trim(), c.target.secret),
  };
  if (events) fields.Events = events;
  const login = await c.request(fields);
  if (!/^Response: Success/m.test(login.reply)) throw new Error(`login failed: ${JSON.stringify(login.reply)}`);
  return [challenge, login];
}

async function loginPlain(c, { events = 'off', secret = c.target.secret } = {}) {
  const fields = { Action: 'Login', Username: c.target.username, Secret: secret };
  if (events) fields.Events = events;
  const ex = await c.request(fields, { allowClose: true });
  ex.action.Secret = SECRET_PLACEHOLDER;
  return ex;
}

// An MD5-logged-in connection with events off, for non-login scenarios.
async function loggedIn(target) {
  const c = await open(target);
  await loginMd5(c);
  c.nextId = 1; // the recorded exchanges start at rec-0001
  return c;
}

async function hangupTestChannels(target) {
  const c = await loggedIn(target);
  await c.request({ Action: 'Hangup', Channel: '/^Local\\/.*@tsami-test/' });
  for (let i = 0; i < 50; i++) {
    const r = await c.request({ Action: 'CoreShowChannels' });
    if (/ListItems: 0\r\n/.test(r.reply)) break;
    await sleep(100);
  }
  await c.request({ Action: 'Logoff' }, { allowClose: true });
  c.end();
}

async function asteriskVersion(target) {
  const c = await loggedIn(target);
  const r = await c.request({ Action: 'Command', Command: 'core show version' });
  await c.request({ Action: 'Logoff' }, { allowClose: true });
  c.end();
  const m = /Asterisk (\S+)/.exec(r.reply);
  if (!m) throw new Error(`cannot read the version from ${JSON.stringify(r.reply)}`);
  return m[1];
}

// ---------------------------------------------------------------- scenarios

// Each returns the scenario-specific part of the fixture.
const scenarios = {
  async 'login-md5'({ main }) {
    const c = await open(main);
    const exchanges = await loginMd5(c);
    await c.request({ Action: 'Logoff' }, { allowClose: true });
    c.end();
    return {
      description: 'Banner, Challenge (AuthType MD5) and Login with the MD5 key (Events: off).',
      banner: c.banner,
      exchanges,
    };
  },

  async 'login-plain'({ main }) {
    const c = await open(main);
    // No Events header: the server's default (on), which shows what follows a login.
    const login = await loginPlain(c, { events: null });
    const after = await c.drain(1000);
    c.end();
    return {
      description:
        'Banner and a plain-text Login without an Events header (events on); `afterLogin` holds what the server sent unasked within 1 s after the reply.',
      banner: c.banner,
      exchanges: [login],
      afterLogin: after,
    };
  },

  async 'login-bad-secret'({ main }) {
    const c = await open(main);
    const login = await loginPlain(c, { secret: 'wrong-secret' });
    const closed = await c.waitClosed(3000);
    c.end();
    return {
      description: 'Plain Login with a wrong secret; `closedByServer` tells whether Asterisk hung up afterwards.',
      banner: c.banner,
      exchanges: [login],
      closedByServer: closed,
    };
  },

  async ping({ main }) {
    return single(main, 'Ping', { Action: 'Ping' });
  },

  async 'core-status'({ main }) {
    return single(main, 'CoreStatus', { Action: 'CoreStatus' });
  },

  async 'core-settings'({ main }) {
    return single(main, 'CoreSettings', { Action: 'CoreSettings' });
  },

  async 'command-core-show-version'({ main }) {
    return single(main, 'Command "core show version"', { Action: 'Command', Command: 'core show version' });
  },

  async 'command-multiline'({ main }) {
    return single(main, 'Command "dialplan show tsami-test" (indented lines, an empty line)', {
      Action: 'Command',
      Command: 'dialplan show tsami-test',
    });
  },

  async 'core-show-channels'({ main }) {
    // Two live calls (four Local channel halves), made on another connection.
    const setup = await loggedIn(main);
    for (let i = 0; i < 2; i++) {
      await setup.request({
        Action: 'Originate',
        Channel: 'Local/answer@tsami-test',
        Application: 'Wait',
        Data: '30',
        CallerID: `"Tsami ${i + 1}" <10${i + 1}>`,
        Timeout: '10000',
      });
    }
    await sleep(300);
    const c = await loggedIn(main);
    const ex = await c.request({ Action: 'CoreShowChannels' });
    c.end();
    setup.end();
    await hangupTestChannels(main);
    return {
      description: 'CoreShowChannels with two live calls Local/answer@tsami-test -> Wait(30), i.e. four channels.',
      banner: c.banner,
      login: 'md5',
      events: 'off',
      exchanges: [ex],
    };
  },

  async 'db-put-get'({ main }) {
    const c = await loggedIn(main);
    const put = await c.request({ Action: 'DBPut', Family: 'tsami', Key: 'greeting', Val: 'hello world' });
    const get = await c.request({ Action: 'DBGet', Family: 'tsami', Key: 'greeting' });
    const missing = await c.request({ Action: 'DBGet', Family: 'tsami', Key: 'no-such-key' });
    const del = await c.request({ Action: 'DBDel', Family: 'tsami', Key: 'greeting' });
    c.end();
    return {
      description: 'DBPut, DBGet of that key (a one-item list), DBGet of a missing key, DBDel.',
      banner: c.banner,
      login: 'md5',
      events: 'off',
      exchanges: [put, get, missing, del],
    };
  },

  async 'getvar-global'({ main }) {
    const c = await loggedIn(main);
    const known = await c.request({ Action: 'Getvar', Variable: 'TSAMI_GLOBAL' });
    const unknown = await c.request({ Action: 'Getvar', Variable: 'TSAMI_NO_SUCH_GLOBAL' });
    c.end();
    return {
      description: 'Getvar of a global variable without Channel: a set one (TSAMI_GLOBAL) and an unset one.',
      banner: c.banner,
      login: 'md5',
      events: 'off',
      exchanges: [known, unknown],
    };
  },

  async 'unknown-action'({ main }) {
    return single(main, 'An action Asterisk does not know', { Action: 'TsamiNoSuchAction' });
  },

  async 'permission-denied'({ call }) {
    if (!call) throw new Error('needs AMI_CALL_URL (a user with only the call class)');
    const c = await loggedIn(call);
    const a = await c.request({ Action: 'CoreShowChannels' });
    const b = await c.request({ Action: 'Command', Command: 'core show version' });
    const d = await c.request({
      Action: 'Originate',
      Channel: 'Local/answer@tsami-test',
      Application: 'Wait',
      Data: '1',
    });
    c.end();
    return {
      description: 'A user with only read=call/write=call runs CoreShowChannels, Command and Originate.',
      banner: c.banner,
      login: 'md5',
      user: 'call-only',
      events: 'off',
      exchanges: [a, b, d],
    };
  },

  async 'list-empty'({ main }) {
    await hangupTestChannels(main);
    const c = await loggedIn(main);
    const channels = await c.request({ Action: 'CoreShowChannels' });
    const queue = await c.request({ Action: 'QueueStatus', Queue: 'tsami-no-such-queue' });
    c.end();
    return {
      description: 'List actions with zero items: CoreShowChannels without calls, QueueStatus of an unknown queue.',
      banner: c.banner,
      login: 'md5',
      events: 'off',
      exchanges: [channels, queue],
    };
  },

  async 'queue-status'({ main }) {
    return single(main, 'QueueStatus of tsami-queue: one queue with one static member', {
      Action: 'QueueStatus',
      Queue: 'tsami-queue',
    });
  },

  async 'list-events-on'({ main }) {
    // Live channels to list, and a steady stream of short calls for events,
    // both made on a second connection.
    const traffic = await loggedIn(main);
    for (let i = 0; i < 3; i++) {
      await traffic.request({
        Action: 'Originate',
        Channel: 'Local/answer@tsami-test',
        Application: 'Wait',
        Data: '30',
      });
    }
    let stop = false;
    const calls = (async () => {
      while (!stop) {
        traffic.send({
          Action: 'Originate',
          ActionID: traffic.newActionId(),
          Channel: 'Local/hangup@tsami-test',
          Application: 'Wait',
          Data: '1',
          Async: 'true',
        });
        traffic.queue.length = 0;
        await sleep(10);
      }
    })();
    const c = await open(main);
    await loginMd5(c, { events: 'on' });
    c.nextId = 1;
    let chosen;
    let attempts = 0;
    for (let i = 0; i < 40; i++) {
      attempts++;
      c.queue.length = 0; // events from before this request are not part of it
      const ex = await c.request({ Action: 'CoreShowChannels' }, { keepUnrelated: true });
      const score = (e) => e.unrelated.insideList * 1000 + e.unrelated.beforeResponse;
      if (!chosen || score(ex) > score(chosen)) chosen = ex;
      if (ex.unrelated.insideList >= 3) break;
    }
    stop = true;
    await calls;
    c.end();
    traffic.end();
    await sleep(1500);
    await hangupTestChannels(main);
    // renumbered as if it were the first request on its connection
    chosen.reply = chosen.reply.split(`ActionID: ${chosen.action.ActionID}\r\n`).join('ActionID: rec-0001\r\n');
    chosen.action.ActionID = 'rec-0001';
    return {
      description:
        'CoreShowChannels with Events: on while other calls come and go: `reply` is every byte from sending the action ' +
        'to the closing event, including unrelated events (counted in `unrelated`). The recorder tried `attempts` ' +
        'times to catch events between the list events and kept the reply with the most unrelated events (inside the list first).',
      banner: c.banner,
      login: 'md5',
      events: 'on',
      attempts,
      exchanges: [chosen],
    };
  },

  async logoff({ main }) {
    const c = await loggedIn(main);
    const ex = await c.request({ Action: 'Logoff' }, { allowClose: true });
    const closed = await c.waitClosed(3000);
    c.end();
    return {
      description: 'Logoff; `closedByServer` tells whether Asterisk closed the connection after Goodbye.',
      banner: c.banner,
      login: 'md5',
      events: 'off',
      exchanges: [ex],
      closedByServer: closed,
    };
  },
};

async function single(target, description, fields) {
  const c = await loggedIn(target);
  const ex = await c.request(fields);
  c.end();
  return { description, banner: c.banner, login: 'md5', events: 'off', exchanges: [ex] };
}

// ------------------------------------------------------------- event flood

const FLOOD_TARGET_EVENTS = 5000;
const FLOOD_MAX_EVENTS = 9000;
const FLOOD_CONCURRENCY = 8;
const FLOOD_DEADLINE_MS = 120_000;

// Originates short calls (Local/hangup@tsami-test) with events on and keeps
// every byte after the login reply, ending on a message boundary.
async function recordFlood(target) {
  const c = await open(target);
  await loginMd5(c, { events: 'on' });
  c.nextId = 1;
  // Everything from here on is recorded, in arrival order.
  const raws = [];
  let events = 0;
  let responses = 0;
  const histogram = {};
  let started = 0;
  let hangups = 0;
  let failed = 0;
  const begin = Date.now();
  const originate = () => {
    started++;
    c.send({
      Action: 'Originate',
      ActionID: c.newActionId(),
      Channel: 'Local/hangup@tsami-test',
      Application: 'Wait',
      Data: '1',
      CallerID: `"Flood ${started}" <${1000 + started}>`,
      Timeout: '5000',
      Async: 'true',
    });
  };
  for (let i = 0; i < FLOOD_CONCURRENCY; i++) originate();
  for (;;) {
    const sending = events < FLOOD_TARGET_EVENTS && Date.now() - begin < FLOOD_DEADLINE_MS;
    // A call is over once both Local halves are hung up; after the last one,
    // a quiet second means nothing else is coming.
    const draining = !sending && hangups >= 2 * started;
    const msg = await c.next(draining ? 1000 : REPLY_TIMEOUT_MS);
    if (!msg) {
      if (!draining) throw new Error('event flood: the server went quiet while calls were still up');
      break;
    }
    raws.push(msg.raw);
    if (msg.isEvent) {
      events++;
      const name = msg.get('Event');
      histogram[name] = (histogram[name] ?? 0) + 1;
      if (name === 'OriginateResponse' && msg.get('Response') !== 'Success') {
        failed++;
        hangups += 2; // no channels left to hang up
      }
      if (name === 'Hangup') {
        hangups++;
        // keep FLOOD_CONCURRENCY calls up
        if (hangups % 2 === 0 && events < FLOOD_TARGET_EVENTS) originate();
      }
    } else if (msg.isResponse) {
      responses++;
    }
    if (events >= FLOOD_MAX_EVENTS) break;
  }
  c.end();
  await hangupTestChannels(target);
  const bytes = Buffer.concat(raws);
  const sorted = Object.fromEntries(Object.entries(histogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return {
    bytes,
    banner: c.banner,
    meta: {
      description:
        'Every byte Asterisk sent after the MD5 login reply (Events: on) while the recorder kept ' +
        `${FLOOD_CONCURRENCY} short calls in flight (Async Originate of Local/hangup@tsami-test -> Wait(1)); ` +
        'the Originate responses are interleaved with the events as they arrived. The bytes are in event-flood.ami.',
      login: 'md5',
      events: 'on',
      file: 'event-flood.ami',
      originate: {
        Action: 'Originate',
        Channel: 'Local/hangup@tsami-test',
        Application: 'Wait',
        Data: '1',
        Timeout: '5000',
        Async: 'true',
      },
      calls: started,
      failedCalls: failed,
      bytes: bytes.length,
      messages: raws.length,
      eventCount: events,
      responseCount: responses,
      eventNames: sorted,
    },
  };
}

// --------------------------------------------------------------------- main

function fixture(asterisk, banner, scenario, body) {
  return {
    asterisk,
    amiVersion: /Asterisk Call Manager\/(\S+)/.exec(banner ?? '')?.[1] ?? null,
    recordedWith: RECORDED_WITH,
    scenario,
    ...body,
  };
}

function write(outDir, name, data) {
  const file = path.join(outDir, name);
  fs.writeFileSync(file, data);
  console.log(`  wrote ${path.relative(projectRoot, file)} (${fs.statSync(file).size} bytes)`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const all = [...Object.keys(scenarios), 'event-flood'];
  if (args.help) {
    console.log(
      `usage: AMI_URL=ami://user:secret@host:port [AMI_CALL_URL=...] node ${RECORDED_WITH} [--out DIR] [scenario ...]`,
    );
    console.log(`scenarios: ${all.join(' ')}`);
    return;
  }
  const main = parseAmiUrl('AMI_URL');
  if (!main) throw new Error('set AMI_URL=ami://user:secret@host:port (see tools/transcripts/README.md)');
  const call = parseAmiUrl('AMI_CALL_URL');
  const unknown = args.only.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${all.join(' ')}`);
  const wanted = args.only.length ? args.only : all;
  fs.mkdirSync(args.outDir, { recursive: true });

  const asterisk = await asteriskVersion(main);
  console.log(`recording from Asterisk ${asterisk} at ${main.host}:${main.port}`);
  for (const name of wanted) {
    console.log(`- ${name}`);
    if (name === 'event-flood') {
      const { bytes, banner, meta } = await recordFlood(main);
      write(args.outDir, 'event-flood.ami', bytes);
      write(args.outDir, 'event-flood.json', JSON.stringify(fixture(asterisk, banner, name, meta), null, 2) + '\n');
      continue;
    }
    const body = await scenarios[name]({ main, call });
    write(args.outDir, `${name}.json`, JSON.stringify(fixture(asterisk, body.banner, name, body), null, 2) + '\n');
  }
}

main().catch((err) => {
  console.error(`record: ${err.message}`);
  process.exit(1);
});
