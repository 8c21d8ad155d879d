import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiClient,
  AmiConnectionError,
  AmiInputError,
  AmiTimeoutError,
  getField,
  type AmiClientOptions,
  type AmiEvent,
} from '../src/index.js';
import { eventFrame, eventListFrames, FakeAmiServer, responseFrame } from '../src/testing/index.js';

let server: FakeAmiServer;
const clients: AmiClient[] = [];

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({ url: server.url, reconnect: false, actionTimeoutMs: 2000, ...options });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  server = await FakeAmiServer.start({ users: { admin: 's3cret' } });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

describe('connect and login', () => {
  it('logs in with MD5 by default and exposes the banner version', async () => {
    const c = client();
    await c.connect();
    expect(c.amiVersion).toBe('11.0.0');
    expect(c.state).toBe('connected');
    const actions = server.received.map((a) => a.Action);
    expect(actions).toEqual(['Challenge', 'Login']);
    const login = server.received[1]!;
    expect(login.AuthType).toBe('MD5');
    expect(login.Secret).toBeUndefined();
    expect(login.Events).toBe('on');
  });

  it('logs in with a plain secret and sends the event mask', async () => {
    const c = client({ authType: 'plain', events: ['call', 'user'] });
    await c.connect();
    expect(server.received.map((a) => [a.Action, a.Secret, a.Events])).toEqual([['Login', 's3cret', 'call,user']]);
  });

  it('rejects a wrong secret with AmiAuthError carrying the response', async () => {
    const c = client({ secret: 'wrong' });
    const error = await c.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiAuthError);
    expect((error as AmiAuthError).response?.Message).toBe('Authentication failed');
    expect(c.state).toBe('idle');
  });

  it('rejects with AmiConnectionError when nothing listens', async () => {
    const port = server.port;
    await server.close();
    const c = new AmiClient({ host: '127.0.0.1', port, username: 'a', secret: 'b', reconnect: false });
    await expect(c.connect()).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('times out when the server never sends a banner', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const c = new AmiClient({ port, username: 'a', secret: 'b', reconnect: false, connectTimeoutMs: 100 });
    await expect(c.connect()).rejects.toBeInstanceOf(AmiTimeoutError);
    silent.close();
  });

  it('aborts connect with the signal', async () => {
    server.handle('Challenge', () => undefined);
    const controller = new AbortController();
    const c = client();
    const pending = c.connect({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AmiAbortError);
  });
});

describe('actions', () => {
  it('correlates many actions in flight by ActionID, whatever the answer order', async () => {
    server.handle('Echo', (action, conn) => {
      // answer in reverse order of arrival, after a short delay
      setTimeout(() => conn.respond(action, { Value: String(action.Value) }), 100 - Number(action.Value));
      return undefined;
    });
    const c = client();
    await c.connect();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => c.send({ Action: 'Echo', Value: i })));
    expect(answers.map((a) => a.Value)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    const ids = new Set(server.received.filter((a) => a.Action === 'Echo').map((a) => a.ActionID));
    expect(ids.size).toBe(100);
  });

  it('rejects Response: Error with AmiActionError carrying the response', async () => {
    const c = client();
    await c.connect();
    const error = (await c.send({ Action: 'NoSuchThing' }).catch((e: unknown) => e)) as AmiActionError;
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.code).toBe('AMI_ACTION');
    expect(error.response.Message).toBe('Invalid/unknown command');
    expect(error.action).toBe('NoSuchThing');
  });

  it('keeps the caller ActionID and refuses one already in flight', async () => {
    server.handle('Slow', () => undefined);
    const c = client();
    await c.connect();
    const first = c.send({ Action: 'Slow', ActionID: 'mine' }, { timeoutMs: 200 });
    await expect(c.send({ Action: 'Slow', ActionID: 'mine' })).rejects.toBeInstanceOf(AmiInputError);
    await expect(first).rejects.toBeInstanceOf(AmiTimeoutError);
    expect(server.received.filter((a) => a.ActionID === 'mine')).toHaveLength(1);
  });

  it('writes nothing when a value carries CR/LF', async () => {
    const c = client();
    await c.connect();
    const before = server.received.length;
    const error = await c
      .send({ Action: 'Originate', CallerID: 'x\r\nAction: Hangup\r\nChannel: all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiInputError);
    expect((error as AmiInputError).field).toBe('CallerID');
    await c.send({ Action: 'Ping' });
    expect(server.received.slice(before).map((a) => a.Action)).toEqual(['Ping']);
  });

  it('times out an unanswered action and ignores its late answer', async () => {
    let late: (() => void) | undefined;
    server.handle('Late', (action, conn) => {
      late = () => conn.respond(action, { Late: 'yes' });
      return undefined;
    });
    const c = client();
    await c.connect();
    await expect(c.send({ Action: 'Late' }, { timeoutMs: 50 })).rejects.toBeInstanceOf(AmiTimeoutError);
    late!();
    expect((await c.send({ Action: 'Ping' })).Ping).toBe('Pong');
  });

  it('aborts a single action without touching the others', async () => {
    server.handle('Slow', (action, conn) => {
      setTimeout(() => conn.respond(action), 50);
      return undefined;
    });
    const c = client();
    await c.connect();
    const controller = new AbortController();
    const aborted = c.send({ Action: 'Slow' }, { signal: controller.signal });
    const other = c.send({ Action: 'Slow' });
    controller.abort(new Error('user gave up'));
    await expect(aborted).rejects.toBeInstanceOf(AmiAbortError);
    await expect(other).resolves.toMatchObject({ Response: 'Success' });
  });

  it('does not send an action whose signal already fired', async () => {
    const c = client();
    await c.connect();
    const before = server.received.length;
    await expect(c.send({ Action: 'Ping' }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AmiAbortError);
    await c.send({ Action: 'CoreStatus' }).catch(() => undefined);
    expect(server.received.slice(before).map((a) => a.Action)).toEqual(['CoreStatus']);
  });

  it('rejects every action in flight with AmiConnectionError when the connection drops', async () => {
    server.handle('Hang', () => undefined);
    const c = client();
    await c.connect();
    const inFlight = Array.from({ length: 5 }, () => c.send({ Action: 'Hang' }, { timeoutMs: 60_000 }));
    await new Promise((r) => setTimeout(r, 20));
    server.dropAll();
    const results = await Promise.allSettled(inFlight);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AmiConnectionError);
    }
    await expect(c.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('refuses actions before connect', async () => {
    await expect(client().send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
  });
});

describe('event lists', () => {
  it('collects the items of a list and hands them to the action that asked', async () => {
    server.handle('CoreShowChannels', (action) =>
      eventListFrames(
        action.ActionID!,
        [
          { Event: 'CoreShowChannel', Channel: 'Local/a@x-1;1' },
          { Event: 'CoreShowChannel', Channel: 'Local/a@x-1;2' },
        ],
        'CoreShowChannelsComplete',
      ),
    );
    const c = client();
    await c.connect();
    const seen: AmiEvent[] = [];
    c.on('event', (e) => seen.push(e));
    const [a, b] = await Promise.all([
      c.sendList({ Action: 'CoreShowChannels' }),
      c.sendList({ Action: 'CoreShowChannels' }),
    ]);
    for (const list of [a, b]) {
      expect(list.response.EventList).toBe('start');
      expect(list.events.map((e) => e.Channel)).toEqual(['Local/a@x-1;1', 'Local/a@x-1;2']);
      expect(list.complete.Event).toBe('CoreShowChannelsComplete');
      expect(list.complete.ListItems).toBe('2');
    }
    expect(seen).toEqual([]);
  });

  it('closes on a named complete event without EventList: Complete (old Asterisk)', async () => {
    server.handle(
      'DBGet',
      (action) =>
        responseFrame(action.ActionID, { Message: 'Result will follow' }) +
        eventFrame('DBGetResponse', { ActionID: action.ActionID, Family: 'f', Key: 'k', Val: 'v' }) +
        eventFrame('DBGetComplete', { ActionID: action.ActionID }),
    );
    const c = client();
    await c.connect();
    const list = await c.sendList({ Action: 'DBGet', Family: 'f', Key: 'k' }, { completeEvent: 'dbgetcomplete' });
    expect(list.events).toEqual([
      { Event: 'DBGetResponse', ActionID: list.response.ActionID, Family: 'f', Key: 'k', Val: 'v' },
    ]);
  });

  it('rejects when the list is refused', async () => {
    server.handle('QueueStatus', (action) =>
      responseFrame(action.ActionID, { Response: 'Error', Message: 'Permission denied' }),
    );
    const c = client();
    await c.connect();
    await expect(c.sendList({ Action: 'QueueStatus' })).rejects.toBeInstanceOf(AmiActionError);
  });

  it('rejects a half-received list when the connection drops', async () => {
    server.handle('Status', (action, conn) => {
      conn.write(
        responseFrame(action.ActionID, { EventList: 'start' }) + eventFrame('Status', { ActionID: action.ActionID }),
      );
      setTimeout(() => conn.destroy(), 20);
      return undefined;
    });
    const c = client();
    await c.connect();
    await expect(c.sendList({ Action: 'Status' })).rejects.toBeInstanceOf(AmiConnectionError);
  });
});

describe('Command output', () => {
  const lines = ['Asterisk 22.10.1 built by x', '  indented: with colon', '', 'last'];

  it('returns Output lines for the Asterisk ≥ 14 form', async () => {
    server.handle('Command', (action) =>
      responseFrame(action.ActionID, { Message: 'Command output follows', Output: lines }),
    );
    const c = client();
    await c.connect();
    expect((await c.send({ Action: 'Command', Command: 'core show version' })).Output).toEqual(lines);
  });

  it('returns the same Output lines for the Asterisk ≤ 13 Follows form', async () => {
    server.handle(
      'Command',
      (action) =>
        `Response: Follows\r\nPrivilege: Command\r\nActionID: ${action.ActionID}\r\n${lines.join('\n')}\n--END COMMAND--\r\n\r\n`,
    );
    const c = client();
    await c.connect();
    expect((await c.send({ Action: 'Command', Command: 'core show version' })).Output).toEqual(lines);
  });
});

describe('events', () => {
  it('delivers events to on("event") and to iterators, with exact header names', async () => {
    const c = client();
    await c.connect();
    const seen: AmiEvent[] = [];
    c.on('event', (e) => seen.push(e));
    const hangups = c.events({ filter: (e) => e.Event === 'Hangup' });
    server.broadcastEvent('Newchannel', { Channel: 'A', Uniqueid: '1' });
    server.broadcastEvent('Hangup', { Channel: 'A', Cause: 16, 'Cause-txt': 'Normal Clearing' });
    const { value } = await hangups.next();
    expect(value).toEqual({ Event: 'Hangup', Channel: 'A', Cause: '16', 'Cause-txt': 'Normal Clearing' });
    expect(getField(value!, 'cause-TXT')).toBe('Normal Clearing');
    expect(seen.map((e) => e.Event)).toEqual(['Newchannel', 'Hangup']);
    await hangups.return();
  });

  it('never lets a slow iterator hold up responses, and counts what it dropped', async () => {
    const c = client({ eventHighWaterMark: 10 });
    await c.connect();
    const slow = c.events();
    server.broadcastRaw(Array.from({ length: 500 }, (_, i) => eventFrame('Flood', { N: i })).join(''));
    const pong = await c.send({ Action: 'Ping' });
    expect(pong.Ping).toBe('Pong');
    expect(slow.size).toBe(10);
    expect(slow.dropped).toBe(490);
    // drop-oldest: what is left are the newest events
    expect((await slow.next()).value?.N).toBe('490');
    await slow.return();
  });

  it('ends iterators when the signal fires and when the client closes', async () => {
    const c = client();
    await c.connect();
    const controller = new AbortController();
    const a = c.events({ signal: controller.signal });
    const b = c.events();
    const drainA = (async () => {
      for await (const _ of a) void _;
      return 'a done';
    })();
    const drainB = (async () => {
      for await (const _ of b) void _;
      return 'b done';
    })();
    controller.abort();
    expect(await drainA).toBe('a done');
    await c.close();
    expect(await drainB).toBe('b done');
  });
});

describe('close', () => {
  it('logs off, is idempotent and final', async () => {
    const c = client();
    await c.connect();
    const closing = c.close();
    expect(c.close()).toBe(closing);
    await closing;
    expect(server.received.at(-1)?.Action).toBe('Logoff');
    expect(c.state).toBe('closed');
    await expect(c.send({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiConnectionError);
    await expect(c.connect()).rejects.toBeInstanceOf(AmiConnectionError);
  });
});

describe('chunked server writes', () => {
  it('works when the server writes one byte at a time', async () => {
    server.chunkSize = 1;
    server.handle('CoreStatus', () => ({ CoreCurrentCalls: 0, CoreReloadTime: '12:00:00' }));
    const c = client();
    await c.connect();
    expect(await c.send({ Action: 'CoreStatus' })).toMatchObject({ CoreCurrentCalls: '0', CoreReloadTime: '12:00:00' });
  });
});
