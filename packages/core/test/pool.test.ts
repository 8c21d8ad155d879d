import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  AmiAbortError,
  AmiAuthError,
  AmiConnectionError,
  AmiInputError,
  AmiPool,
  AmiPoolClosedError,
  AmiPoolExhaustedError,
  AmiPoolMisuseError,
  AmiTimeoutError,
  sendAction,
  type AmiPoolOptions,
  type AmiSender,
  type PooledConnection,
} from '../src/index.js';
import { eventListFrames, FakeAmiServer, type ReceivedAction } from '../src/testing/index.js';
import { BlipProxy, SilentServer } from './pool-servers.js';
import { until } from './wait.js';

let server: FakeAmiServer;
const pools: AmiPool[] = [];

function pool(options: Partial<AmiPoolOptions> = {}): AmiPool {
  const p = new AmiPool({ url: server.url, minConnections: 2, maxConnections: 5, acquireTimeoutMs: 1000, ...options });
  pools.push(p);
  return p;
}

function logins(): number {
  return server.received.filter((a) => a.Action === 'Login').length;
}

function count(action: string): number {
  return server.received.filter((a) => a.Action === action).length;
}

/** The outcome of a promise, readable synchronously once it has settled. */
function watch<T>(promise: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
  const outcome: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(outcome, { settled: true, value }),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  );
  return outcome;
}

/**
 * With the clock stopped: lets sockets and promises run until `condition` holds (bounded by
 * real time, since timers are fake).
 */
