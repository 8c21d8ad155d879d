import type { AmiEvent } from '@tsami/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type LiveChange } from '../src/index.js';
import { LiveModel } from '../src/state/model.js';
import { loadModel, type ListsFixture } from './fixtures.js';

function seeded(lists: ListsFixture, limits = DEFAULT_LIMITS, onLimit = (): void => undefined): LiveModel {
  const model = new LiveModel(limits, onLimit);
  for (const item of lists.channels) model.seedChannel(item, 0);
  for (const item of lists.bridges) model.seedBridge(item);
  for (const [id, members] of Object.entries(lists.bridgeMembers))
    for (const m of members) model.seedBridgeMember(id, m);
  for (const item of lists.queues) model.seedQueueItem(item);
  for (const item of lists.devices) model.seedDevice(item);
  for (const item of lists.extensions) model.seedExtension(item);
  return model;
}

/** What the lists can confirm: everything but creation times (lists only know them to the second). */
function comparable(model: LiveModel): unknown {
  const snapshot = model.snapshot();
  return {
    ...snapshot,
    channels: snapshot.channels
      .map(({ createdAt: _createdAt, ...rest }) => rest)
      .sort((a, b) => a.uniqueid.localeCompare(b.uniqueid)),
    bridges: snapshot.bridges
      .map((b) => ({ ...b, members: [...b.members].sort() }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    calls: snapshot.calls
      .map((c) => ({ ...c, channels: [...c.channels].sort() }))
      .sort((a, b) => a.linkedid.localeCompare(b.linkedid)),
    devices: [...snapshot.devices].sort((a, b) => a.device.localeCompare(b.device)),
    queues: snapshot.queues.map((q) => ({
      ...q,
      members: [...q.members].sort((a, b) => a.interface.localeCompare(b.interface)),
    })),
  };
}

/** DeviceStateList lists only the device states Asterisk caches (not Local/…); events report all. */
function dropUnlistedDevices(model: LiveModel, listed: LiveModel): void {
  for (const device of [...model.devices.keys()]) if (!listed.devices.has(device)) model.devices.delete(device);
}

const event = (fields: Record<string, string>): AmiEvent => fields as unknown as AmiEvent;

const channel = (uniqueid: string, extra: Record<string, string> = {}): Record<string, string> => ({
  Channel: `PJSIP/${uniqueid}`,
  ChannelState: '4',
  ChannelStateDesc: 'Ring',
  CallerIDNum: '100',
  CallerIDName: 'Alice',
  ConnectedLineNum: '',
  ConnectedLineName: '',
  Context: 'internal',
  Exten: '200',
  Priority: '1',
  Uniqueid: uniqueid,
  Linkedid: uniqueid,
  ...extra,
});

describe('LiveModel on a recorded Asterisk 22 sequence', () => {
  it('lists before + the events in between = lists after (calls, a bridge, queue members, a hangup)', () => {
    const fixture = loadModel();
    const model = seeded(fixture.before);
    for (const e of fixture.events) model.apply(e);
    const listed = seeded(fixture.after);
    dropUnlistedDevices(model, listed);
    expect(comparable(model)).toEqual(comparable(listed));
    // The sequence did happen: the recording's own objects are in the model.
    const mine = [...model.channels.values()].filter((c) => c.uniqueid.startsWith('rec-'));
    expect(mine.map((c) => c.uniqueid).sort()).toEqual(['rec-1a', 'rec-1b', 'rec-2a', 'rec-2b']);
    expect(model.channels.get('rec-1a')!.bridgeId).toBeDefined();
    expect(model.channels.get('rec-1a')!.bridgeId).toBe(model.channels.get('rec-2a')!.bridgeId);
    const members = [...model.queues.get('tsami-queue')!.members.values()].filter((m) => m.name.startsWith('rec'));
    expect(members).toMatchObject([{ name: 'rec one', paused: true, pausedReason: 'lunch', membership: 'dynamic' }]);
  });

  it('events older than the lists, replayed on top of them, change nothing (what a resync relies on)', () => {
    const fixture = loadModel();
    const listed = seeded(fixture.after);
    const replayed = seeded(fixture.after);
    for (const e of fixture.events) replayed.apply(e);
    dropUnlistedDevices(replayed, listed);
    expect(comparable(replayed)).toEqual(comparable(listed));
  });

  it('groups channels by Linkedid and follows a Linkedid that changes', () => {
    const model = new LiveModel(DEFAULT_LIMITS, () => undefined);
    model.apply(event({ Event: 'Newchannel', ...channel('a') }));
    model.apply(event({ Event: 'Newchannel', ...channel('b') }));
    model.apply(event({ Event: 'Newstate', ...channel('b', { Linkedid: 'a', ChannelState: '6' }) }));
    expect(model.calls.get('a')!.channels).toEqual(['a', 'b']);
    expect(model.calls.has('b')).toBe(false);
    model.apply(event({ Event: 'Hangup', ...channel('a'), Cause: '16' }));
    expect(model.calls.get('a')!.channels).toEqual(['b']);
  });

  it('a late event about a hung-up channel does not bring it back', () => {
    const model = new LiveModel(DEFAULT_LIMITS, () => undefined);
    model.apply(event({ Event: 'Newchannel', ...channel('a') }));
    model.apply(event({ Event: 'Hangup', ...channel('a'), Cause: '16' }));
    model.apply(event({ Event: 'Newexten', ...channel('a') }));
    model.apply(
      event({ Event: 'DialEnd', ...Object.fromEntries(Object.entries(channel('a')).map(([k, v]) => [`Dest${k}`, v])) }),
    );
    expect(model.channels.size).toBe(0);
  });

  it('reports added, updated and removed channels with the previous value', () => {
    const changes: LiveChange[] = [];
    const model = new LiveModel(
      DEFAULT_LIMITS,
      () => undefined,
      (kind, type, id, value, previous) => {
        changes.push({ kind, type, id, value, previous } as LiveChange);
      },
    );
    model.apply(event({ Event: 'Newchannel', ...channel('a') }));
    model.apply(event({ Event: 'Newstate', ...channel('a', { ChannelState: '6', ChannelStateDesc: 'Up' }) }));
    model.apply(event({ Event: 'Newstate', ...channel('a', { ChannelState: '6', ChannelStateDesc: 'Up' }) }));
    model.apply(event({ Event: 'Hangup', ...channel('a'), Cause: '16' }));
    const channelChanges = changes.filter((c) => c.kind === 'channel');
    expect(channelChanges.map((c) => c.type)).toEqual(['added', 'updated', 'removed']);
    const updated = channelChanges[1]!;
    if (updated.kind !== 'channel') throw new Error('unreachable');
    expect(updated.previous?.state).toBe(4);
    expect(updated.value.state).toBe(6);
  });

  it('stops adding channels at the limit and says so', () => {
    const limits: string[] = [];
    const model = new LiveModel({ ...DEFAULT_LIMITS, channels: 2 }, (limit) => limits.push(limit));
    for (const id of ['a', 'b', 'c', 'd']) model.apply(event({ Event: 'Newchannel', ...channel(id) }));
    expect([...model.channels.keys()]).toEqual(['a', 'b']);
    expect(limits).toEqual(['channels', 'channels']);
    // Known channels still update.
    model.apply(event({ Event: 'Newstate', ...channel('a', { ChannelState: '6' }) }));
    expect(model.channels.get('a')!.state).toBe(6);
  });

  it('queue callers: join, leave, and the ones behind move up', () => {
    const model = new LiveModel(DEFAULT_LIMITS, () => undefined);
    for (const [id, position] of [
      ['x', '1'],
      ['y', '2'],
      ['z', '3'],
    ] as const) {
      model.apply(
        event({ Event: 'QueueCallerJoin', ...channel(id), Queue: 'support', Position: position, Count: position }),
      );
    }
    model.apply(event({ Event: 'QueueCallerLeave', ...channel('x'), Queue: 'support', Position: '1', Count: '2' }));
    const callers = [...model.queues.get('support')!.callers.values()].map((c) => [c.uniqueid, c.position]);
    expect(callers).toEqual([
      ['y', 1],
      ['z', 2],
    ]);
  });

  it('bridges: enter, leave, destroy keep members and channel.bridgeId in step', () => {
    const model = new LiveModel(DEFAULT_LIMITS, () => undefined);
    const bridge = {
      BridgeUniqueid: 'B',
      BridgeType: 'basic',
      BridgeTechnology: 'simple_bridge',
      BridgeCreator: '',
      BridgeName: '',
      BridgeNumChannels: '0',
    };
    model.apply(event({ Event: 'Newchannel', ...channel('a') }));
    model.apply(event({ Event: 'Newchannel', ...channel('b') }));
    model.apply(event({ Event: 'BridgeCreate', ...bridge }));
    model.apply(event({ Event: 'BridgeEnter', ...bridge, ...channel('a') }));
    model.apply(event({ Event: 'BridgeEnter', ...bridge, ...channel('b') }));
    expect(model.bridges.get('B')!.members).toEqual(['a', 'b']);
    model.apply(event({ Event: 'BridgeLeave', ...bridge, ...channel('a') }));
    expect(model.channels.get('a')!.bridgeId).toBeUndefined();
    model.apply(event({ Event: 'BridgeDestroy', ...bridge }));
    expect(model.bridges.size).toBe(0);
    expect(model.channels.get('b')!.bridgeId).toBeUndefined();
  });

  it('snapshot() is plain JSON', () => {
    const fixture = loadModel();
    const model = seeded(fixture.before);
    for (const e of fixture.events) model.apply(e);
    const snapshot = model.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
