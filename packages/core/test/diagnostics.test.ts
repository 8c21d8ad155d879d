import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmiClient, AmiPool, channelNames, type AmiClientOptions } from '../src/index.js';
import { FakeAmiServer } from '../src/testing/index.js';
import { until } from './wait.js';

const SECRET = 'n0t-for-logs';
let server: FakeAmiServer;
const clients: AmiClient[] = [];
const seen: { channel: string; message: Record<string, unknown> }[] = [];
const listeners = Object.values(channelNames).map((name) => {
  const listener = (message: unknown): void =>
    void seen.push({ channel: name, message: message as Record<string, unknown> });
  return { name, listener };
});

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({ url: server.url, username: 'admin', secret: SECRET, reconnect: false, ...options });
  clients.push(c);
  return c;
}

const on = (channel: string): Record<string, unknown>[] =>
  seen.filter((m) => m.channel === channel).map((m) => m.message);

beforeEach(async () => {
  server = await FakeAmiServer.start({ users: { admin: SECRET } });
  seen.length = 0;
  for (const { name, listener } of listeners) subscribe(name, listener);
});

afterEach(async () => {
  for (const { name, listener } of listeners) unsubscribe(name, listener);
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

describe('diagnostics channels', () => {
  it('publish connect, action start and end with outcomes, and events, never the secret', async () => {
    const c = client();
    await c.connect();
    await c.send({ Action: 'Ping' });
    await c.send({ Action: 'NoSuchAction' }).catch(() => undefined);
    await c.send({ Action: 'Ping' }, { timeoutMs: 1, signal: AbortSignal.abort() }).catch(() => undefined);
    server.broadcastEvent('Hangup', { Channel: 'PJSIP/1-1' });
    await until(() => on(channelNames.event).length === 1);

    const [connect] = on(channelNames.connect);
    expect(connect).toMatchObject({
      connection: { host: '127.0.0.1', port: server.port, tls: false, username: 'admin' },
      amiVersion: '11.0.0',
    });
    expect(connect!.durationMs).toBeGreaterThanOrEqual(0);
    expect(connect!.error).toBeUndefined();

    const ends = on(channelNames.actionEnd).map((m) => [m.action, m.outcome]);
    expect(ends).toEqual([
      ['Challenge', 'success'],
      ['Login', 'success'],
      ['Ping', 'success'],
      ['NoSuchAction', 'error'],
    ]);
    const starts = on(channelNames.actionStart);
    expect(starts.map((m) => m.action)).toEqual(['Challenge', 'Login', 'Ping', 'NoSuchAction']);
    // no field values unless asked
    expect(starts.every((m) => m.fields === undefined)).toBe(true);
    expect(starts[2]!.actionId).toBe(on(channelNames.actionEnd)[2]!.actionId);

    expect(on(channelNames.event)).toMatchObject([
      { name: 'Hangup', event: { Event: 'Hangup', Channel: 'PJSIP/1-1' } },
    ]);
    for (const { message } of seen) {
      expect(JSON.stringify(message)).not.toContain(SECRET);
      expect(inspect(message, { depth: 10, showHidden: true })).not.toContain(SECRET);
    }
  });

  it('with traceFields, action fields come along with Secret and Key masked', async () => {
    const c = client({ authType: 'plain', traceFields: true });
    await c.connect();
    await c.send({ Action: 'Ping', Variable: 'X', Value: '1' });
    const [login, setvar] = on(channelNames.actionStart);
    expect(login!.fields).toMatchObject({ Action: 'Login', Username: 'admin', Secret: '***' });
    expect(setvar!.fields).toMatchObject({ Action: 'Ping', Variable: 'X', Value: '1' });
    expect(JSON.stringify(seen)).not.toContain(SECRET);
  });

  it('publish a failed connect with its error', async () => {
    const c = client({ secret: 'wrong' });
    await c.connect().catch(() => undefined);
    const [connect] = on(channelNames.connect);
    expect(connect!.error).toBeInstanceOf(Error);
    expect(on(channelNames.actionEnd).map((m) => [m.action, m.outcome])).toEqual([
      ['Challenge', 'success'],
      ['Login', 'error'],
    ]);
  });

  it('publish the gap and the reconnect of a dropped connection', async () => {
    const c = client({ reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    await c.connect();
    server.dropAll();
    await until(() => on(channelNames.reconnect).length > 0 && on(channelNames.gap).length > 0);
    expect(on(channelNames.gap)[0]).toMatchObject({ reason: 'reconnect', connection: { username: 'admin' } });
    expect(on(channelNames.reconnect)[0]).toMatchObject({ attempt: 1 });
    expect(on(channelNames.reconnect)[0]!.delayMs).toBeLessThanOrEqual(10);
  });

  it('publish pool acquire and release', async () => {
    const pool = new AmiPool({ url: server.url, username: 'admin', secret: SECRET, maxConnections: 1 });
    try {
      await pool.send({ Action: 'Ping' });
      const connection = await pool.acquire();
      pool.release(connection, { destroy: true });
      expect(on(channelNames.poolAcquire)).toHaveLength(2);
      expect(on(channelNames.poolRelease).map((m) => m.destroyed)).toEqual([false, true]);
      expect(on(channelNames.poolRelease)[0]!.heldMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(seen)).not.toContain(SECRET);
    } finally {
      pool.destroy();
    }
  });
});

describe('the wire trace', () => {
  it('sees every frame both ways with the secret, the MD5 key and the challenge masked', async () => {
    const frames: string[] = [];
    const c = client({ trace: (direction, text) => frames.push(`${direction} ${text}`) });
    await c.connect();
    await c.send({ Action: 'Ping' });
    const all = frames.join('');
    expect(frames.some((f) => f.startsWith('out Action: Ping'))).toBe(true);
    expect(frames.some((f) => f.startsWith('in ') && f.includes('Ping: Pong'))).toBe(true);
    expect(all).toMatch(/Key: \*\*\*/);
    expect(all).toMatch(/Challenge: \*\*\*/);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/Key: [0-9a-f]{32}/);
  });

  it('masks a plain login secret', async () => {
    const frames: string[] = [];
    const c = client({ authType: 'plain', trace: (_direction, text) => frames.push(text) });
    await c.connect();
    expect(frames.join('')).toContain('Secret: ***');
    expect(frames.join('')).not.toContain(SECRET);
  });
});
