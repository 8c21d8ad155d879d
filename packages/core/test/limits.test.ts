import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AmiAbortError,
  type AmiClient,
  AmiLimitError,
  AmiTimeoutError,
  type AmiClientOptions,
  type AmiEvent,
} from '../src/index.js';
import type { FakeAmiServer } from '../src/testing/index.js';
import { eventFrame, frame, responseFrame, type FakeAmiConnection } from '../src/testing/index.js';
import { fakeServerPerTest } from './harness.js';
import { until } from './wait.js';

const harness = fakeServerPerTest({ actionTimeoutMs: 5000 });
const client = harness.client;
let server: FakeAmiServer;
beforeEach(() => {
  server = harness.server;
});

async function connected(
  options: Partial<AmiClientOptions> = {},
): Promise<{ c: AmiClient; connection: FakeAmiConnection }> {
  const c = client(options);
  const accepted = server.nextConnection();
  await c.connect();
  return { c, connection: await accepted };
}

/** 100 headers of ~1000 bytes: one action of about 100 KB. */
const BULK: Record<string, string> = Object.fromEntries(
  Array.from({ length: 100 }, (_, n) => [`X-Fill-${n}`, 'f'.repeat(990)]),
);

/**
 * Makes the server stop reading, then sends bulky actions until the socket refuses more and
 * the client holds some back. Returns the bulky actions' outcomes.
 */
async function blockWrites(c: AmiClient, connection: FakeAmiConnection): Promise<Promise<unknown>[]> {
  server.handle('Bulk', () => ({}));
  connection.socket.pause();
  const bulk: Promise<unknown>[] = [];
  while (c.unwrittenActions === 0) {
    if (bulk.length > 2000) throw new Error('the socket never pushed back');
    bulk.push(c.send({ Action: 'Bulk', ...BULK }, { timeoutMs: 0 }).catch((e: unknown) => e));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return bulk;
}

describe('outgoing queue and backpressure', () => {
  it('holds actions back while the server does not read, and rejects at once when the queue is full', async () => {
    const { c, connection } = await connected({ maxUnwrittenActions: 3 });
    const bulk = await blockWrites(c, connection);
    const waiting = c.unwrittenActions;
    const extra = Array.from({ length: 3 - waiting }, () => c.send({ Action: 'Ping' }, { timeoutMs: 0 }));
    const refused = await c.send({ Action: 'Ping' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AmiLimitError);
    expect(refused).toMatchObject({ code: 'AMI_LIMIT', limit: 'maxUnwrittenActions', sent: false });
    // Once the server reads again, everything queued goes out and is answered.
    connection.socket.resume();
    expect((await Promise.all(extra)).map((a) => a.Ping)).toEqual(extra.map(() => 'Pong'));
    expect((await Promise.all(bulk)).every((a) => (a as { Response?: string }).Response === 'Success')).toBe(true);
  });

  it('bounds the queue by bytes too', async () => {
    const { c, connection } = await connected({ maxUnwrittenBytes: 250_000 });
    const bulk = await blockWrites(c, connection);
    const more = Array.from({ length: 5 }, () => c.send({ Action: 'Bulk', ...BULK }).catch((e: unknown) => e));
    connection.socket.resume();
    const outcomes = await Promise.all([...bulk, ...more]);
    const refused = outcomes.filter((o) => o instanceof AmiLimitError);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => o instanceof AmiLimitError && o.limit === 'maxUnwrittenBytes' && !o.sent)).toBe(true);
    // what was refused was never written
    await until(() => server.received.filter((a) => a.Action === 'Bulk').length === outcomes.length - refused.length);
  });

  it('never writes an action whose signal fired while it waited for the socket (sent: false)', async () => {
    const { c, connection } = await connected();
    const bulk = await blockWrites(c, connection);
    const abort = new AbortController();
    const originate = c.send(
      { Action: 'Originate', ActionID: 'never-written', Channel: 'Local/1@x' },
      { signal: abort.signal },
    );
    const after = c.send({ Action: 'Ping', ActionID: 'written-after' }, { timeoutMs: 0 });
    abort.abort();
    const error = await originate.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiAbortError);
    expect(error).toMatchObject({ sent: false });
    connection.socket.resume();
    await after;
    await Promise.all(bulk);
    expect(server.received.map((a) => a.ActionID)).toContain('written-after');
    expect(server.received.map((a) => a.ActionID)).not.toContain('never-written');
  });

  it('never writes an action whose timeout expired while it waited for the socket (fake clock)', async () => {
    const { c, connection } = await connected();
    const bulk = await blockWrites(c, connection);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const originate = c.send({ Action: 'Originate', ActionID: 'expired', Channel: 'Local/1@x' }, { timeoutMs: 1000 });
    const outcome = originate.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await outcome;
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect(error).toMatchObject({ sent: false });
    vi.useRealTimers();
    const after = c.send({ Action: 'Ping', ActionID: 'written-after' }, { timeoutMs: 0 });
    connection.socket.resume();
    await after;
    await Promise.all(bulk);
    expect(server.received.map((a) => a.ActionID)).not.toContain('expired');
  });

  it('says sent: true for an action that was written before its timeout or the connection loss', async () => {
    server.handle('Originate', () => undefined);
    const { c } = await connected();
    const abort = new AbortController();
    const aborted = c.send({ Action: 'Originate', Channel: 'Local/1@x' }, { signal: abort.signal });
    const lost = c.send({ Action: 'Originate', Channel: 'Local/2@x' });
    await until(() => server.received.filter((a) => a.Action === 'Originate').length === 2);
    abort.abort();
    expect(await aborted.catch((e: unknown) => e)).toMatchObject({ code: 'AMI_ABORTED', sent: true });
    server.dropAll();
    expect(await lost.catch((e: unknown) => e)).toMatchObject({ code: 'AMI_CONNECTION', sent: true });
  });
});

