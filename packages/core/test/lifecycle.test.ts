import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AmiActionError,
  AmiClient,
  AmiClosedError,
  AmiConnectionError,
  type AmiError,
  AmiInputError,
  AmiProtocolError,
  AmiTimeoutError,
  type AmiEvent,
} from '../src/index.js';
// every class the package exports, wherever it is defined
import * as errors from '../src/index.js';
import { FakeAmiServer } from '../src/testing/index.js';
import { fakeServerPerTest } from './harness.js';
import { until, untilIo } from './wait.js';

const harness = fakeServerPerTest({ actionTimeoutMs: 5000, keepaliveMs: 0 });
const client = harness.client;
let server: FakeAmiServer;
const clients: AmiClient[] = [];
const rawServers: net.Server[] = [];

/** A TCP server that accepts and never says anything (no banner). */
async function silentServer(): Promise<{ port: number; open: Set<net.Socket> }> {
  const open = new Set<net.Socket>();
  const raw = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  rawServers.push(raw);
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  return { port: (raw.address() as AddressInfo).port, open };
}

function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

beforeEach(() => {
  server = harness.server;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const raw of rawServers.splice(0)) raw.close();
});

describe('a hostile banner', () => {
  it('refuses a banner longer than a few hundred bytes, without reading it with a slow pattern', async () => {
    const hostile = await FakeAmiServer.start({ banner: `Asterisk Call Manager/${'/'.repeat(100_000)} x` });
    try {
      const c = new AmiClient({ url: hostile.url, reconnect: false });
      clients.push(c);
      const error = await c.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmiConnectionError);
      expect((error as Error).cause).toBeInstanceOf(AmiProtocolError);
      expect(((error as Error).cause as Error).message).toMatch(/banner/);
    } finally {
      await hostile.close();
    }
  });

  it('reads the version of a banner full of slashes in linear time', async () => {
    const odd = await FakeAmiServer.start({ banner: `Asterisk Call Manager/${'/'.repeat(400)} x` });
    try {
      const c = new AmiClient({ url: odd.url, reconnect: false });
      clients.push(c);
      await c.connect();
      expect(c.amiVersion).toBe('x');
      expect(c.banner).toMatch(/^Asterisk Call Manager\//);
    } finally {
      await odd.close();
    }
  });
});

