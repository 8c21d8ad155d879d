import type { AmiListResult } from '@tsami/core';
import { describeActionSet, hangupAndFaxOverrides, recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import {
  coreShowChannelMap,
  hangup,
  login,
  originate,
  pjsipHangup,
  sipPeers,
  updateConfig,
  voicemailBoxSummary,
} from '../src/index.js';
import type {
  CoreShowChannelMapCompleteEvent,
  HangupResult,
  ChannelHungupEvent,
  ChannelsHungupListCompleteEvent,
  PeerEntryEvent,
  PeerlistCompleteEvent,
  VoicemailBoxDetailCompleteEvent,
} from '../src/index.js';

// goami has no branch for Asterisk 18; master is the closest.
describeActionSet({
  release: '18',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [18, 19],
  pkg,
  // The release's own list actions, pinned to their closing events.
  expectedRequests: {
    ...hangupAndFaxOverrides,
    CoreShowChannelMap: { kind: 'sendList', completeEvent: 'CoreShowChannelMapComplete' },
    VoicemailBoxSummary: { kind: 'sendList', completeEvent: 'VoicemailBoxDetailComplete' },
    SIPpeers: { kind: 'sendList', completeEvent: 'PeerlistComplete' },
    Parkinglots: { kind: 'sendList', completeEvent: 'ParkinglotsComplete' },
  },
  alsoRequired: { CoreShowChannelMap: ['Channel'] },
  regexHangup: true,
  functionNames: { PJSIPShowEndpoints: 'pjsipShowEndpoints', FAXSession: 'faxSession', MWIGet: 'mwiGet' },
  goami: { branch: 'master', notInRelease: { DataGet: 'data API removed in Asterisk 15' } },
});

// The kit checks the requests at run time; these check this release's generated types and quirks.
describe('types of Asterisk 18 actions', () => {
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

  it('has the 18 additions: CoreShowChannelMap (Channel required), VoicemailBoxSummary, PJSIPHangup', () => {
    expectTypeOf(coreShowChannelMap(sender, { Channel: 'PJSIP/1-1' }))
      .resolves.toHaveProperty('complete')
      .toEqualTypeOf<CoreShowChannelMapCompleteEvent>();
    // @ts-expect-error the handler refuses to run without a channel
    void coreShowChannelMap(sender, {}).catch(() => undefined);
    expectTypeOf(voicemailBoxSummary(sender, { Context: 'default', Mailbox: '100' }))
      .resolves.toHaveProperty('complete')
      .toEqualTypeOf<VoicemailBoxDetailCompleteEvent>();
    void pjsipHangup(sender, { Channel: 'PJSIP/1-1', Cause: 'Busy Here' });
    expectTypeOf(sipPeers(sender)).resolves.toEqualTypeOf<AmiListResult<PeerEntryEvent, PeerlistCompleteEvent>>();
    // PJSIPShowMaintenance came with 20
    expect(pkg.actionNames).not.toContain('PJSIPShowMaintenance');
  });

  it('documents Login AuthType, Key and Events', () => {
    void login(sender, { Username: 'u', AuthType: 'MD5', Key: 'k', Events: 'system,call' });
    // @ts-expect-error AuthType is a closed set
    void login(sender, { Username: 'u', AuthType: 'sha1' });
  });
});