async function settle(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeEach(async () => {
  server = await FakeAmiServer.start();
});

afterEach(async () => {
  vi.useRealTimers();
  for (const p of pools.splice(0)) p.destroy();
  await server.close();
});

describe('AmiPool', () => {
  it('opens minConnections with events off', async () => {
    const p = pool();
    await p.connect();
    expect(p.stats).toEqual({ size: 2, idle: 2, inUse: 0, waiting: 0 });
    expect(server.received.filter((a) => a.Action === 'Login').map((a) => a.Events)).toEqual(['off', 'off']);
  });

  it('serves 200 concurrent use() calls on 20 connections and returns to idle', async () => {
    let concurrent = 0;
    let peak = 0;
    server.handle('Work', (action, conn) => {
      concurrent++;
      peak = Math.max(peak, concurrent);
      setTimeout(() => {
        concurrent--;
        conn.respond(action, { N: String(action.N) });
      }, 2);
      return undefined;
    });
    const p = pool({ minConnections: 2, maxConnections: 20, acquireTimeoutMs: 10_000 });
    await p.connect();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => p.use(async (conn) => (await conn.send({ Action: 'Work', N: i })).N)),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    // (a connection opened for a caller who got a released one meanwhile joins the idle ones)
    await until(() => p.stats.idle === p.stats.size);
    expect(p.stats).toEqual({ size: 20, idle: 20, inUse: 0, waiting: 0 });
    expect(peak).toBeLessThanOrEqual(20);
    expect(logins()).toBe(20);
  });

  it('makes callers wait in FIFO order and hands over released connections', async () => {
    const p = pool({ minConnections: 1, maxConnections: 1 });
    await p.connect();
    const first = await p.acquire();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      p.acquire().then((conn) => {
        order.push(n);
        p.release(conn);
      }),
    );
    await until(() => p.stats.waiting === 3);
    p.release(first);
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(logins()).toBe(1);
  });

  it('rejects with AmiPoolExhaustedError that says how to fix it', async () => {
    const p = pool({ minConnections: 0, maxConnections: 1, acquireTimeoutMs: 50 });
    const held = await p.acquire();
    const error = await p.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiPoolExhaustedError);
    expect((error as Error).message).toMatch(/maxConnections/);
    expect(p.stats.waiting).toBe(0);
    p.release(held);
  });

  it('aborts a waiting acquire with its signal', async () => {
    const p = pool({ minConnections: 0, maxConnections: 1 });
    const held = await p.acquire();
    const controller = new AbortController();
    const waiting = p.acquire({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AmiAbortError);
    expect(p.stats.waiting).toBe(0);
    p.release(held);
  });

  it('throws on double release and on foreign connections, and refuses use after release', async () => {
    const p = pool();
    const other = pool();
    await p.connect();
    const conn = await p.acquire();
    const foreign = await other.acquire();
    p.release(conn);
    expect(() => p.release(conn)).toThrow(AmiPoolMisuseError);
    expect(() => p.release(foreign)).toThrow(AmiPoolMisuseError);
    expect(() => p.release({} as PooledConnection)).toThrow(AmiPoolMisuseError);
    await expect(conn.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiPoolMisuseError);
    other.release(foreign);
  });

  it('logs off a destroyed connection and replaces it to keep minConnections', async () => {
    const p = pool({ minConnections: 2 });
    await p.connect();
    const conn = await p.acquire();
    p.release(conn, { destroy: true });
    await until(() => p.stats.idle === 2);
    expect(server.received.filter((a) => a.Action === 'Logoff')).toHaveLength(1);
    expect(logins()).toBe(3);
  });

  it('never hands out a connection that broke while idle, and replaces it', async () => {
    const p = pool({ minConnections: 2, maxConnections: 2 });
    await p.connect();
    server.dropAll();
    await until(() => p.stats.idle === 2 && logins() === 4);
    const conn = await p.acquire();
    expect((await conn.send({ Action: 'Ping' })).Ping).toBe('Pong');
    p.release(conn);
  });

  it('use() destroys a connection that broke during the call', async () => {
    server.handle('Hang', () => undefined);
    const p = pool({ minConnections: 1, maxConnections: 1 });
    await p.connect();
    const failing = p.use((conn) => conn.send({ Action: 'Hang' }, { timeoutMs: 10_000 }));
    await until(() => server.received.some((a) => a.Action === 'Hang'));
    server.dropAll();
    await expect(failing).rejects.toBeInstanceOf(AmiConnectionError);
    await until(() => p.stats.idle === 1);
    expect(await p.use(async (conn) => (await conn.send({ Action: 'Ping' })).Ping)).toBe('Pong');
  });

  it('reports a bad secret to the caller', async () => {
    const p = pool({ secret: 'wrong', minConnections: 0 });
    await expect(p.acquire()).rejects.toBeInstanceOf(AmiAuthError);
    expect(p.stats.size).toBe(0);
  });

  it('is an AmiSender whose options leave out what pooled connections ignore', () => {
    expectTypeOf<AmiPool>().toExtend<AmiSender>();
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('keepaliveMs');
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('keepaliveTimeoutMs');
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('reconnect');
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('eventHighWaterMark');
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('eventOverflow');
    expectTypeOf<AmiPoolOptions>().not.toHaveProperty('eventHighWaterMarkBytes');
    expectTypeOf<AmiPoolOptions>().toHaveProperty('idleTimeoutMs');
    // @ts-expect-error keepalive is the pool's job (health checks), not an option
    expect(() => new AmiPool({ url: server.url, keepaliveMs: 1000 })).not.toThrow();
  });

  it('refuses impossible limits with AmiInputError naming the option', () => {
    for (const [options, field] of [
      [{ maxConnections: 0 }, 'maxConnections'],
      [{ minConnections: 3, maxConnections: 2 }, 'minConnections'],
      [{ idleTimeoutMs: 2 ** 31 }, 'idleTimeoutMs'],
      [{ acquireTimeoutMs: -1 }, 'acquireTimeoutMs'],
    ] as const) {
      const error = (() => {
        try {
          return new AmiPool({ url: server.url, ...options });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AmiInputError);
      expect((error as AmiInputError).field).toBe(field);
    }
  });
});

describe('AmiPool as a sender', () => {
  it('pool.send acquires a connection, runs the action and releases it', async () => {
    const p = pool({ minConnections: 0 });
    const pong = await p.send({ Action: 'Ping' });
    expect(pong.Ping).toBe('Pong');
    expect(p.stats).toEqual({ size: 1, idle: 1, inUse: 0, waiting: 0 });
  });

  it('pool.sendList resolves with the list and releases the connection', async () => {
    server.handle('QueueStatus', (action) =>
      eventListFrames(
        action.ActionID!,
        [
          { Event: 'QueueParams', Queue: 'q1' },
          { Event: 'QueueParams', Queue: 'q2' },
        ],
        'QueueStatusComplete',
      ),
    );
    const p = pool({ minConnections: 0 });
    const list = await p.sendList({ Action: 'QueueStatus' });
    expect(list.events.map((e) => e.Queue)).toEqual(['q1', 'q2']);
    expect(p.stats.inUse).toBe(0);
  });

  it('runs the generic action helpers (and so every generated action) directly', async () => {
    server.handle('Getvar', (action) => ({ Variable: String(action.Variable), Value: 'v' }));
    const p = pool({ minConnections: 0 });
    const response = await sendAction(p, 'Getvar', { Variable: 'X' }, ['Variable']);
    expect(response.Value).toBe('v');
  });

  it('serves 100 concurrent sends on 5 connections', async () => {
    const p = pool({ minConnections: 0, maxConnections: 5, acquireTimeoutMs: 10_000 });
    const results = await Promise.all(Array.from({ length: 100 }, () => p.send({ Action: 'Ping' })));
    expect(results.every((r) => r.Ping === 'Pong')).toBe(true);
    expect(logins()).toBeLessThanOrEqual(5);
    expect(p.stats).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it('pool.send passes the action error through and keeps the connection', async () => {
    const p = pool({ minConnections: 1, maxConnections: 1 });
    await p.connect();
    await expect(p.send({ Action: 'NoSuchThing' })).rejects.toMatchObject({ code: 'AMI_ACTION' });
    expect(p.stats).toEqual({ size: 1, idle: 1, inUse: 0, waiting: 0 });
    expect(logins()).toBe(1);
  });

  describe('with a fake clock', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });

    it("pool.send's timeoutMs bounds the wait for a connection too", async () => {
      const p = pool({ minConnections: 1, maxConnections: 1, acquireTimeoutMs: 60_000 });
      await p.connect();
      const held = await p.acquire();
      const sent = watch(p.send({ Action: 'Ping' }, { timeoutMs: 200 }));
      await vi.advanceTimersByTimeAsync(200);
      expect(sent.error).toBeInstanceOf(AmiPoolExhaustedError);
      // nothing ran: the caller may retry
      expect((sent.error as AmiPoolExhaustedError).sent).toBe(false);
      expect(count('Ping')).toBe(0);
      p.release(held);
    });

    it('closes idle connections beyond minConnections after idleTimeoutMs (10 s by default)', async () => {
      const p = pool({ minConnections: 1, maxConnections: 5 });
      const removed: string[] = [];
      p.on('remove', (info) => removed.push(info.reason));
      const held = await Promise.all(Array.from({ length: 5 }, () => p.acquire()));
      for (const conn of held) p.release(conn);
      expect(p.stats).toEqual({ size: 5, idle: 5, inUse: 0, waiting: 0 });
      await vi.advanceTimersByTimeAsync(9_999);
      expect(p.stats.size).toBe(5);
      await vi.advanceTimersByTimeAsync(1);
      expect(p.stats).toEqual({ size: 1, idle: 1, inUse: 0, waiting: 0 });
      expect(removed).toEqual(Array.from({ length: 4 }, () => 'idle for 10000 ms (idleTimeoutMs)'));
      await settle(() => count('Logoff') === 4);
      // the one kept is the most recently used: it still works
      expect((await p.send({ Action: 'Ping' })).Ping).toBe('Pong');
    });

    it('health-checks idle connections with Ping, also in a pool never connect()ed', async () => {
      const p = pool({ minConnections: 0, healthCheckMs: 30_000, idleTimeoutMs: 0 });
      const removed: { reason: string; error?: unknown }[] = [];
      p.on('remove', (info) => removed.push(info));
      await p.send({ Action: 'Ping' });
      server.handle('Ping', () => undefined);
      await vi.advanceTimersByTimeAsync(30_000);
      await settle(() => count('Ping') === 2);
      expect(removed).toEqual([]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(removed.map((r) => r.reason)).toEqual(['failed its health check']);
      expect(removed[0]!.error).toBeInstanceOf(AmiTimeoutError);
      expect(p.stats.size).toBe(0);
    });

    it('refuses an acquire timeout a timer cannot hold instead of firing at once', async () => {
      const p = pool({ minConnections: 0 });
      await expect(p.acquire({ timeoutMs: 2 ** 31 })).rejects.toBeInstanceOf(AmiInputError);
      expect(p.stats.size).toBe(0);
    });

    it('keeps idle connections with idleTimeoutMs: 0', async () => {
      // (no health checks: a fake hour would time out their Pings, whose answers need real time)
      const p = pool({ minConnections: 0, maxConnections: 3, idleTimeoutMs: 0, healthCheckMs: 0 });
      const held = await Promise.all(Array.from({ length: 3 }, () => p.acquire()));
      for (const conn of held) p.release(conn);
      await vi.advanceTimersByTimeAsync(3_600_000);
      expect(p.stats.idle).toBe(3);
    });
  });
});

describe('AmiPool shutdown', () => {
  it('close() lets lent connections finish, rejects waiters, logs everything off; closeAll is the same', async () => {
    let answer: (() => void) | undefined;
    server.handle('Slow', (action, conn) => {
      answer = () => conn.respond(action, { Done: 'yes' });
      return undefined;
    });
    const p = pool({ minConnections: 2, maxConnections: 2 });
    await p.connect();
    const slow = p.send({ Action: 'Slow' });
    const held = await p.acquire();
    const waiting = p.acquire();
    await until(() => answer !== undefined && p.stats.waiting === 1);
    const closing = p.close();
    expect(p.closeAll()).toBe(closing);
    expect(p.close()).toBe(closing);
    await expect(waiting).rejects.toBeInstanceOf(AmiPoolClosedError);
    await expect(p.acquire()).rejects.toBeInstanceOf(AmiPoolClosedError);
    await expect(p.send({ Action: 'Ping' })).rejects.toMatchObject({ code: 'AMI_POOL_CLOSED', sent: false });
    // lent connections still work until released
    expect((await held.send({ Action: 'Ping' })).Ping).toBe('Pong');
    answer!();
    expect((await slow).Done).toBe('yes');
    const closed = watch(closing);
    await until(() => count('Logoff') === 1);
    expect(closed.settled).toBe(false);
    p.release(held);
    await closing;
    expect(count('Logoff')).toBe(2);
    expect(p.stats.size).toBe(0);
  });

  it('destroy() closes lent connections at once, without Logoff, and ends a pending close()', async () => {
    server.handle('Hang', () => undefined);
    const p = pool({ minConnections: 1, maxConnections: 2 });
    await p.connect();
    const held = await p.acquire();
    const hanging = held.send({ Action: 'Hang' }, { timeoutMs: 60_000 });
    await until(() => count('Hang') === 1);
    const closing = p.close();
    p.destroy();
    await expect(hanging).rejects.toBeInstanceOf(AmiConnectionError);
    await closing;
    expect(() => p.release(held)).not.toThrow();
    expect(count('Logoff')).toBe(0);
    await until(() => server.connections.size === 0);
  });

  it("emits 'remove' exactly once per connection, whatever removes it", async () => {
    const p = pool({ minConnections: 1, maxConnections: 2 });
    const removed: string[] = [];
    p.on('remove', (info) => removed.push(info.reason));
    await p.connect();
    const lost = await p.acquire();
    const other = await p.acquire();
    server.dropAll();
    await until(() => removed.length === 2);
    p.release(lost);
    p.release(other, { destroy: true });
    await until(() => p.stats.idle === 1);
    await p.close();
    expect(removed.sort()).toEqual(['connection lost while in use', 'connection lost while in use', 'pool closed']);
    expect(removed).toHaveLength(logins());
  });
});

describe('AmiPool when Asterisk goes away', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });

  it('gives every waiter a new connection once the server is back after a blip', async () => {
    const proxy = await BlipProxy.start(server.port);
    try {
      const held: ReceivedAction[] = [];
      let blipped = false;
      server.handle('Work', (action) => {
        if (blipped) return { N: String(action.N) };
        held.push(action);
        return undefined;
      });
      const url = `ami://admin:admin@127.0.0.1:${proxy.port}`;
      const p = pool({ url, minConnections: 0, maxConnections: 5, acquireTimeoutMs: 60_000 });
      const work = (conn: PooledConnection, n: number) => conn.send({ Action: 'Work', N: n }, { timeoutMs: 60_000 });
      const calls = Array.from({ length: 50 }, (_, i) => watch(p.use(async (conn) => (await work(conn, i)).N)));
      await settle(() => held.length === 5 && p.stats.waiting === 45);
      blipped = true;
      proxy.down();
      // (size 0: every attempt to reconnect has failed, and the retry waits for the clock)
      await settle(() => calls.filter((c) => c.settled).length === 5 && proxy.refused >= 1 && p.stats.size === 0);
      // the five actions in flight were lost with their connections (never re-sent elsewhere)
      expect(calls.filter((c) => c.error instanceof AmiConnectionError)).toHaveLength(5);
      expect(p.stats.waiting).toBe(45);
      proxy.up();
      // one retry is due within the longest retry delay; after it, only sockets are involved
      await vi.advanceTimersByTimeAsync(2_000);
      await settle(() => calls.every((c) => c.settled));
      const served = calls.filter((c) => c.value !== undefined).map((c) => Number(c.value));
      expect(served).toHaveLength(45);
      expect(count('Work')).toBe(50);
      expect(p.stats).toMatchObject({ inUse: 0, waiting: 0 });
      expect(p.stats.size).toBeLessThanOrEqual(5);
    } finally {
      await proxy.close();
    }
  });

  it('a waiter whose time runs out while the server is down learns that the pool cannot connect, and why', async () => {
    const gone = await FakeAmiServer.start();
    const url = gone.url;
    const port = gone.port;
    await gone.close();
    const p = pool({ url, minConnections: 0, maxConnections: 2, acquireTimeoutMs: 1_000 });
    const acquired = watch(p.acquire());
    await vi.advanceTimersByTimeAsync(999);
    expect(acquired.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = acquired.error as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.message).toContain(`no AMI connection within 1000 ms: cannot connect to 127.0.0.1:${port}: `);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.cause).toBeInstanceOf(AmiConnectionError);
    expect(p.stats).toEqual({ size: 0, idle: 0, inUse: 0, waiting: 0 });
  });

  it('says all connections are in use only when they are', async () => {
    const p = pool({ minConnections: 0, maxConnections: 1, acquireTimeoutMs: 1_000 });
    const held = await p.acquire();
    const acquired = watch(p.acquire());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(acquired.error).toBeInstanceOf(AmiPoolExhaustedError);
    expect((acquired.error as Error).message).toMatch(/all 1 connections \(maxConnections\) are in use/);
    p.release(held);
  });

  it('a refused login fails every waiter at once instead of retrying', async () => {
    const p = pool({ secret: 'wrong', minConnections: 0, maxConnections: 1, acquireTimeoutMs: 60_000 });
    const waiting = [watch(p.acquire()), watch(p.acquire())];
    await settle(() => waiting.every((w) => w.settled));
    expect(waiting.map((w) => w.error instanceof AmiAuthError)).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(logins()).toBe(1);
  });
});