describe('errors thrown by user callbacks', () => {
  it('a throwing on("event") listener, events() filter or onGap costs no one their actions or the connection', async () => {
    server.handle('Slow', () => undefined);
    const c = client({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    await c.connect();
    const reported: [unknown, string][] = [];
    c.on('listenerError', (error, source) => reported.push([error, source]));
    c.on('event', () => {
      throw new Error('listener bug');
    });
    const filtered = c.events({
      filter: (e) => {
        if (e.Event === 'Bad') throw new Error('filter bug');
        return true;
      },
      onGap: () => {
        throw new Error('onGap bug');
      },
    });
    const slow = c.send({ Action: 'Slow' });
    await until(() => server.received.some((a) => a.Action === 'Slow'));
    server.broadcastEvent('Bad');
    server.broadcastEvent('Good');
    expect((await filtered.next()).value?.Event).toBe('Good');
    expect(c.connected).toBe(true);
    const connection = [...server.connections][0]!;
    const slowAction = server.received.find((a) => a.Action === 'Slow')!;
    connection.respond(slowAction, { Message: 'done' });
    expect((await slow).Message).toBe('done');
    expect(reported.map(([error, source]) => [(error as Error).message, source])).toEqual([
      ['filter bug', 'filter'],
      ['listener bug', 'event'],
      ['listener bug', 'event'],
    ]);
    // onGap throws during a reconnect: reported, and the client still comes back
    const back = new Promise((resolve) => c.once('reconnected', resolve));
    server.dropAll();
    await back;
    expect(reported.at(-1)).toEqual([expect.objectContaining({ message: 'onGap bug' }), 'onGap']);
  });

  it('without a listenerError listener, throws the error again on a microtask, outside the read path', async () => {
    const c = client();
    await c.connect();
    // Catch what the microtask throws instead of letting it crash the test run; every other
    // microtask runs as usual.
    const thrown: unknown[] = [];
    const queue = globalThis.queueMicrotask;
    vi.stubGlobal('queueMicrotask', (callback: () => void) =>
      queue(() => {
        try {
          callback();
        } catch (error) {
          thrown.push(error);
        }
      }),
    );
    try {
      const seen: string[] = [];
      c.on('event', (e) => seen.push(e.Event));
      c.on('event', (e) => {
        if (e.Event === 'Bad') throw new Error('listener bug');
      });
      server.broadcastEvent('Bad');
      server.broadcastEvent('Good');
      await until(() => seen.includes('Good'));
      expect(thrown).toEqual([expect.objectContaining({ message: 'listener bug' })]);
      expect(c.connected).toBe(true);
      expect((await c.send({ Action: 'Ping' })).Ping).toBe('Pong');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('reconnect set-up failures', () => {
  it('closes a new session whose re-sent filter is refused: no leaked sockets, no repeated events, nothing after destroy()', async () => {
    let filters = 0;
    server.handle('Filter', () => (++filters === 1 ? {} : { Response: 'Error', Message: 'Filter refused' }));
    const c = client({ reconnect: { initialDelayMs: 1, maxDelayMs: 5 } });
    await c.connect();
    await c.addFilter('Event: Hangup');
    const seen: AmiEvent[] = [];
    c.on('event', (e) => seen.push(e));
    server.dropAll();
    await until(() => server.received.filter((a) => a.Action === 'Filter').length >= 5);
    server.broadcastEvent('Hangup', { Channel: 'X' });
    c.destroy();
    // every session the client opened is closed
    await until(() => server.connections.size === 0);
    expect(seen.length).toBeLessThanOrEqual(1);
    server.broadcastEvent('Hangup', { Channel: 'Y' });
    expect(seen.filter((e) => e.Channel === 'Y')).toEqual([]);
  });

  it('closes a new session whose re-sent filter goes unanswered (fake clock)', async () => {
    let filters = 0;
    server.handle('Filter', () => (++filters === 1 ? {} : undefined));
    const c = client({ actionTimeoutMs: 1000, reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    await c.connect();
    await c.addFilter('Event: Hangup');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const down = new Promise((resolve) => c.once('disconnected', resolve));
    server.dropAll();
    await down;
    for (let attempt = 2; attempt <= 4; attempt++) {
      await vi.advanceTimersByTimeAsync(10);
      await untilIo(() => filters === attempt);
      await vi.advanceTimersByTimeAsync(1000);
      // the session whose Filter went unanswered is closed before the next attempt
      await untilIo(() => server.connections.size === 0);
    }
    vi.useRealTimers();
    c.destroy();
    await until(() => server.connections.size === 0);
  });
});

describe('lifecycle', () => {
  it('close() during the first connect() closes the socket at once and rejects connect with AMI_CLOSED', async () => {
    const silent = await silentServer();
    const c = new AmiClient({ host: '127.0.0.1', port: silent.port, username: 'u', secret: 's', reconnect: false });
    clients.push(c);
    const connecting = c.connect().catch((e: unknown) => e);
    await until(() => silent.open.size === 1);
    await c.close();
    const error = await connecting;
    expect(error).toBeInstanceOf(AmiClosedError);
    expect(error).toMatchObject({ code: 'AMI_CLOSED' });
    await until(() => silent.open.size === 0);
  });

  it('connect() while reconnecting resolves only once connected again (fake clock)', async () => {
    const c = client({ reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 } });
    await c.connect();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const down = new Promise((resolve) => c.once('disconnected', resolve));
    server.dropAll();
    await down;
    let settled = false;
    const again = c.connect().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(400);
    expect(settled).toBe(false);
    expect(c.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(600);
    await again;
    expect(c.connected).toBe(true);
  });

  it('connect() while reconnecting rejects when its signal fires, and with AmiClosedError when the client is closed', async () => {
    const c = client({ reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    await c.connect();
    const down = new Promise((resolve) => c.once('reconnecting', resolve));
    server.dropAll();
    await down;
    const controller = new AbortController();
    const aborted = c.connect({ signal: controller.signal }).catch((error: unknown) => error);
    const closing = c.connect().catch((error: unknown) => error);
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'AMI_ABORTED' });
    await c.close();
    expect(await closing).toBeInstanceOf(AmiClosedError);
  });

  it('emits close once when reconnecting gives up, even if close() follows', async () => {
    const c = client({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    await c.connect();
    const closes: (Error | undefined)[] = [];
    c.on('close', (error) => closes.push(error));
    const waiting = new Promise((resolve) => c.once('reconnecting', resolve));
    server.users.admin = 'changed';
    server.dropAll();
    await waiting;
    await until(() => c.state === 'closed');
    await c.close();
    c.destroy();
    expect(closes).toHaveLength(1);
  });

  it('gives a closed client its own code: AMI_CLOSED for close()/destroy(), AMI_CONNECTION for a network loss', async () => {
    server.handle('Slow', () => undefined);
    const lost = client();
    await lost.connect();
    const dropped = lost.send({ Action: 'Slow' }).catch((e: unknown) => e);
    await until(() => server.received.some((a) => a.Action === 'Slow'));
    server.dropAll();
    expect(await dropped).toMatchObject({ code: 'AMI_CONNECTION' });
    expect(await dropped).not.toBeInstanceOf(AmiClosedError);

    const closed = client();
    await closed.connect();
    const inFlight = closed.send({ Action: 'Slow' }).catch((e: unknown) => e);
    await until(() => server.received.filter((a) => a.Action === 'Slow').length === 2);
    closed.destroy();
    expect(await inFlight).toMatchObject({ code: 'AMI_CLOSED', sent: true });
    expect(await closed.send({ Action: 'Ping' }).catch((e: unknown) => e)).toMatchObject({
      code: 'AMI_CLOSED',
      sent: false,
    });
    expect(await closed.connect().catch((e: unknown) => e)).toBeInstanceOf(AmiClosedError);
  });

  it('a signal that fires with a TimeoutError rejects with AmiTimeoutError, for connect and for actions', async () => {
    const silent = await silentServer();
    const c = new AmiClient({ host: '127.0.0.1', port: silent.port, username: 'u', secret: 's', reconnect: false });
    clients.push(c);
    const connectSignal = new AbortController();
    const connecting = c.connect({ signal: connectSignal.signal }).catch((e: unknown) => e);
    await until(() => silent.open.size === 1);
    connectSignal.abort(timeoutReason());
    expect(await connecting).toBeInstanceOf(AmiTimeoutError);

    server.handle('Slow', () => undefined);
    const ok = client();
    await ok.connect();
    const actionSignal = new AbortController();
    const slow = ok.send({ Action: 'Slow' }, { signal: actionSignal.signal }).catch((e: unknown) => e);
    await until(() => server.received.some((a) => a.Action === 'Slow'));
    actionSignal.abort(timeoutReason());
    expect(await slow).toMatchObject({ code: 'AMI_TIMEOUT', sent: true });
    // a plain abort stays an abort
    const plain = new AbortController();
    plain.abort();
    expect(await ok.send({ Action: 'Ping' }, { signal: plain.signal }).catch((e: unknown) => e)).toMatchObject({
      code: 'AMI_ABORTED',
    });
  });

  it('refuses timeouts Node cannot arm (above 2^31−1 ms, negative, NaN)', async () => {
    expect(() => client({ actionTimeoutMs: 2 ** 31 })).toThrow(AmiInputError);
    expect(() => client({ connectTimeoutMs: -1 })).toThrow(AmiInputError);
    const c = client();
    await c.connect();
    for (const timeoutMs of [2 ** 31, Number.NaN, -5]) {
      expect(await c.send({ Action: 'Ping' }, { timeoutMs }).catch((e: unknown) => e)).toBeInstanceOf(AmiInputError);
    }
    expect(server.received.filter((a) => a.Action === 'Ping')).toEqual([]);
    expect((await c.send({ Action: 'Ping' }, { timeoutMs: Infinity })).Ping).toBe('Pong');
  });

  it('error names survive minification (set explicitly, not from the constructor name)', () => {
    const classes = Object.entries(errors).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    ) as [string, new (message: string, a?: unknown, b?: unknown) => AmiError][];
    expect(classes.length).toBeGreaterThan(10);
    for (const [name, ErrorClass] of classes) {
      if (name === 'AmiSendError') continue;
      const original = Object.getOwnPropertyDescriptor(ErrorClass, 'name')!;
      // what a minifier does: the class keeps its code but gets a short name
      Object.defineProperty(ErrorClass, 'name', { value: 'e' });
      try {
        const error = new ErrorClass('x', 'y', {
          Response: 'Error',
        });
        expect(error.name).toBe(name);
      } finally {
        Object.defineProperty(ErrorClass, 'name', original);
      }
    }
  });
});

describe('errors that say why', () => {
  it("an AmiActionError carries Asterisk's reason, and a failed Command its output, trimmed", async () => {
    server.handle('Command', (action) =>
      action.Command === 'long'
        ? {
            Response: 'Error',
            Message: 'Command output follows',
            Output: Array.from({ length: 200 }, (_, n) => `detail line ${n}`),
          }
        : {
            Response: 'Error',
            Message: 'Command output follows',
            Output: ["No such command 'frobnicate' (type 'core show help frobnicate' for other possible commands)"],
          },
    );
    server.handle('Originate', () => ({ Response: 'Error', Message: 'Extension does not exist.' }));
    const c = client();
    await c.connect();
    const command = await c.send({ Action: 'Command', Command: 'frobnicate' }).catch((e: unknown) => e);
    expect(command).toBeInstanceOf(AmiActionError);
    expect((command as Error).message).toBe(
      "Command failed: No such command 'frobnicate' (type 'core show help frobnicate' for other possible commands)",
    );
    const long = (await c.send({ Action: 'Command', Command: 'long' }).catch((e: unknown) => e)) as AmiActionError;
    expect(long.message).toMatch(/^Command failed: detail line 0 \/ detail line 1 \/ .*… \(200 lines\)$/);
    expect(long.message.length).toBeLessThan(500);
    expect(long.response.Output).toHaveLength(200);
    const originate = await c.send({ Action: 'Originate', Channel: 'Local/1@x' }).catch((e: unknown) => e);
    expect((originate as Error).message).toBe('Originate failed: Extension does not exist.');
  });
});
