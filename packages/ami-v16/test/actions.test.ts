import type { AmiListResult } from '@tsami/core';
import { describeActionSet, hangupAndFaxOverrides, recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import { dbGetTree, hangup, login, originate, sipPeers, skinnyDevices, updateConfig } from '../src/index.js';
import type {
  DBGetTreeCompleteEvent,
  DBGetTreeResponseEvent,
  DevicelistCompleteEvent,
  DeviceEntryEvent,
  HangupResult,
  ChannelHungupEvent,
  ChannelsHungupListCompleteEvent,
  PeerEntryEvent,
  PeerlistCompleteEvent,
} from '../src/index.js';

// goami has no branch for Asterisk 16; master is the closest.
describeActionSet({
  release: '16',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [16, 17],
  pkg,
  // The release's own list actions, pinned to their closing events.
  expectedRequests: {
    ...hangupAndFaxOverrides,
    DBGetTree: { kind: 'sendList', completeEvent: 'DBGetTreeComplete' },
    SIPpeers: { kind: 'sendList', completeEvent: 'PeerlistComplete' },
    SKINNYdevices: { kind: 'sendList', completeEvent: 'DevicelistComplete' },
    Parkinglots: { kind: 'sendList', completeEvent: 'ParkinglotsComplete' },
  },
  regexHangup: true,
  functionNames: { PJSIPShowEndpoints: 'pjsipShowEndpoints', FAXSession: 'faxSession', MWIGet: 'mwiGet' },
  goami: { branch: 'master', notInRelease: { DataGet: 'data API removed in Asterisk 15' } },
});

// The kit checks the requests at run time; these check this release's generated types and quirks.
describe('types of Asterisk 16 actions', () => {
  const sender = recordingSender();

  it('check parameters: numbered headers, required and misspelt names', () => {
    // @ts-expect-error not an UpdateConfig action
    void updateConfig(sender, { SrcFilename: 'a', DstFilename: 'b', 'Action-000001': 'Explode' });
    // @ts-expect-error Channel is required
    void originate(sender, { Exten: '100' }).catch(() => undefined);
  });

  it('type Hangup by its channel: /regex/ a list, a name one response', () => {
    expectTypeOf(hangup(sender, { Channel: '/^PJSIP\\/100-.*$/' })).resolves.toEqualTypeOf<
      AmiListResult<ChannelHungupEvent, ChannelsHungupListCompleteEvent>
    >();
    // a single response (typed from the recording where there is one), never a list
    expectTypeOf(hangup(sender, { Channel: 'PJSIP/100-00000001' })).resolves.toExtend<{ readonly Response: string }>();
    expectTypeOf(hangup(sender, { Channel: 'PJSIP/100-00000001' })).resolves.not.toExtend<{
      readonly events: unknown;
    }>();
    expectTypeOf<HangupResult<'/x/'>>().toEqualTypeOf<
      AmiListResult<ChannelHungupEvent, ChannelsHungupListCompleteEvent>
    >();
  });

  it('has chan_sip and chan_skinny lists, and DBGetTree (new in 16) closed by DBGetTreeComplete', () => {
    expectTypeOf(dbGetTree(sender, { Family: 'f' })).resolves.toEqualTypeOf<
      AmiListResult<DBGetTreeResponseEvent, DBGetTreeCompleteEvent>
    >();
    expectTypeOf(sipPeers(sender)).resolves.toEqualTypeOf<AmiListResult<PeerEntryEvent, PeerlistCompleteEvent>>();
    expectTypeOf(skinnyDevices(sender)).resolves.toEqualTypeOf<
      AmiListResult<DeviceEntryEvent, DevicelistCompleteEvent>
    >();
    expect(pkg.actionNames).not.toContain('CoreShowChannelMap');
    expect(pkg.actionNames).not.toContain('DataGet');
  });

  it('takes the Login headers its documentation omits (documented from 18 on)', () => {
    void login(sender, { Username: 'u', AuthType: 'MD5', Key: 'k', Events: 'off' });
    // @ts-expect-error AuthType is a closed set
    void login(sender, { Username: 'u', AuthType: 'sha1' });
  });
});
