import { once } from 'node:events';
import { AmiClient, type AmiEvent } from '@tsami/core';
import {
  FakeAmiServer,
  eventFrame,
  eventListFrames,
  type FakeAmiConnection,
  type ReceivedAction,
} from '@tsami/core/testing';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  LiveState,
  UnsupportedAsteriskError,
  type LiveChange,
  type LiveChannel,
  type LiveQueueMember,
} from '../src/index.js';
import { loadModel, type ListsFixture } from './fixtures.js';

let server: FakeAmiServer;
const clients: AmiClient[] = [];

type Item = { Event: string; [name: string]: string | undefined };

/** Serves the lists of `lists()` (read again at every request); `before` runs before the answer is written. */
function serveLists(
  lists: () => ListsFixture,
  before?: (action: ReceivedAction, connection: FakeAmiConnection) => void,
): void {
  const reply = (name: string, items: () => AmiEvent[], complete: string) =>
    server.handle(name, (action, connection) => {
      before?.(action, connection);
      connection.write(eventListFrames(String(action.ActionID), items() as unknown as Item[], complete));
      return undefined;
    });
  reply('CoreShowChannels', () => lists().channels, 'CoreShowChannelsComplete');
  reply('BridgeList', () => lists().bridges, 'BridgeListComplete');
  reply('QueueStatus', () => lists().queues, 'QueueStatusComplete');
  reply('DeviceStateList', () => lists().devices, 'DeviceStateListComplete');
  reply('ExtensionStateList', () => lists().extensions, 'ExtensionStateListComplete');
  server.handle('BridgeInfo', (action, connection) => {
    const members = lists().bridgeMembers[String(action.BridgeUniqueid)];
    if (!members) return { Response: 'Error', Message: 'Bridge not found' };
    connection.write(eventListFrames(String(action.ActionID), members as unknown as Item[], 'BridgeInfoComplete'));
    return undefined;
  });
}

async function connect(options: { reconnect?: boolean } = {}): Promise<AmiClient> {
  const client = new AmiClient({
    url: server.url,
    reconnect: options.reconnect ? { initialDelayMs: 1, maxDelayMs: 5 } : false,
  });
  clients.push(client);
  await client.connect();
  return client;
}

const ids = (state: LiveState): string[] => [...state.channels.keys()].sort();

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

