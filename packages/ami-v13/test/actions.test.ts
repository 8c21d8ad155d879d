import type { AmiEvent, AmiListResult } from '@tsami/core';
import { describeActionSet, hangupAndFaxOverrides, recordingSender } from '@tsami/action-set-testkit';
import { describe, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import { coreShowChannels, dbGet, hangup, iaxPeers, login, originate, parkinglots } from '../src/index.js';
import { ping, pjsipShowEndpoint, pjsipShowEndpoints, updateConfig, waitEvent } from '../src/index.js';
import type {
  CommandResponse,
  PingResponse,
  ChannelHungupEvent,
  ChannelsHungupListCompleteEvent,
  CoreShowChannelEvent,
  CoreShowChannelsCompleteEvent,
  EndpointDetailCompleteEvent,
  EndpointListCompleteEvent,
  EndpointListEvent,
  HangupResult,
  PJSIPShowEndpointItem,
  ParkinglotEvent,
  ParkinglotsCompleteEvent,
  PeerEntryEvent,
  PeerlistCompleteEvent,
  WaitEventCompleteEvent,
} from '../src/index.js';

describeActionSet({
  release: '13',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [12, 13],
  pkg,
  expectedRequests: {
    ...hangupAndFaxOverrides,
    Parkinglots: { kind: 'sendList', completeEvent: 'ParkinglotsComplete' },
  },
  regexHangup: true,
  functionNames: { PJSIPShowEndpoints: 'pjsipShowEndpoints', FAXSession: 'faxSession', MWIGet: 'mwiGet' },
  // goami's ami.v13 branch targets Asterisk 13; everything it offers must be here too.
  goami: { branch: 'ami.v13' },
});

// The kit checks the requests at run time; these check this release's generated types.
describe('types of Asterisk 13 actions', () => {
  const sender = recordingSender();

  it('check parameters: numbered headers, closed sets, required and misspelt names', () => {
    // @ts-expect-error not an UpdateConfig action
    void updateConfig(sender, { SrcFilename: 'a', DstFilename: 'b', 'Action-000001': 'Explode' });
    void login(sender, { Username: 'u', Secret: 's', Events: 'system,call' });
    void login(sender, { Username: 'u', Secret: 's', Events: 'off' });
    // @ts-expect-error AuthType is a closed set
    void login(sender, { Username: 'u', AuthType: 'sha1' });
    // @ts-expect-error Channel is required
    void originate(sender, { Exten: '100' }).catch(() => undefined);
    // @ts-expect-error misspelt parameter
    void dbGet(sender, { Family: 'f', Key: 'k', Kye: 'x' }).catch(() => undefined);
  });

  it('type list items with the release events; Parkinglots yields Parkinglot, WaitEvent anything', () => {
    expectTypeOf(coreShowChannels(sender)).resolves.toEqualTypeOf<
      AmiListResult<CoreShowChannelEvent, CoreShowChannelsCompleteEvent>
    >();
    expectTypeOf(pjsipShowEndpoints(sender)).resolves.toEqualTypeOf<
      AmiListResult<EndpointListEvent, EndpointListCompleteEvent>
    >();
    expectTypeOf(pjsipShowEndpoint(sender, { Endpoint: '1' })).resolves.toEqualTypeOf<
      AmiListResult<PJSIPShowEndpointItem, EndpointDetailCompleteEvent>
    >();
    expectTypeOf(iaxPeers(sender)).resolves.toEqualTypeOf<AmiListResult<PeerEntryEvent, PeerlistCompleteEvent>>();
    // the success response recorded on Asterisk 22, optional headers here: not verified on this release
    expectTypeOf(ping(sender)).resolves.toEqualTypeOf<PingResponse>();
    expectTypeOf<PingResponse['Timestamp']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(parkinglots(sender)).resolves.toEqualTypeOf<
      AmiListResult<ParkinglotEvent, ParkinglotsCompleteEvent>
    >();
    expectTypeOf(waitEvent(sender, { Timeout: 5 })).resolves.toEqualTypeOf<
      AmiListResult<AmiEvent, WaitEventCompleteEvent>
    >();
  });

  it('type Response by what Asterisk 13 answers: Command says Follows there', () => {
    expectTypeOf<CommandResponse['Response']>().toEqualTypeOf<'Success' | 'Follows'>();
    expectTypeOf<CommandResponse['Output']>().toEqualTypeOf<string[] | undefined>();
  });

  it('type Hangup by its channel: /regex/ a list, a name one response, an unknown string either', () => {
    expectTypeOf(hangup(sender, { Channel: '/^PJSIP\\/100-.*$/', Cause: 16 })).resolves.toEqualTypeOf<
      AmiListResult<ChannelHungupEvent, ChannelsHungupListCompleteEvent>
    >();
    // a single response (typed from the recording where there is one), never a list
    expectTypeOf(hangup(sender, { Channel: 'PJSIP/100-00000001' })).resolves.toExtend<{ readonly Response: string }>();
    expectTypeOf(hangup(sender, { Channel: 'PJSIP/100-00000001' })).resolves.not.toExtend<{
      readonly events: unknown;
    }>();
    const someChannel: string = 'PJSIP/1';
    expectTypeOf(hangup(sender, { Channel: someChannel })).resolves.toEqualTypeOf<
      HangupResult<'PJSIP/1'> | AmiListResult<ChannelHungupEvent, ChannelsHungupListCompleteEvent>
    >();
    expectTypeOf<HangupResult<'/x/'>>().toEqualTypeOf<
      AmiListResult<ChannelHungupEvent, ChannelsHungupListCompleteEvent>
    >();
  });
});
