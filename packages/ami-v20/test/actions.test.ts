import type { AmiListResult } from '@tsami/core';
import { describeActionSet, hangupAndFaxOverrides, recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import {
  hangup,
  login,
  mixMonitor,
  originate,
  pjsipShowMaintenance,
  queueAdd,
  sipPeers,
  updateConfig,
} from '../src/index.js';
import type {
  HangupResult,
  ChannelHungupEvent,
  ChannelsHungupListCompleteEvent,
  PeerEntryEvent,
  PeerlistCompleteEvent,
  PJSIPMaintenanceStatusCompleteEvent,
} from '../src/index.js';

// goami has no branch for Asterisk 20; master is the closest.
describeActionSet({
  release: '20',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [20, 21],
  pkg,
  // The release's own list actions, pinned to their closing events.
  expectedRequests: {
    ...hangupAndFaxOverrides,
    PJSIPShowMaintenance: { kind: 'sendList', completeEvent: 'PJSIPMaintenanceStatusComplete' },
    SIPpeers: { kind: 'sendList', completeEvent: 'PeerlistComplete' },
    Parkinglots: { kind: 'sendList', completeEvent: 'ParkinglotsComplete' },
  },
  alsoRequired: { CoreShowChannelMap: ['Channel'] },
  regexHangup: true,
  functionNames: { PJSIPShowEndpoints: 'pjsipShowEndpoints', FAXSession: 'faxSession', MWIGet: 'mwiGet' },
  goami: { branch: 'master', notInRelease: { DataGet: 'data API removed in Asterisk 15' } },
});

// The kit checks the requests at run time; these check this release's generated types and quirks.
describe('types of Asterisk 20 actions', () => {
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

  it('has the 20 additions: PJSIPShowMaintenance, QueueAdd Reason, MixMonitor Options; still chan_sip', () => {
    expectTypeOf(pjsipShowMaintenance(sender))
      .resolves.toHaveProperty('complete')
      .toEqualTypeOf<PJSIPMaintenanceStatusCompleteEvent>();
    void queueAdd(sender, { Queue: 'q', Interface: 'PJSIP/100', Reason: 'login' });
    void mixMonitor(sender, { Channel: 'PJSIP/1-1', File: 'x.wav', Options: 'b' });
    // @ts-expect-error the option parameter is spelt Options from 20 on
    void mixMonitor(sender, { Channel: 'PJSIP/1-1', File: 'x.wav', options: 'b' });
    expectTypeOf(sipPeers(sender)).resolves.toEqualTypeOf<AmiListResult<PeerEntryEvent, PeerlistCompleteEvent>>();
    expect(pkg.actionNames).toContain('Monitor');
  });

  it('documents Login AuthType, Key and Events', () => {
    void login(sender, { Username: 'u', AuthType: 'MD5', Key: 'k', Events: 'system,call' });
  });
});
