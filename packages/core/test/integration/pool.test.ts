import { afterAll, describe, expect, it } from 'vitest';
import { AmiPool, AmiPoolExhaustedError } from '../../src/index.js';
import { AMI_URL, hasAsterisk } from './env.js';

describe.skipIf(!hasAsterisk)('integration: AmiPool on a real Asterisk', () => {
  const pools: AmiPool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.closeAll())));

  function pool(min: number, max: number, acquireTimeoutMs = 10_000): AmiPool {
    const created = new AmiPool({ url: AMI_URL, minConnections: min, maxConnections: max, acquireTimeoutMs });
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
    expect(p.stats.idle).toBe(p.stats.size);
    expect(p.stats.size).toBeLessThanOrEqual(20);
  });

  it('reports exhaustion when every connection stays taken', async () => {
    const p = pool(0, 2, 200);
    const held = [await p.acquire(), await p.acquire()];
    await expect(p.acquire()).rejects.toBeInstanceOf(AmiPoolExhaustedError);
    for (const conn of held) p.release(conn);
    expect(p.stats).toMatchObject({ size: 2, idle: 2, inUse: 0 });
  });
});