describe('list limits', () => {
  function endlessList(itemBytes: number): { more(count: number): void; end(): void } {
    let target: { connection: FakeAmiConnection; id: string } | undefined;
    const filler = 'v'.repeat(itemBytes);
    server.handle('CoreShowChannels', (action, connection) => {
      target = { connection, id: action.ActionID! };
      connection.write(responseFrame(action.ActionID, { EventList: 'start', Message: 'Channels will follow' }));
      return undefined;
    });
    return {
      more(count) {
        const { connection, id } = target!;
        let out = '';
        for (let n = 0; n < count; n++)
          out += frame({ Event: 'CoreShowChannel', ActionID: id, Channel: `C/${n}`, Data: filler });
        connection.write(out);
      },
      end() {
        const { connection, id } = target!;
        connection.write(
          frame({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: 0 }),
        );
      },
    };
  }

  it('rejects a list over maxListItems, drops the rest of it, and keeps the connection', async () => {
    const list = endlessList(10);
    const { c } = await connected({ maxListItems: 100 });
    const seen: AmiEvent[] = [];
    c.on('event', (e) => seen.push(e));
    const result = c.sendList({ Action: 'CoreShowChannels' }).catch((e: unknown) => e);
    await until(() => server.received.some((a) => a.Action === 'CoreShowChannels'));
    list.more(150);
    const error = await result;
    expect(error).toBeInstanceOf(AmiLimitError);
    expect(error).toMatchObject({ limit: 'maxListItems', sent: true });
    expect((error as Error).message).toMatch(/CoreShowChannels.*100 items/);
    list.more(1000);
    list.end();
    server.broadcastEvent('Hangup', { Channel: 'after' });
    await until(() => seen.length > 0);
    expect(seen.map((e) => e.Event)).toEqual(['Hangup']);
    expect((await c.send({ Action: 'Ping' })).Ping).toBe('Pong');
    expect(c.connected).toBe(true);
  });

  it('rejects a list over maxListBytes', async () => {
    const list = endlessList(100_000);
    const { c } = await connected({ maxListBytes: 1_000_000 });
    const result = c.sendList({ Action: 'CoreShowChannels' }).catch((e: unknown) => e);
    await until(() => server.received.some((a) => a.Action === 'CoreShowChannels'));
    list.more(20);
    expect(await result).toMatchObject({ code: 'AMI_LIMIT', limit: 'maxListBytes' });
    expect((await c.send({ Action: 'Ping' })).Ping).toBe('Pong');
  });

  it('drops the late items of a list whose caller gave up, instead of handing them to on("event")', async () => {
    const list = endlessList(10);
    const { c } = await connected();
    const seen: AmiEvent[] = [];
    c.on('event', (e) => seen.push(e));
    const abort = new AbortController();
    const result = c.sendList({ Action: 'CoreShowChannels' }, { signal: abort.signal }).catch((e: unknown) => e);
    await until(() => server.received.some((a) => a.Action === 'CoreShowChannels'));
    abort.abort();
    expect(await result).toMatchObject({ code: 'AMI_ABORTED', sent: true });
    list.more(5);
    list.end();
    server.broadcastEvent('Hangup', { Channel: 'after' });
    await until(() => seen.length > 0);
    expect(seen.map((e) => e.Event)).toEqual(['Hangup']);
  });
});

describe('events() bounded by bytes', () => {
  it('drops the oldest events of an unread iterator beyond highWaterMarkBytes', async () => {
    const { c } = await connected({ eventHighWaterMarkBytes: 1_000_000 });
    const stream = c.events();
    let delivered = 0;
    c.on('event', () => delivered++);
    const big = 'e'.repeat(100_000);
    for (let n = 0; n < 50; n++) server.broadcastRaw(eventFrame('UserEvent', { N: n, Data: big }));
    await until(() => delivered === 50);
    expect(stream.sizeBytes).toBeLessThanOrEqual(1_000_000);
    expect(stream.size).toBeLessThan(10);
    expect(stream.dropped).toBe(50 - stream.size);
    // the newest are kept
    expect((await stream.next()).value?.N).toBe(String(50 - stream.size - 1));
  });
});