describe('LiveState', () => {
  it('start() seeds the model from the lists and reports everything as added', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    serveLists(() => fixture.after);
    const client = await connect();
    const state = new LiveState(client);
    const changes: LiveChange[] = [];
    state.on('change', (c) => changes.push(c));
    await state.start();
    expect(ids(state)).toEqual(fixture.after.channels.map((c) => c.Uniqueid).sort());
    expect(state.synced).toBe(true);
    expect(changes.filter((c) => c.kind === 'channel' && c.type === 'added')).toHaveLength(
      fixture.after.channels.length,
    );
    expect([...state.queues.get('tsami-queue')!.members.keys()]).toContain('Local/rec-member1@tsami-test');
    state.close();
  });

  it('events that arrive while the lists are read are applied on top of them', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    const late = fixture.events.filter((e) => e.Event === 'Hangup' && e.Uniqueid === 'rec-3a');
    expect(late).toHaveLength(1);
    const lists = {
      ...fixture.after,
      channels: [...fixture.after.channels, { ...late[0]!, Event: 'CoreShowChannel' }],
    };
    // The Hangup is written before the list answer: the list still shows the channel.
    serveLists(
      () => lists,
      (action, connection) => {
        if (action.Action === 'CoreShowChannels') connection.write(eventFrame('Hangup', late[0]));
      },
    );
    const client = await connect();
    const state = new LiveState(client);
    await state.start();
    expect(state.channels.has('rec-3a')).toBe(false);
    expect(ids(state)).toEqual(fixture.after.channels.map((c) => c.Uniqueid).sort());
    state.close();
  });

  it('after a reconnect gap the model is rebuilt from the lists and the difference is reported', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    let current = fixture.before;
    serveLists(() => current);
    const client = await connect({ reconnect: true });
    const state = new LiveState(client);
    await state.start();
    expect(ids(state)).toEqual(fixture.before.channels.map((c) => c.Uniqueid).sort());
    const changes: LiveChange[] = [];
    state.on('change', (c) => changes.push(c));
    const stale = once(state, 'stale');
    const synced = once(state, 'synced');
    // While the connection is down, the sequence happens; no event of it reaches the client.
    current = fixture.after;
    server.dropAll();
    await stale;
    expect(state.synced).toBe(false);
    const [info] = (await synced) as [{ reason: string }];
    expect(info.reason).toBe('reconnect');
    expect(state.synced).toBe(true);
    expect(ids(state)).toEqual(fixture.after.channels.map((c) => c.Uniqueid).sort());
    const added = changes.filter((c) => c.kind === 'channel' && c.type === 'added').map((c) => c.id);
    expect(added.sort()).toEqual(['rec-1a', 'rec-1b', 'rec-2a', 'rec-2b']);
    expect(changes.some((c) => c.kind === 'bridge' && c.type === 'added')).toBe(true);
    expect(changes.some((c) => c.kind === 'queueMember' && c.type === 'added' && c.value.name === 'rec one')).toBe(
      true,
    );
    state.close();
  });

  it('too many events while the lists are read: the sync starts over', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    let flooded = 0;
    serveLists(
      () => fixture.after,
      (action, connection) => {
        if (action.Action !== 'CoreShowChannels' || flooded++ > 0) return;
        for (let i = 0; i < 20; i++)
          connection.write(
            eventFrame('Newchannel', { ...(fixture.events[0] as unknown as Item), Uniqueid: `flood-${i}` }),
          );
      },
    );
    const client = await connect();
    const state = new LiveState(client, { limits: { bufferedEvents: 10 } });
    const reasons: string[] = [];
    state.on('synced', (info) => reasons.push(info.reason));
    await state.start();
    expect(reasons).toEqual(['overflow']);
    // The second reading's lists are the truth; the flooded channels were not in them.
    expect(ids(state)).toEqual(fixture.after.channels.map((c) => c.Uniqueid).sort());
    state.close();
  });

  it('asks BridgeInfo for no more bridges than the model may hold', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    const bridge = fixture.after.bridges[0]!;
    const many = Array.from({ length: 50 }, (_, i) => ({ ...bridge, BridgeUniqueid: `bridge-${i}` }));
    serveLists(() => ({ ...fixture.after, bridges: many, bridgeMembers: {} }));
    const client = await connect();
    const state = new LiveState(client, { limits: { bridges: 3 } });
    const limits: string[] = [];
    state.on('limit', (error) => limits.push(error.limit));
    await state.start();
    expect(server.received.filter((a) => a.Action === 'BridgeInfo')).toHaveLength(3);
    expect(state.bridges.size).toBe(3);
    expect(limits).toEqual(['bridges']);
    state.close();
  });

  it('refuses Asterisk 11 (AMI 1.4) with a clear error and leaves no listener behind', async () => {
    server = await FakeAmiServer.start({ banner: 'Asterisk Call Manager/1.4' });
    const client = await connect();
    const state = new LiveState(client);
    const error = await state.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedAsteriskError);
    expect(error).toMatchObject({ code: 'LIVE_UNSUPPORTED_ASTERISK', amiVersion: '1.4' });
    expect((error as Error).message).toMatch(/Asterisk 12 or later/);
    expect(client.listenerCount('event')).toBe(0);
    expect(server.received.map((a) => a.Action)).not.toContain('CoreShowChannels');
  });

  it('close() removes every listener it added', async () => {
    server = await FakeAmiServer.start();
    serveLists(() => loadModel().before);
    const client = await connect({ reconnect: true });
    const baseline = ['event', 'gap', 'reconnected'].map((name) => client.listenerCount(name));
    const state = new LiveState(client);
    await state.start();
    expect(client.listenerCount('event')).toBe(baseline[0]! + 1);
    state.close();
    expect(['event', 'gap', 'reconnected'].map((name) => client.listenerCount(name))).toEqual(baseline);
  });

  it('events after start() update the model and are reported', async () => {
    server = await FakeAmiServer.start();
    const fixture = loadModel();
    serveLists(() => fixture.before);
    const client = await connect();
    const state = new LiveState(client);
    await state.start();
    const changes: LiveChange[] = [];
    state.on('change', (c) => changes.push(c));
    const newchannel = fixture.events.find((e) => e.Event === 'Newchannel')!;
    server.broadcastEvent('Newchannel', newchannel);
    await client.send({ Action: 'Ping' });
    expect(state.channels.get(String(newchannel.Uniqueid))?.name).toBe(newchannel.Channel);
    expect(changes.map((c) => `${c.kind} ${c.type}`)).toEqual(['channel added', 'call added']);
    state.close();
  });

  it('types: a change narrows on its kind; a misspelt kind does not compile', () => {
    expectTypeOf<Extract<LiveChange, { kind: 'channel' }>['value']>().toEqualTypeOf<LiveChannel>();
    expectTypeOf<Extract<LiveChange, { kind: 'queueMember' }>['previous']>().toEqualTypeOf<
      LiveQueueMember | undefined
    >();
    // @ts-expect-error there is no kind "channels"
    const misspelt: LiveChange['kind'] = 'channels';
    expect(misspelt).toBe('channels');
  });
});
