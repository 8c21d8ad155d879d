import { afterAll, describe, expect, it } from 'vitest';
import { AmiActionError, AmiClient, AmiConnectionError, AmiPool, type EventGap } from '../../src/index.js';
import { AMI_URL, closeAll, connectClient, eventually, hasAsterisk } from '../integration/env.js';

// Restarts the live Asterisk (`core restart now`), so this file runs alone, after every other
// test file (its own vitest project with a later group order).
describe.skipIf(!hasAsterisk)('integration: Asterisk restarts under load', () => {
  const pools: AmiPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.closeAll()));
    await closeAll();
  });

  async function restartAsterisk(): Promise<void> {
    const admin = new AmiClient({ url: AMI_URL, reconnect: false, events: 'off' });
    await admin.connect();
    // Asterisk drops every manager session at once, so the answer never comes; an answer means
    // the restart was refused.
    const answer = await admin
      .send({ Action: 'Command', Command: 'core restart now' })
      .catch((error: unknown) => error);
    admin.destroy();
    if (!(answer instanceof AmiConnectionError)) throw new Error(`Asterisk did not restart: ${JSON.stringify(answer)}`);
  }

  /** Waits until Asterisk accepts logins again and has finished booting (it refuses to restart before). */
  async function waitForAsterisk(): Promise<void> {
    await eventually(
      async () => {
        const probe = new AmiClient({ url: AMI_URL, reconnect: false, connectTimeoutMs: 1000, events: 'off' });
        try {
          await probe.connect();
          await probe.send({ Action: 'Command', Command: 'core waitfullybooted' }, { timeoutMs: 20_000 });
          return true;
        } catch {
          return false;
        } finally {
          probe.destroy();
        }
      },
      (ok) => ok,
      30_000,
    );
  }

  it('11. actions in flight when Asterisk stops reject with AmiConnectionError, quickly', async () => {
    const client = await connectClient({ events: 'off' });
    // Asterisk handles a session's actions in order: nothing sent after the restart is answered.
    const restart = client.send({ Action: 'Command', Command: 'core restart now' }, { timeoutMs: 30_000 });
    const inFlight = Array.from({ length: 100 }, () => client.send({ Action: 'Ping' }, { timeoutMs: 30_000 }));
    const started = Date.now();
    const results = await Promise.allSettled([restart, ...inFlight]);
    const elapsed = Date.now() - started;
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const result of rejected) expect(result.reason).toBeInstanceOf(AmiConnectionError);
    // "quickly": far below the 30 s action timeout, i.e. on the socket close, not on a timer
    expect(elapsed).toBeLessThan(10_000);
    await waitForAsterisk();
  });

  it('a streaming client reconnects and a pool replaces its connections; nothing is lost silently', async () => {
    const streamer = new AmiClient({
      url: AMI_URL,
      events: 'on',
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      keepaliveMs: 0,
    });
    await streamer.connect();
    const gaps: EventGap[] = [];
    const tag = `TsamiRestart${Date.now()}`;
    const stream = streamer.events({ filter: (e) => e.UserEvent === tag, onGap: (gap) => gaps.push(gap) });
    const reconnected = new Promise((resolve) => streamer.once('reconnected', resolve));

    const pool = new AmiPool({ url: AMI_URL, minConnections: 3, maxConnections: 6, acquireTimeoutMs: 20_000 });
    pools.push(pool);
    await pool.connect();

    // keep the pool busy while Asterisk restarts
    let stop = false;
    const outcomes = { ok: 0, connectionErrors: 0, shuttingDown: 0, other: [] as unknown[] };
    const workers = Array.from({ length: 6 }, async () => {
      while (!stop) {
        try {
          await pool.use((conn) => conn.send({ Action: 'Ping' }, { timeoutMs: 20_000 }));
          outcomes.ok++;
        } catch (error) {
          if (error instanceof AmiConnectionError) outcomes.connectionErrors++;
          // While it stops, Asterisk still answers some actions, with an error of its own.
          else if (error instanceof AmiActionError && /shutting down/i.test(error.message)) outcomes.shuttingDown++;
          else outcomes.other.push(error);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });
    await eventually(
      () => outcomes.ok,
      (n) => n > 50,
    );
    const okBefore = outcomes.ok;
    await restartAsterisk();
    await reconnected;
    expect(gaps.map((g) => g.reason)).toContain('reconnect');

    // events resume on the same iterator
    const sender = await connectClient({ events: 'off' });
    await sender.send({ Action: 'UserEvent', UserEvent: tag, Phase: 'after' });
    const { value } = await stream.next();
    expect(value?.Phase).toBe('after');

    // the pool serves again on fresh connections
    await eventually(
      () => outcomes.ok,
      (n) => n > okBefore + 50,
      30_000,
    );
    stop = true;
    await Promise.all(workers);
    // every action completed, or failed with AmiConnectionError (or Asterisk's own "shutting
    // down" answer): none hung, none failed otherwise
    expect(outcomes.other).toEqual([]);
    expect(outcomes.connectionErrors + outcomes.shuttingDown).toBeGreaterThan(0);
    expect(pool.stats.inUse).toBe(0);
    expect(pool.stats.size).toBeGreaterThanOrEqual(3);
    await stream.return();
    await streamer.close();
    await waitForAsterisk();
  });
});