describe('AmiPool acquire while a connection opens', () => {
  let silent: SilentServer;
  beforeEach(async () => {
    silent = await SilentServer.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(async () => {
    await silent.close();
  });

  it('acquireTimeoutMs bounds the whole acquire, and the unneeded socket is closed', async () => {
    const p = new AmiPool({ url: silent.url, minConnections: 0, acquireTimeoutMs: 300, connectTimeoutMs: 10_000 });
    pools.push(p);
    const acquired = watch(p.acquire());
    await settle(() => silent.sockets.size === 1);
    await vi.advanceTimersByTimeAsync(300);
    expect(acquired.error).toBeInstanceOf(AmiTimeoutError);
    expect((acquired.error as Error).message).toMatch(
      /no AMI connection within 300 ms: a new connection to .* is still opening/,
    );
    await settle(() => silent.sockets.size === 0);
    expect(p.stats.size).toBe(0);
  });

  it('the signal of acquire() ends it while a connection opens', async () => {
    const p = new AmiPool({ url: silent.url, minConnections: 0, connectTimeoutMs: 10_000, acquireTimeoutMs: 10_000 });
    pools.push(p);
    const controller = new AbortController();
    const acquired = watch(p.acquire({ signal: controller.signal }));
    await settle(() => silent.sockets.size === 1);
    controller.abort(new Error('client went away'));
    await settle(() => acquired.settled);
    expect(acquired.error).toBeInstanceOf(AmiAbortError);
    expect((acquired.error as Error).cause).toEqual(new Error('client went away'));
    await settle(() => silent.sockets.size === 0);
  });

  it('the signal of pool.send() ends it while a connection opens', async () => {
    const p = new AmiPool({ url: silent.url, minConnections: 0, connectTimeoutMs: 10_000 });
    pools.push(p);
    const controller = new AbortController();
    const sent = watch(p.send({ Action: 'Ping' }, { signal: controller.signal }));
    await settle(() => silent.sockets.size === 1);
    controller.abort();
    await settle(() => sent.settled);
    expect(sent.error).toBeInstanceOf(AmiAbortError);
  });

  it("a caller giving up closes its own opening, not connect()'s; destroy() ends connect() as closed", async () => {
    const p = new AmiPool({ url: silent.url, minConnections: 2, acquireTimeoutMs: 300, connectTimeoutMs: 10_000 });
    pools.push(p);
    const acquired = watch(p.acquire());
    await settle(() => silent.sockets.size === 1);
    const connected = watch(p.connect());
    await settle(() => silent.sockets.size === 3);
    await vi.advanceTimersByTimeAsync(300);
    expect(acquired.error).toBeInstanceOf(AmiTimeoutError);
    await settle(() => silent.sockets.size === 2);
    expect(connected.settled).toBe(false);
    p.destroy();
    await settle(() => connected.settled);
    expect(connected.error).toBeInstanceOf(AmiPoolClosedError);
    await settle(() => silent.sockets.size === 0);
  });

  it('an opening still needed by another caller is kept', async () => {
    const p = new AmiPool({ url: silent.url, minConnections: 0, maxConnections: 1, connectTimeoutMs: 10_000 });
    pools.push(p);
    const controller = new AbortController();
    const first = watch(p.acquire({ signal: controller.signal }));
    const second = watch(p.acquire());
    await settle(() => silent.sockets.size === 1);
    controller.abort();
    await settle(() => first.settled);
    await vi.advanceTimersByTimeAsync(100);
    expect(silent.sockets.size).toBe(1);
    expect(second.settled).toBe(false);
  });
});
