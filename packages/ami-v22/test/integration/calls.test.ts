import { randomUUID } from 'node:crypto';
import type { AmiClient, AmiEvent } from '@tsami/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  absoluteTimeout,
  blindTransfer,
  bridge,
  bridgeInfo,
  bridgeKick,
  bridgeList,
  coreShowChannelMap,
  coreShowChannels,
  dbDel,
  dbDelTree,
  dbGet,
  dbGetTree,
  dbPut,
  getvar,
  hangup,
  isKnownEvent,
  mixMonitor,
  mixMonitorMute,
  muteAudio,
  originate,
  park,
  parkedCalls,
  playDTMF,
  queueAdd,
  queueLog,
  queueMemberRingInUse,
  queuePause,
  queuePenalty,
  queueRemove,
  queueStatus,
  redirect,
  sendText,
  setvar,
  status,
  stopMixMonitor,
  userEvent,
} from '../../src/index.js';
import type { StatusEvent } from '../../src/index.js';
import {
  OwnCalls,
  actionError,
  closeAll,
  connectClient,
  eventually,
  expectCompleteList,
  hasAsterisk,
  unique,
} from './env.js';

/** `Local/x@tsami-test-0000002a;1` → a regex source matching both halves of that Local channel. */
function halvesPattern(channel: string): string {
  return `^${channel.replace(/;[12]$/, ';').replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')}`;
}

