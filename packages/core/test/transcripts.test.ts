import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiActionError, AmiAuthError, AmiClient, AmiParser, type AmiMessage } from '../src/index.js';
import { FakeAmiServer, replayTranscript, type Transcript } from '../src/testing/index.js';

// Fixtures recorded from a real Asterisk 22 (tools/transcripts): the fake server answers with
// those exact bytes, so these tests check tsami against what Asterisk really sends.
const FIXTURES = join(import.meta.dirname, 'fixtures', 'asterisk-22');

function load(name: string): Transcript {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Transcript;
}

let server: FakeAmiServer | undefined;
const clients: AmiClient[] = [];

async function replay(name: string): Promise<AmiClient> {
  const transcript = load(name);
  server = await FakeAmiServer.start({ banner: transcript.banner.trimEnd(), users: { tsami: 'tsami-secret' } });
  replayTranscript(server, transcript);
  const client = new AmiClient({ url: server.url, reconnect: false, events: 'off' });
  clients.push(client);
  await client.connect();
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

describe('recorded Asterisk 22 transcripts', () => {
  it('every fixture names the Asterisk version that produced it', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { asterisk: string };
      expect(fixture.asterisk, file).toMatch(/^22\.\d+\.\d+/);
    }
  });

  it('Ping', async () => {
    const client = await replay('ping');
    expect(client.amiVersion).toBe('11.0.0');
    const pong = await client.send({ Action: 'Ping' });
    expect(pong).toMatchObject({ Response: 'Success', Ping: 'Pong' });
    expect(pong.Timestamp).toMatch(/^\d+\.\d+$/);
  });

  it('Command core show version: one Output line', async () => {
    const client = await replay('command-core-show-version');
    const response = await client.send({ Action: 'Command', Command: 'core show version' });
    expect(response.Message).toBe('Command output follows');
    expect(response.Output).toHaveLength(1);
    expect(response.Output![0]).toMatch(/^Asterisk 22\.\d+\.\d+/);
  });

  it('multi-line Command output keeps empty and indented lines', async () => {
    const transcript = load('command-multiline');
    const client = await replay('command-multiline');
    const exchange = transcript.exchanges[0]!;
    const response = await client.send({ ...exchange.action, ActionID: undefined } as never);
    // the expected lines, read straight from the recorded bytes
    const expected = exchange.reply
      .split('\r\n')
      .filter((line) => line.startsWith('Output:'))
      .map((line) => line.slice('Output: '.length));
    expect(response.Output).toEqual(expected);
    expect(response.Output!.some((line) => /^\s+\S/.test(line))).toBe(true);
    expect(response.Output!.some((line) => line === '')).toBe(true);
  });

  it('CoreShowChannels with live calls: a complete list', async () => {
    const client = await replay('core-show-channels');
    const list = await client.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' });
    expect(list.events.length).toBe(4);
    expect(Number(list.complete.ListItems)).toBe(list.events.length);
    expect(list.events.every((e) => e.Event === 'CoreShowChannel')).toBe(true);
    expect(
      list.events.map((e) => e.Channel).every((c) => /^Local\/answer@tsami-test-[0-9a-f]+;[12]$/.test(String(c))),
    ).toBe(true);
  });

  it('empty lists close with ListItems: 0', async () => {
    const client = await replay('list-empty');
    const channels = await client.sendList({ Action: 'CoreShowChannels' });
    expect(channels.events).toEqual([]);
    expect(channels.complete).toMatchObject({ Event: 'CoreShowChannelsComplete', ListItems: '0' });
    const queues = await client.sendList({ Action: 'QueueStatus', Queue: 'tsami-no-such-queue' });
    expect(queues.complete).toMatchObject({ Event: 'QueueStatusComplete', ListItems: '0' });
  });

  it('DBPut then DBGet', async () => {
    const transcript = load('db-put-get');
    const client = await replay('db-put-get');
    const [put, get] = transcript.exchanges.map((e) => e.action);
    await client.send({ ...put!, ActionID: undefined } as never);
    const list = await client.sendList({ ...get!, ActionID: undefined } as never, { completeEvent: 'DBGetComplete' });
    expect(list.events).toHaveLength(1);
    expect(list.events[0]).toMatchObject({ Event: 'DBGetResponse', Family: get!.Family, Key: get!.Key });
  });

  it('errors: unknown action and permission denied', async () => {
    const unknown = await replay('unknown-action');
    const action = load('unknown-action').exchanges[0]!.action;
    const error = await unknown.send({ ...action, ActionID: undefined } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).response.Message).toMatch(/^Invalid\/unknown command/);
    await server!.close();

    const limited = await replay('permission-denied');
    for (const exchange of load('permission-denied').exchanges) {
      const denied = await limited.send({ ...exchange.action, ActionID: undefined } as never).catch((e: unknown) => e);
      expect((denied as AmiActionError).response.Message).toBe('Permission denied');
    }
  });

  it('a wrong secret: AmiAuthError with the recorded answer', async () => {
    const transcript = load('login-bad-secret');
    const reply = transcript.exchanges.at(-1)!.reply;
    server = await FakeAmiServer.start({ banner: transcript.banner.trimEnd() });
    server.handle('Login', (_action, connection) => {
      connection.write(reply.replace(/\brec-\d{4}\b/g, String(_action.ActionID)));
      connection.socket.end();
      return undefined;
    });
    const client = new AmiClient({ url: server.url, authType: 'plain', reconnect: false });
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiAuthError);
    expect((error as AmiAuthError).response?.Message).toBe('Authentication failed');
  });
});

describe('the recorded event flood', () => {
  const bytes = readFileSync(join(FIXTURES, 'event-flood.ami'));
  const meta = JSON.parse(readFileSync(join(FIXTURES, 'event-flood.json'), 'utf8')) as {
    messages: number;
    eventCount: number;
    responseCount: number;
    eventNames: Record<string, number>;
  };

  function parse(chunks: Buffer[]): AmiMessage[] {
    const messages: AmiMessage[] = [];
    const parser = new AmiParser({ expectBanner: false });
    for (const chunk of chunks) parser.parse(chunk, (m) => messages.push(m));
    expect(parser.bufferedBytes).toBe(0);
    return messages;
  }

  const whole = parse([bytes]);

  it('parses to exactly the recorded counts', () => {
    expect(whole).toHaveLength(meta.messages);
    expect(whole.filter((m) => typeof m.Event === 'string')).toHaveLength(meta.eventCount);
    // OriginateResponse events carry a Response header too: a response is a message without Event
    expect(whole.filter((m) => typeof m.Response === 'string' && m.Event === undefined)).toHaveLength(
      meta.responseCount,
    );
    const names: Record<string, number> = {};
    for (const m of whole) if (typeof m.Event === 'string') names[m.Event] = (names[m.Event] ?? 0) + 1;
    expect(names).toEqual(meta.eventNames);
  });

  // CPU-bound (20 full parses and deep comparisons): on a busy machine it exceeds the default 5 s.
  it('gives the same messages for random socket-sized chunking', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const chunks: Buffer[] = [];
        for (let offset = 0, i = 0; offset < bytes.length; i++) {
          const size = sizes[i % sizes.length]!;
          chunks.push(bytes.subarray(offset, offset + size));
          offset += size;
        }
        expect(parse(chunks)).toEqual(whole);
      }),
      { numRuns: 20 },
    );
  });
});
