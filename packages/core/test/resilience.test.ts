import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AmiAuthError,
  AmiClient,
  AmiConnectionError,
  AmiProtocolError,
  AmiTimeoutError,
  reconnectDelay,
  type AmiClientOptions,
  type AmiEvent,
  type EventGap,
} from '../src/index.js';
import { eventFrame, FakeAmiServer, responseFrame } from '../src/testing/index.js';
import { until, untilIo } from './wait.js';

let server: FakeAmiServer;
const clients: AmiClient[] = [];

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({
    url: server.url,
    actionTimeoutMs: 5000,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    keepaliveMs: 0,
    ...options,
  });
  clients.push(c);
  return c;
}

function once<T extends unknown[]>(
  c: AmiClient,
  name: 'reconnected' | 'disconnected' | 'close' | 'protocolError',
): Promise<T> {
  return new Promise((resolve) => c.once(name, (...args: unknown[]) => resolve(args as T)));
}

beforeEach(async () => {
  server = await FakeAmiServer.start();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

describe('reconnect', () => {
  it('reconnects, logs in with the same mask, re-applies filters, and signals the gap', async () => {
    server.handle('Filter', () => ({}));
    const c = client({ events: ['call', 'user'] });
    await c.connect();
    await c.addFilter('Event: Hangup');
    const gaps: EventGap[] = [];
    const stream = c.events({ onGap: (gap) => gaps.push(gap) });
    const seen: string[] = [];
    for (const name of ['disconnected', 'reconnecting', 'reconnected', 'gap'] as const)
      c.on(name, () => seen.push(name));
    const back = once(c, 'reconnected');
    server.dropAll();
    await back;
    expect(seen).toEqual(['disconnected', 'gap', 'reconnecting', 'reconnected']);
    expect(gaps.map((g) => g.reason)).toEqual(['reconnect']);
    const logins = server.received.filter((a) => a.Action === 'Login');
    expect(logins.map((a) => a.Events)).toEqual(['call,user', 'call,user']);
    const filters = server.received.filter((a) => a.Action === 'Filter');
    expect(filters.map((a) => [a.Operation, a.Filter])).toEqual([
      ['Add', 'Event: Hangup'],
      ['Add', 'Event: Hangup'],
    ]);
    // events flow again into the same iterator
    server.broadcastEvent('Hangup', { Channel: 'X' });
    expect((await stream.next()).value?.Channel).toBe('X');
    expect(c.state).toBe('connected');
  });

  it('rejects in-flight actions with AmiConnectionError and never re-sends them', async () => {
    server.handle('Originate', () => undefined);
    const c = client();
    await c.connect();
    const originate = c.send({ Action: 'Originate', Channel: 'Local/1@x' });
    await until(() => server.received.some((a) => a.Action === 'Originate'));
    const back = once(c, 'reconnected');
    server.dropAll();
    await expect(originate).rejects.toBeInstanceOf(AmiConnectionError);
    await back;
    await c.send({ Action: 'Ping' });
    expect(server.received.filter((a) => a.Action === 'Originate')).toHaveLength(1);
  });

  // Timers are faked from here on (the sockets stay real): reconnect delays, queue timeouts and
  // keepalives move only when the test advances the clock, whatever the machine's speed.
  describe('with a fake clock', () => {
    beforeEach(() => {
      // setImmediate stays real: the client flushes its writes with it.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    async function connectedThenDropped(options: Partial<AmiClientOptions>): Promise<AmiClient> {
      const c = client(options);
      await c.connect();
      const down = once(c, 'disconnected');
      server.dropAll();
      await down;
      expect(c.state).toBe('reconnecting');
      return c;
    }

    it('queues actions sent while reconnecting and runs them once connected', async () => {
      const c = await connectedThenDropped({ reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 } });
      const pong = c.send({ Action: 'Ping' });
      await vi.advanceTimersByTimeAsync(499);
      // equal jitter: no attempt before half the delay
      expect(server.received.filter((a) => a.Action === 'Login')).toHaveLength(1);
      const back = once(c, 'reconnected');
      await vi.advanceTimersByTimeAsync(501);
      await back;
      expect((await pong).Ping).toBe('Pong');
    });

    it('bounds the queue of actions waiting for a reconnect', async () => {
      const c = await connectedThenDropped({
        reconnect: { initialDelayMs: 1000, maxDelayMs: 1000, maxQueuedActions: 2 },
      });
      const queued = [c.send({ Action: 'Ping' }), c.send({ Action: 'Ping' })];
      await expect(c.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
      const back = once(c, 'reconnected');
      await vi.advanceTimersByTimeAsync(1000);
      await back;
      expect((await Promise.all(queued)).map((r) => r.Ping)).toEqual(['Pong', 'Pong']);
    });

    it('times out a queued action when the connection does not come back in time', async () => {
      const c = await connectedThenDropped({ reconnect: { initialDelayMs: 5000, maxDelayMs: 5000 } });
      const ping = c.send({ Action: 'Ping' }, { timeoutMs: 100 });
      const outcome = ping.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      expect(await outcome).toBeInstanceOf(AmiTimeoutError);
      expect(c.state).toBe('reconnecting');
    });

    it('stops reconnecting with AmiAuthError when the secret no longer works', async () => {
      const c = client();
      await c.connect();
      const closed = once<[Error | undefined]>(c, 'close');
      const down = once(c, 'disconnected');
      server.users.admin = 'changed';
      server.dropAll();
      await down;
      await vi.advanceTimersByTimeAsync(20);
      const [error] = await closed;
      expect(error).toBeInstanceOf(AmiAuthError);
      expect(c.state).toBe('closed');
      const attempts = server.received.filter((a) => a.Action === 'Login').length;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(server.received.filter((a) => a.Action === 'Login').length).toBe(attempts);
      await expect(c.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
    });

    it('close() during reconnecting is final', async () => {
      const c = await connectedThenDropped({ reconnect: { initialDelayMs: 50, maxDelayMs: 50 } });
      const queued = c.send({ Action: 'Ping' });
      await c.close();
      await expect(queued).rejects.toBeInstanceOf(AmiConnectionError);
      const logins = server.received.filter((a) => a.Action === 'Login').length;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(server.received.filter((a) => a.Action === 'Login').length).toBe(logins);
    });

    it('keepalive declares a silent server dead and reconnects', async () => {
      const c = client({ keepaliveMs: 1000, keepaliveTimeoutMs: 500 });
      await c.connect();
      const pinged = new Promise<void>((resolve) =>
        server.handle('Ping', () => {
          resolve();
          return undefined;
        }),
      );
      const down = once<[AmiConnectionError]>(c, 'disconnected');
      await vi.advanceTimersByTimeAsync(1000);
      await pinged;
      expect(c.state).toBe('connected');
      await vi.advanceTimersByTimeAsync(500);
      const [error] = await down;
      expect(error.message).toMatch(/keepalive/);
      server.handle('Ping', () => ({ Ping: 'Pong' }));
      const back = once(c, 'reconnected');
      await vi.advanceTimersByTimeAsync(20);
      await back;
    });
  });

  describe('keepalive tells a busy connection from a dead one (fake clock)', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a Ping queued behind a long synchronous Originate still within its timeout is not a death', async () => {
      // Like Asterisk: one action at a time per session, so the Ping waits for the Originate.
      const held: (() => void)[] = [];
      let busy = false;
      server.handle('Originate', (action, connection) => {
        busy = true;
        held.push(() => {
          busy = false;
          connection.respond(action, { Message: 'Originate successfully queued' });
        });
        return undefined;
      });
      server.handle('Ping', (action, connection) => {
        const answer = (): void => connection.respond(action, { Ping: 'Pong' });
        if (busy) held.push(answer);
        else answer();
        return undefined;
      });
      const c = client({ keepaliveMs: 20_000, keepaliveTimeoutMs: 5_000 });
      await c.connect();
      const lost: unknown[] = [];
      c.on('disconnected', (error) => lost.push(error));
      const originate = c.send({ Action: 'Originate', Channel: 'Local/1@x' }, { timeoutMs: 45_000 });
      for (let second = 0; second < 40; second++) await vi.advanceTimersByTimeAsync(1000);
      expect(lost).toEqual([]);
      expect(c.state).toBe('connected');
      expect(server.received.some((a) => a.Action === 'Ping')).toBe(true);
      for (const answer of held.splice(0)) answer();
      expect((await originate).Message).toBe('Originate successfully queued');
    });

    it('any bytes received count as life; silence without an earlier action is a death', async () => {
      server.handle('Ping', () => undefined);
      const c = client({ keepaliveMs: 1000, keepaliveTimeoutMs: 500 });
      await c.connect();
      const lost: AmiConnectionError[] = [];
      c.on('disconnected', (error) => lost.push(error));
      let delivered = 0;
      c.on('event', () => delivered++);
      for (let tick = 1; tick <= 20; tick++) {
        server.broadcastEvent('Newexten', { Tick: tick });
        await untilIo(() => delivered === tick);
        await vi.advanceTimersByTimeAsync(250);
      }
      expect(lost).toEqual([]);
      // now nothing at all: dead within one interval and one timeout
      const down = once<[AmiConnectionError]>(c, 'disconnected');
      await vi.advanceTimersByTimeAsync(1500);
      const [error] = await down;
      expect(error.message).toMatch(/keepalive/);
    });
  });

  it('can be turned off', async () => {
    const c = client({ reconnect: false });
    await c.connect();
    const down = once(c, 'disconnected');
    server.dropAll();
    await down;
    expect(c.state).toBe('idle');
    await expect(c.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };
    expect([1, 2, 3, 4, 5].map((n) => reconnectDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => reconnectDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('never exceeds what a Node timer can hold (a longer delay would fire at once)', () => {
    const policy = { initialDelayMs: 1000, maxDelayMs: Number.POSITIVE_INFINITY, factor: 10 };
    expect(reconnectDelay(20, policy, () => 1)).toBe(2 ** 31 - 1);
  });
});

describe('faults from the server', () => {
  it('survives garbage that is neither response nor event, reporting it', async () => {
    const c = client();
    await c.connect();
    const reported = once<[AmiProtocolError]>(c, 'protocolError');
    server.broadcastRaw('\u0000\u00ffgarbage without colon\r\nfoo: bar\r\n\r\n');
    const [error] = await reported;
    expect(error.received).toEqual({ Output: ['\u0000\u00ffgarbage without colon'], foo: 'bar' });
    expect((await c.send({ Action: 'Ping' })).Ping).toBe('Pong');
  });

  it('drops the connection on a message over the limit, rejecting what was in flight', async () => {
    server.handle('Big', () => undefined);
    const c = client({ maxMessageBytes: 1024, reconnect: false });
    await c.connect();
    const inFlight = c.send({ Action: 'Big' });
    const reported = once<[AmiProtocolError]>(c, 'protocolError');
    server.broadcastRaw(`Event: Huge\r\nData: ${'x'.repeat(4096)}`);
    expect((await reported)[0]).toBeInstanceOf(AmiProtocolError);
    await expect(inFlight).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('rejects an action whose response is cut mid-message', async () => {
    server.handle('Cut', (action, conn) => {
      conn.write(`Response: Success\r\nActionID: ${action.ActionID}\r\nHalf: of a mess`);
      setTimeout(() => conn.destroy(), 10);
      return undefined;
    });
    const c = client({ reconnect: false });
    await c.connect();
    await expect(c.send({ Action: 'Cut' })).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('rejects a list cut in the middle', async () => {
    server.handle('Status', (action, conn) => {
      conn.write(
        responseFrame(action.ActionID, { EventList: 'start' }) + eventFrame('Status', { ActionID: action.ActionID }),
      );
      setTimeout(() => conn.destroy(), 10);
      return undefined;
    });
    const c = client({ reconnect: false });
    await c.connect();
    await expect(c.sendList({ Action: 'Status' })).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('keeps answering actions under an event flood with a slow consumer, memory bounded', async () => {
    const c = client({ eventHighWaterMark: 100 });
    await c.connect();
    const stream = c.events();
    const flood = Array.from({ length: 2000 }, (_, i) =>
      eventFrame('Newexten', { Channel: `Local/x-${i}`, N: i }),
    ).join('');
    const pongs: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      server.broadcastRaw(flood);
      pongs.push(c.send({ Action: 'Ping' }));
    }
    const answers = await Promise.all(pongs);
    expect(answers).toHaveLength(20);
    expect(stream.size).toBe(100);
    expect(stream.dropped).toBe(40_000 - 100);
    const first = (await stream.next()).value as AmiEvent;
    expect(first.N).toBe('1900');
    await stream.return();
  });
});