// Call control through the generated functions, on Local channels this file starts and hangs up.
describe.skipIf(!hasAsterisk)('integration: calls on the live Asterisk 22', () => {
  const calls = new OwnCalls();
  let client: AmiClient;

  beforeAll(async () => {
    client = await connectClient();
  });
  afterAll(async () => {
    if (client) await calls.hangupAll(client);
    await closeAll();
  });

  /** Starts `Local/<exten>@tsami-test` running Wait(30) and resolves with both live halves. */
  async function startCall(exten: string, variables: Record<string, string> = {}) {
    const ids = calls.track(randomUUID(), randomUUID());
    const response = await originate(client, {
      Channel: `Local/${exten}@tsami-test`,
      Application: 'Wait',
      Data: '30',
      Async: true,
      Variable: variables,
      ...ids,
    });
    expect(response.Message).toBe('Originate successfully queued');
    const live = await eventually(
      () => coreShowChannels(client),
      (list) => [ids.ChannelId, ids.OtherChannelId].every((id) => list.events.some((e) => e.Uniqueid === id)),
    );
    const one = live.events.find((e) => e.Uniqueid === ids.ChannelId)!;
    const two = live.events.find((e) => e.Uniqueid === ids.OtherChannelId)!;
    return { ids, actionId: response.ActionID, one: String(one.Channel), two: String(two.Channel) };
  }

  async function statusOf(channel: string, extra: { Variables?: string } = {}): Promise<StatusEvent> {
    const result = await status(client, { Channel: channel, ...extra });
    expectCompleteList(result, 'StatusComplete', ['Status']);
    expect(result.events).toHaveLength(1);
    return result.events[0]!;
  }

  async function gone(uniqueids: readonly string[]): Promise<void> {
    await eventually(
      () => coreShowChannels(client),
      (list) => !list.events.some((e) => uniqueids.includes(String(e.Uniqueid))),
    );
  }

  it('originate with a Variable object, then status, getvar/setvar, DTMF, text, redirect, park, regex hangup', async () => {
    const listener = await connectClient({ events: 'on' });
    const token = unique('in');
    const stream = listener.events({ signal: AbortSignal.timeout(20_000) });
    const call = await startCall('echo-var', { TSAMI_IN: token, TSAMI_OTHER: 'two words' });
    const mine = (e: AmiEvent) => calls.owns(e) || e.ActionID === call.actionId;

    // the dialplan half echoes TSAMI_IN in a UserEvent; Originate reports its result by event
    const seen: AmiEvent[] = [];
    for await (const event of stream) {
      if (!mine(event)) continue;
      seen.push(event);
      const echoed = seen.some((e) => e.Event === 'UserEvent' && e.UserEvent === 'TsamiEcho');
      if (echoed && seen.some((e) => e.Event === 'OriginateResponse')) break;
    }
    expect(seen.find((e) => e.UserEvent === 'TsamiEcho')).toMatchObject({
      Value: token,
      Uniqueid: call.ids.OtherChannelId,
    });
    const result = seen.find((e) => isKnownEvent(e, 'OriginateResponse'))!;
    expect(result).toMatchObject({ Response: 'Success', Uniqueid: call.ids.ChannelId, Channel: call.one });

    const half = await statusOf(call.one, { Variables: 'TSAMI_OTHER' });
    expect(half).toMatchObject({
      Uniqueid: call.ids.ChannelId,
      Type: 'Local',
      ChannelStateDesc: 'Up',
      Variable: 'TSAMI_OTHER=two words',
    });
    expect((await getvar(client, { Channel: call.two, Variable: 'TSAMI_IN' })).Value).toBe(token);

    const name = unique('TSAMI_V22').replace('-', '_');
    expect((await setvar(client, { Channel: call.one, Variable: name, Value: 'set by test' })).Message).toBe(
      'Variable Set',
    );
    expect(await getvar(client, { Channel: call.one, Variable: name })).toMatchObject({
      Variable: name,
      Value: 'set by test',
    });
    expect((await getvar(client, { Channel: call.one, Variable: 'CHANNEL(state)' })).Value).toBe('Up');

    const before = Math.floor(Date.now() / 1000);
    expect((await absoluteTimeout(client, { Channel: call.one, Timeout: 120 })).Message).toBe('Timeout Set');
    const hangupAt = Number((await statusOf(call.one)).TimeToHangup);
    expect(hangupAt).toBeGreaterThanOrEqual(before + 119);
    expect(hangupAt).toBeLessThanOrEqual(before + 122);

    const dtmf = listener.events({
      filter: (e) => e.Event === 'DTMFEnd' && e.Uniqueid === call.ids.ChannelId,
      signal: AbortSignal.timeout(10_000),
    });
    expect((await playDTMF(client, { Channel: call.two, Digit: '7', Duration: 100 })).Message).toBe(
      'DTMF successfully queued',
    );
    for await (const event of dtmf) {
      // played towards the ;2 half, the digit arrives at the ;1 half
      expect(event).toMatchObject({ Digit: '7', Direction: 'Received' });
      break;
    }

    expect((await sendText(client, { Channel: call.two, Message: 'hello' })).Response).toBe('Success');
    expect((await muteAudio(client, { Channel: call.two, Direction: 'in', State: 'on' })).Response).toBe('Success');

    const moved = await redirect(client, { Channel: call.two, Context: 'tsami-test', Exten: 'hold', Priority: 1 });
    expect(moved.Message).toBe('Redirect successful');
    const held = await eventually(
      () => statusOf(call.two),
      (s) => s.Exten === 'hold' && s.Application === 'Wait',
    );
    expect(held.Context).toBe('tsami-test');

    expect((await park(client, { Channel: call.two, Parkinglot: 'default', Timeout: 60_000 })).Message).toBe(
      'Park successful',
    );
    const parked = await eventually(
      () => parkedCalls(client, { ParkingLot: 'default' }),
      (list) => list.events.some((e) => e.ParkeeUniqueid === call.ids.OtherChannelId),
    );
    expectCompleteList(parked, 'ParkedCallsComplete', ['ParkedCall']);
    const space = parked.events.find((e) => e.ParkeeUniqueid === call.ids.OtherChannelId)!;
    expect(space).toMatchObject({ ParkeeChannel: call.two, Parkinglot: 'default' });
    expect(Number(space.ParkingSpace)).toBeGreaterThanOrEqual(701);
    expect(Number(space.ParkingSpace)).toBeLessThanOrEqual(720);

    // `/regex/`: a list of the channels hung up, closed by ChannelsHungupListComplete
    const hungUp = await hangup(client, { Channel: `/${halvesPattern(call.one)}/`, Cause: 16 });
    expectCompleteList(hungUp, 'ChannelsHungupListComplete', ['ChannelHungup']);
    // Hanging up one Local half takes the other with it, so it may be gone before the scan reaches it.
    expect(hungUp.events.length).toBeGreaterThanOrEqual(1);
    for (const event of hungUp.events) expect([call.one, call.two]).toContain(event.Channel);
    await gone([call.ids.ChannelId, call.ids.OtherChannelId]);

    const none = await hangup(client, { Channel: `/${halvesPattern(call.one)}/` });
    expectCompleteList(none, 'ChannelsHungupListComplete', ['ChannelHungup']);
    expect(none.events).toEqual([]);
  });

  it('hangup by name answers a response; unknown channels and failed originates are errors', async () => {
    const call = await startCall('hold');
    const response = await hangup(client, { Channel: call.one, Cause: 16 });
    expect(response).toMatchObject({ Response: 'Success', Message: 'Channel Hungup' });
    await gone([call.ids.ChannelId, call.ids.OtherChannelId]);

    const unknown = await actionError(hangup(client, { Channel: call.one }));
    expect(unknown.response.Message).toBe('No such channel');
    const noSetvar = await actionError(getvar(client, { Channel: call.one, Variable: 'X' }));
    expect(noSetvar.response.Message).toBe('No such channel');
    const noRedirect = await actionError(
      redirect(client, { Channel: call.one, Context: 'tsami-test', Exten: 'hold', Priority: 1 }),
    );
    expect(noRedirect.response.Message).toBe(`Channel does not exist: ${call.one}`);

    // synchronous Originate into an extension that rejects the call
    const busy = await actionError(
      originate(client, {
        Channel: 'Local/busy@tsami-test',
        Application: 'Wait',
        Data: '1',
        Timeout: 5_000,
        ...calls.track(randomUUID(), randomUUID()),
      }),
    );
    expect(busy.response.Message).toBe('Originate failed');
  });

  it('bridge two calls: bridgeList, bridgeInfo, coreShowChannelMap, bridgeKick', async () => {
    const [a, b] = [await startCall('hold'), await startCall('hold')];
    expect((await bridge(client, { Channel1: a.two, Channel2: b.two, Tone: 'no' })).Message).toBe(
      'Channels have been bridged',
    );
    const bridged = await eventually(
      () => calls.channels(client),
      (channels) => {
        const ids = [a.two, b.two].map((name) => channels.find((e) => e.Channel === name)?.BridgeId);
        return ids[0] !== undefined && ids[0] !== '' && ids[0] === ids[1];
      },
    );
    const bridgeId = String(bridged.find((e) => e.Channel === a.two)!.BridgeId);

    const list = await bridgeList(client);
    expectCompleteList(list, 'BridgeListComplete', ['BridgeListItem']);
    expect(list.events.find((e) => e.BridgeUniqueid === bridgeId)).toMatchObject({
      BridgeType: 'basic',
      BridgeNumChannels: '2',
    });

    const info = await bridgeInfo(client, { BridgeUniqueid: bridgeId });
    expectCompleteList(info, 'BridgeInfoComplete', ['BridgeInfoChannel']);
    expect(info.events.map((e) => e.Channel).sort()).toEqual([a.two, b.two].sort());
    // the closing event carries the bridge itself
    expect(info.complete).toMatchObject({ BridgeUniqueid: bridgeId, BridgeNumChannels: '2' });

    // through the bridge to b's ;2 half and on through its Local pair to b's ;1 half
    const map = await coreShowChannelMap(client, { Channel: a.two });
    expectCompleteList(map, 'CoreShowChannelMapComplete', ['CoreShowChannelMap']);
    expect(map.events.map((e) => e.ConnectedChannel).sort()).toEqual([b.one, b.two].sort());
    expect(map.events.every((e) => e.Channel === a.two)).toBe(true);

    expect((await bridgeKick(client, { BridgeUniqueid: bridgeId, Channel: a.two })).Message).toBe(
      'Channel has been kicked',
    );
    await eventually(
      () =>
        bridgeInfo(client, { BridgeUniqueid: bridgeId }).then(
          () => 'still there',
          (e: unknown) => (e as { response?: { Message?: string } }).response?.Message,
        ),
      (message) => message === 'Specified BridgeUniqueid not found',
    );
    await calls.hangupAll(client);
  });

  it("blindTransfer sends the transferer's peer to the given extension", async () => {
    const [a, b] = [await startCall('hold'), await startCall('hold')];
    await bridge(client, { Channel1: a.two, Channel2: b.two });
    await eventually(
      () => statusOf(a.two),
      (s) => s.BridgeID !== undefined && s.BridgeID !== '',
    );
    const transfer = await blindTransfer(client, { Channel: a.two, Context: 'tsami-test', Exten: 'setvar' });
    expect(transfer.Message).toBe('Transfer succeeded');
    const moved = await eventually(
      () => statusOf(b.two),
      (s) => s.Exten === 'setvar',
    );
    expect(moved.Context).toBe('tsami-test');
    await calls.hangupAll(client);
  });

  it('mixMonitor, mixMonitorMute and stopMixMonitor on a live call', async () => {
    const call = await startCall('hold');
    const file = `/tmp/${unique('tsami-v22')}.wav`;
    expect((await mixMonitor(client, { Channel: call.two, File: file })).Response).toBe('Success');
    expect((await mixMonitorMute(client, { Channel: call.two, Direction: 'read', State: 1 })).Response).toBe('Success');
    expect((await getvar(client, { Channel: call.two, Variable: 'MIXMONITOR_FILENAME' })).Value).toBe(file);
    expect((await stopMixMonitor(client, { Channel: call.two })).Response).toBe('Success');
    const again = await actionError(stopMixMonitor(client, { Channel: call.two }));
    expect(again.response.Message).toBe('Could not stop monitoring channel');
    await hangup(client, { Channel: call.one });
  });

  it('userEvent sends its extra headers, repeated ones included', async () => {
    const listener = await connectClient({ events: 'on' });
    const name = unique('TsamiV22');
    const stream = listener.events({ filter: (e) => e.UserEvent === name, signal: AbortSignal.timeout(10_000) });
    const response = await userEvent(client, { UserEvent: name, Color: 'blue', Tag: ['one', 'two'] });
    expect(response.Message).toBe('Event Sent');
    for await (const event of stream) {
      expect(event).toMatchObject({
        Event: 'UserEvent',
        Color: 'blue',
        Tag: ['one', 'two'],
        ActionID: response.ActionID,
      });
      break;
    }
  });

  it('dbPut, dbGet, dbGetTree, dbDel, dbDelTree', async () => {
    const family = unique('tsami-v22');
    expect((await dbPut(client, { Family: family, Key: 'k1', Val: 'v1' })).Message).toBe(
      'Updated database successfully',
    );
    await dbPut(client, { Family: `${family}/sub`, Key: 'k2', Val: 'v 2' });
    try {
      const one = await dbGet(client, { Family: family, Key: 'k1' });
      expectCompleteList(one, 'DBGetComplete', ['DBGetResponse']);
      expect(one.events).toHaveLength(1);
      expect(one.events[0]).toMatchObject({ Family: family, Key: 'k1', Val: 'v1' });

      const tree = await dbGetTree(client, { Family: family });
      expectCompleteList(tree, 'DBGetTreeComplete', ['DBGetTreeResponse']);
      expect(tree.events.map((e) => `${e.Key}=${e.Val}`).sort()).toEqual([`/${family}/k1=v1`, `/${family}/sub/k2=v 2`]);

      expect((await dbDel(client, { Family: family, Key: 'k1' })).Message).toBe('Key deleted successfully');
      expect((await actionError(dbDel(client, { Family: family, Key: 'k1' }))).response.Message).toBe(
        'Database entry could not be deleted',
      );
      expect((await actionError(dbGet(client, { Family: family, Key: 'k1' }))).response.Message).toBe(
        'Database entry not found',
      );
    } finally {
      await dbDelTree(client, { Family: family }).catch(() => undefined);
    }
    expect((await actionError(dbDelTree(client, { Family: family }))).response.Message).toBe(
      'Database entry not found',
    );
    expect((await dbGetTree(client, { Family: family })).events).toEqual([]);
  });

  it('queueAdd, queuePause, queuePenalty, queueMemberRingInUse, queueLog, queueRemove on tsami-queue', async () => {
    const member = `Local/${unique('member')}@tsami-test`;
    const base = { Queue: 'tsami-queue', Interface: member };
    expect((await queueAdd(client, { ...base, MemberName: 'v22 member', Penalty: 3 })).Message).toBe(
      'Added interface to queue',
    );
    try {
      expect((await queuePause(client, { ...base, Paused: true, Reason: 'lunch' })).Message).toBe(
        'Interface paused successfully',
      );
      expect((await queuePenalty(client, { ...base, Penalty: 5 })).Message).toBe('Interface penalty set successfully');
      expect((await queueMemberRingInUse(client, { ...base, RingInUse: false })).Message).toBe(
        'Interface ringinuse set successfully',
      );
      expect(
        (await queueLog(client, { Queue: 'tsami-queue', Event: 'TSAMIV22', Interface: member, Message: 'test' }))
          .Message,
      ).toBe('Event added successfully');

      const result = await queueStatus(client, { Queue: 'tsami-queue', Member: member });
      expectCompleteList(result, 'QueueStatusComplete', ['QueueParams', 'QueueMember', 'QueueEntry']);
      const row = result.events.find((e) => isKnownEvent(e, 'QueueMember'));
      expect(row).toMatchObject({
        Location: member,
        Name: 'v22 member',
        Membership: 'dynamic',
        Paused: '1',
        PausedReason: 'lunch',
        Penalty: '5',
      });
      // the Member filter leaves out the static member
      expect(result.events.filter((e) => e.Event === 'QueueMember')).toHaveLength(1);
    } finally {
      await queueRemove(client, base).catch(() => undefined);
    }
    const again = await actionError(queueRemove(client, base));
    expect(again.response.Message).toBe('Unable to remove interface: Not there');
  });
});
