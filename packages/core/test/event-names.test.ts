import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmiClient, AmiParser, type AmiEvent, type AmiMessage } from '../src/index.js';
import { eventFrame, eventListFrames, FakeAmiServer, responseFrame } from '../src/testing/index.js';

let server: FakeAmiServer;
let client: AmiClient;

beforeEach(async () => {
  server = await FakeAmiServer.start();
  client = new AmiClient({ url: server.url, username: 'admin', secret: 'admin', reconnect: false });
  await client.connect();
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

/** Resolves once the server's Ping answer arrives: every event written before it was read. */
const settle = (): Promise<unknown> => client.send({ Action: 'Ping' });

describe('subscribing by event name', () => {
  it('onEvent calls back for that name only, and stops after unsubscribing', async () => {
    const seen: string[] = [];
    const off = client.onEvent('Hangup', (e) => seen.push(String(e.Channel)));
    server.broadcastEvent('Newchannel', { Channel: 'PJSIP/a-1' });
    server.broadcastEvent('Hangup', { Channel: 'PJSIP/a-1' });
    await settle();
    off();
    off();
    server.broadcastEvent('Hangup', { Channel: 'PJSIP/b-2' });
    await settle();
    expect(seen).toEqual(['PJSIP/a-1']);
  });

  it('events({ names }) yields the named events in order', async () => {
    const stream = client.events({ names: ['Hangup', 'Newchannel'] });
    server.broadcastEvent('VarSet', { Variable: 'x' });
    server.broadcastEvent('Newchannel', { Channel: 'c1' });
    server.broadcastEvent('Newstate', { Channel: 'c1' });
    server.broadcastEvent('Hangup', { Channel: 'c1' });
    await settle();
    expect(stream.size).toBe(2);
    const first = await stream.next();
    const second = await stream.next();
    expect([first.value?.Event, second.value?.Event]).toEqual(['Newchannel', 'Hangup']);
    stream.end();
  });

  it('a type-guard filter narrows and filters at run time', async () => {
    const isHangup = (e: AmiEvent): e is AmiEvent & { Event: 'Hangup'; Cause: string } => e.Event === 'Hangup';
    const stream = client.events({ filter: isHangup });
    server.broadcastEvent('Newchannel', { Channel: 'c1' });
    server.broadcastEvent('Hangup', { Channel: 'c1', Cause: '16' });
    await settle();
    const { value } = await stream.next();
    expect(value?.Cause).toBe('16');
    expect(stream.size).toBe(0);
    stream.end();
  });
});

describe('events nobody wants are not built', () => {
  it('skips unwanted events but still builds the wanted ones and every response', () => {
    const built: string[] = [];
    const skipped: string[] = [];
    const parser = new AmiParser({
      skipEvent: (name) => {
        const skip = name !== 'Hangup';
        if (skip) skipped.push(name);
        return skip;
      },
    });
    const stream =
      'Asterisk Call Manager/11.0.0\r\n' +
      eventFrame('Newchannel', { Channel: 'c1', Uniqueid: '1' }) +
      responseFrame('a1', { Ping: 'Pong' }) +
      eventFrame('Hangup', { Channel: 'c1', Cause: '16' }) +
      eventFrame('VarSet', { Channel: 'c1', Variable: 'X', Value: 'a:b' });
    const messages: AmiMessage[] = [];
    // split at every byte: skipping must survive any chunking
    for (let i = 0; i < stream.length; i++) parser.parse(Buffer.from(stream[i]!), (m) => messages.push(m));
    for (const m of messages) built.push(String(m.Event ?? m.Response));
    expect(built).toEqual(['Success', 'Hangup']);
    expect(skipped).toEqual(['Newchannel', 'VarSet']);
    expect(messages[1]).toEqual({ Event: 'Hangup', Channel: 'c1', Cause: '16' });
  });

  it('a skipped event still counts against the size limit', () => {
    const parser = new AmiParser({ expectBanner: false, maxMessageBytes: 1000, skipEvent: () => true });
    const huge = `Event: Flood\r\n${'X: y\r\n'.repeat(500)}\r\n`;
    expect(() => parser.feed(huge, () => undefined)).toThrow(/limit of 1000 bytes/);
  });

  it('only subscribed names reach the client, and a list in flight gets all its items', async () => {
    const received: string[] = [];
    client.onEvent('Hangup', (e) => received.push(e.Event));
    server.handle('CoreShowChannels', (action, connection) => {
      connection.write(
        eventListFrames(
          action.ActionID!,
          [
            { Event: 'CoreShowChannel', Channel: 'c1' },
            { Event: 'CoreShowChannel', Channel: 'c2' },
          ],
          'CoreShowChannelsComplete',
        ),
      );
      return undefined;
    });
    server.broadcastEvent('Newchannel', { Channel: 'c1' });
    server.broadcastEvent('Hangup', { Channel: 'c1' });
    const list = await client.sendList({ Action: 'CoreShowChannels' });
    expect(list.events.map((e) => e.Channel)).toEqual(['c1', 'c2']);
    expect(received).toEqual(['Hangup']);
  });

  it('an on("event") listener receives every event again', async () => {
    const all: string[] = [];
    client.onEvent('Hangup', () => undefined);
    client.on('event', (e) => all.push(e.Event));
    server.broadcastEvent('Newchannel', { Channel: 'c1' });
    server.broadcastEvent('Hangup', { Channel: 'c1' });
    await settle();
    expect(all).toEqual(['Newchannel', 'Hangup']);
  });
});
