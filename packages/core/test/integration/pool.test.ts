import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AmiPool, AmiPoolExhaustedError, parseAmiUrl, sendAction, sendListAction } from '../../src/index.js';
import { BlipProxy } from '../pool-servers.js';
import { AMI_URL, eventually, hasAsterisk } from './env.js';

describe.skipIf(!hasAsterisk)('integration: AmiPool on a real Asterisk', () => {
  const pools: AmiPool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.close())));

  function pool(min: number, max: number, acquireTimeoutMs = 10_000, idleTimeoutMs?: number): AmiPool {
    const created = new AmiPool({
      url: AMI_URL,
      minConnections: min,
      maxConnections: max,
      acquireTimeoutMs,
      idleTimeoutMs,
    });
    pools.push(created);
    return created;
  }

  it('serves 200 concurrent use() calls on 20 connections without leaking any', async () => {
    const p = pool(2, 20);
    await p.connect();
    expect(p.stats).toMatchObject({ size: 2, idle: 2 });
    const names = Array.from({ length: 200 }, (_, i) => `TSAMI_POOL_${i}`);
    const values = await Promise.all(
      names.map((name) => p.use(async (conn) => (await conn.send({ Action: 'Getvar', Variable: name })).Variable)),
    );
    expect(values).toEqual(names);
    expect(p.stats.inUse).toBe(0);
    expect(p.stats.waiting).toBe(0);
    // a connection opened for a caller who got a released one meanwhile joins the idle ones
    await eventually(
      () => p.stats,
      (stats) => stats.idle === stats.size,
    );
    expect(p.stats.size).toBeLessThanOrEqual(20);
  });

  it('reports exhaustion when every connection stays taken', async () => {
    const p = pool(0, 2, 200);
    const held = [await p.acquire(), await p.acquire()];
    await expect(p.acquire()).rejects.toBeInstanceOf(AmiPoolExhaustedError);
    for (const conn of held) p.release(conn);
    expect(p.stats).toMatchObject({ size: 2, idle: 2, inUse: 0 });
  });

  it('runs actions directly on the pool with pool.send and pool.sendList', async () => {
    const p = pool(0, 4);
    const names = Array.from({ length: 40 }, (_, i) => `TSAMI_POOL_SEND_${i}`);
    const values = await Promise.all(names.map((name) => p.send({ Action: 'Getvar', Variable: name })));
    expect(values.map((response) => response.Variable)).toEqual(names);
    const status = await sendAction(p, 'CoreStatus', {}, []);
    expect(status.Response).toBe('Success');
    const channels = await sendListAction(p, 'CoreShowChannels', {}, [], 'CoreShowChannelsComplete');
    expect(channels.complete?.Event).toBe('CoreShowChannelsComplete');
    expect(p.stats).toMatchObject({ inUse: 0, waiting: 0 });
    expect(p.stats.size).toBeLessThanOrEqual(4);
  });

  it('shrinks back to minConnections once idle, and close() logs the rest off', async () => {
    const p = pool(1, 5, 10_000, 300);
    const removed: string[] = [];
    p.on('remove', (info) => removed.push(info.reason));
    await p.connect();
    const held = await Promise.all(Array.from({ length: 5 }, () => p.acquire()));
    for (const conn of held) p.release(conn);
    expect(p.stats.size).toBe(5);
    await eventually(
      () => p.stats.size,
      (size) => size === 1,
    );
    expect(removed).toEqual(Array.from({ length: 4 }, () => 'idle for 300 ms (idleTimeoutMs)'));
    expect((await p.send({ Action: 'Ping' })).Ping).toBe('Pong');
    await p.close();
    expect(removed).toHaveLength(5);
  });

  it('never prints the secret of the live connection', async () => {
    const secret = parseAmiUrl(AMI_URL!).secret!;
    const p = pool(1, 1);
    await p.connect();
    await p.use((conn) => {
      for (const value of [p, conn, conn.client]) {
        for (const text of [
          inspect(value, { depth: Infinity, showHidden: true }),
          format('%s %o %j', value, value, value),
        ]) {
          expect(text).not.toContain(secret);
        }
      }
      return Promise.resolve();
    });
  });

  it('serves every waiting caller again after the network to Asterisk blips', async () => {
    const { host, port, username, secret } = parseAmiUrl(AMI_URL!);
    const proxy = await BlipProxy.start(port, host);
    try {
      const through = { host: '127.0.0.1', port: proxy.port, username, secret };
      const p = new AmiPool({ ...through, minConnections: 0, maxConnections: 5 });
      pools.push(p);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      // five callers hold the five connections; 45 more wait for one
      const holders = Array.from({ length: 5 }, () =>
        p.use(async (conn) => {
          await gate;
          return conn.send({ Action: 'Ping' });
        }),
      );
      const names = Array.from({ length: 45 }, (_, i) => `TSAMI_POOL_BLIP_${i}`);
      const waiters = names.map((name) => p.send({ Action: 'Getvar', Variable: name }));
      await eventually(
        () => p.stats,
        (stats) => stats.inUse === 5 && stats.waiting === 45,
      );
      proxy.down();
      await eventually(
        () => proxy.refused,
        (refused) => refused > 0,
      );
      open();
      const held = await Promise.allSettled(holders);
      expect(held.map((outcome) => outcome.status)).toEqual(Array.from({ length: 5 }, () => 'rejected'));
      proxy.up();
      const values = await Promise.all(waiters);
      expect(values.map((response) => response.Variable)).toEqual(names);
      expect(p.stats).toMatchObject({ inUse: 0, waiting: 0 });
    } finally {
      await proxy.close();
    }
  });
});
