import type { AmiListResult } from '@tsami/core';
import { describeActionSet, hangupAndFaxOverrides, loadSpec, recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import { coreShowChannelMap, hangup, login, originate, pjsipShowMaintenance, updateConfig } from '../src/index.js';
import type {
  HangupResult,
  ChannelHungupEvent,
  ChannelsHungupListCompleteEvent,
  PJSIPMaintenanceStatusCompleteEvent,
} from '../src/index.js';

// goami has no branch for Asterisk 23; master is the closest, minus what Asterisk 21 removed.
const gone = (reason: string, names: string[]) => Object.fromEntries(names.map((n) => [n, reason]));
describeActionSet({
  release: '23',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [23],
  pkg,
  // The release's own list actions, pinned to their closing events.
  expectedRequests: {
    ...hangupAndFaxOverrides,
    PJSIPShowMaintenance: { kind: 'sendList', completeEvent: 'PJSIPMaintenanceStatusComplete' },
    Parkinglots: { kind: 'sendList', completeEvent: 'ParkinglotsComplete' },
  },
  alsoRequired: { CoreShowChannelMap: ['Channel'] },
  regexHangup: true,
  functionNames: { PJSIPShowEndpoints: 'pjsipShowEndpoints', FAXSession: 'faxSession', MWIGet: 'mwiGet' },
  goami: {
    branch: 'master',
    notInRelease: {
      DataGet: 'data API removed in Asterisk 15',
      ...gone('res_monitor removed in Asterisk 21', [
        'ChangeMonitor',
        'Monitor',
        'PauseMonitor',
        'StopMonitor',
        'UnpauseMonitor',
      ]),
      ...gone('chan_sip removed in Asterisk 21', [
        'SIPnotify',
        'SIPpeers',
        'SIPpeerstatus',
        'SIPqualifypeer',
        'SIPshowpeer',
        'SIPshowregistry',
      ]),
      ...gone('chan_skinny removed in Asterisk 21', [
        'SKINNYdevices',
        'SKINNYlines',
        'SKINNYshowdevice',
        'SKINNYshowline',
      ]),
    },
  },
});

// The kit checks the requests at run time; these check this release's generated types and quirks.
describe('types of Asterisk 23 actions', () => {
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

  it('has the same action set as Asterisk 22: no chan_sip, chan_skinny or res_monitor', () => {
    expect(pkg.spec.amiVersion).toBe('12.0.0');
    expect([...pkg.actionNames]).toEqual(Object.keys(loadSpec('22').actions).sort());
    expectTypeOf(pjsipShowMaintenance(sender))
      .resolves.toHaveProperty('complete')
      .toEqualTypeOf<PJSIPMaintenanceStatusCompleteEvent>();
    // @ts-expect-error the handler refuses to run without a channel
    void coreShowChannelMap(sender, {}).catch(() => undefined);
    for (const gone of ['SIPpeers', 'SKINNYdevices', 'Monitor']) expect(pkg.actionNames).not.toContain(gone);
  });

  it('documents Login AuthType, Key and Events', () => {
    void login(sender, { Username: 'u', AuthType: 'MD5', Key: 'k', Events: 'system,call' });
  });
});
