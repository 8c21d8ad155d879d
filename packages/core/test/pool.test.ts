import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AmiAbortError,
  AmiAuthError,
  AmiConnectionError,
  AmiPool,
  AmiPoolClosedError,
  AmiPoolExhaustedError,
  AmiPoolMisuseError,
  type AmiPoolOptions,
  type PooledConnection,
} from '../src/index.js';
import { FakeAmiServer } from '../src/testing/index.js';
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


beforeEach(async () => {
  server = await FakeAmiServer.start();
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()));
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

  it('closeAll rejects waiters, closes everything, and is idempotent', async () => {
    const p = pool({ minConnections: 1, maxConnections: 1 });
    await p.connect();
    const held = await p.acquire();
    const waiting = p.acquire();
    const closing = p.closeAll();
    expect(p.closeAll()).toBe(closing);
    await expect(waiting).rejects.toBeInstanceOf(AmiPoolClosedError);
    await closing;
    expect(() => p.release(held)).not.toThrow();
    await expect(p.acquire()).rejects.toBeInstanceOf(AmiPoolClosedError);
    expect(p.stats.size).toBe(0);
  });
});
