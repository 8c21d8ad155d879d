import type { AmiEvent, AmiListResult } from '@tsami/core';
import { describeActionSet, recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pkg from '../src/index.js';
import { aocMessage, coreShowChannels, dbGet, hangup, iaxRegistry, login, meetmeList } from '../src/index.js';
import { originate, ping, queueStatus, updateConfig, waitEvent } from '../src/index.js';
import type {
  PingResponse,
  CoreShowChannelEvent,
  CoreShowChannelsCompleteEvent,
  QueueStatusCompleteEvent,
  QueueStatusItem,
  RegistrationsCompleteEvent,
  RegistryEntryEvent,
  WaitEventCompleteEvent,
} from '../src/index.js';

const registrations = { kind: 'sendList', completeEvent: 'RegistrationsComplete' } as const;
describeActionSet({
  release: '10',
  // checkServer accepts the release and, where it has no package of its own, the next one
  majors: [10, 11],
  pkg,
  // No overrides: Asterisk 10's Hangup has no /regex/ form yet, and there is no FAXSession.
  expectedRequests: {
    Hangup: { kind: 'send' },
    Atxfer: { kind: 'send' },
    QueueStatus: { kind: 'sendList', completeEvent: 'QueueStatusComplete' },
    IAXregistry: registrations,
    SIPshowregistry: registrations,
    MeetmeList: { kind: 'sendList', completeEvent: 'MeetmeListComplete' },
  },
  functionNames: {
    SIPpeers: 'sipPeers',
    SIPshowregistry: 'sipShowregistry',
    SKINNYdevices: 'skinnyDevices',
    Atxfer: 'atxfer',
  },
  // goami's ami.v10 branch targets Asterisk 10. Its `Atxfer` sends `Action: AbsoluteTimeout` by
  // mistake, so its list has no Atxfer; ours must send Atxfer (pinned above).
  regexHangup: false,
  goami: { branch: 'ami.v10' },
});

describe('Asterisk 10 actions', () => {
  it('types the numbered header families', async () => {
    const sender = recordingSender();
    await updateConfig(sender, {
      SrcFilename: 'a.conf',
      DstFilename: 'a.conf',
      'Action-000000': 'NewCat',
      'Cat-000000': 'x',
    });
    expect(sender.calls[0]?.action['Action-000000']).toBe('NewCat');
    await aocMessage(sender, {
      Channel: 'DAHDI/1-1',
      MsgType: 'D',
      ChargeType: 'Unit',
      'UnitAmount(0)': 3,
      'UnitType(0)': 1,
    });
    expect(sender.calls[1]?.action['UnitAmount(0)']).toBe(3);
    // @ts-expect-error not an UpdateConfig action
    void updateConfig(sender, { SrcFilename: 'a', DstFilename: 'b', 'Action-000001': 'Explode' });
    // @ts-expect-error Channel is required
    void originate(sender, { Exten: '100' }).catch(() => undefined);
    // @ts-expect-error misspelt parameter
    void dbGet(sender, { Family: 'f', Key: 'k', Kye: 'x' }).catch(() => undefined);
  });

  it('accepts the Login headers the code reads although the 10 docs omit them', async () => {
    const sender = recordingSender();
    await login(sender, { Username: 'u', AuthType: 'MD5', Key: 'abc', Events: 'system,call' });
    expect(sender.calls[0]?.action).toEqual({
      Action: 'Login',
      Username: 'u',
      AuthType: 'MD5',
      Key: 'abc',
      Events: 'system,call',
    });
  });

  it('types list items with the release events', () => {
    const sender = recordingSender();
    expectTypeOf(coreShowChannels(sender)).resolves.toEqualTypeOf<
      AmiListResult<CoreShowChannelEvent, CoreShowChannelsCompleteEvent>
    >();
    expectTypeOf(queueStatus(sender)).resolves.toEqualTypeOf<
      AmiListResult<QueueStatusItem, QueueStatusCompleteEvent>
    >();
    expectTypeOf(iaxRegistry(sender)).resolves.toEqualTypeOf<
      AmiListResult<RegistryEntryEvent, RegistrationsCompleteEvent>
    >();
    // the success response recorded on Asterisk 22, optional headers here: not verified on this release
    expectTypeOf(ping(sender)).resolves.toEqualTypeOf<PingResponse>();
    expectTypeOf<PingResponse['Timestamp']>().toEqualTypeOf<string | undefined>();
    // WaitEvent yields whatever events arrive, untyped.
    expectTypeOf(waitEvent(sender, { Timeout: 5 })).resolves.toEqualTypeOf<
      AmiListResult<AmiEvent, WaitEventCompleteEvent>
    >();
  });

  it('MeetmeList sends its Conference parameter', async () => {
    const sender = recordingSender();
    await meetmeList(sender, { Conference: '1000' });
    expect(sender.calls[0]).toMatchObject({ kind: 'sendList', action: { Action: 'MeetmeList', Conference: '1000' } });
  });

  it('types Hangup as a single response, even for a /regex/-like channel', () => {
    expectTypeOf(hangup(recordingSender(), { Channel: '/x/' })).resolves.toExtend<{ readonly Response: string }>();
    expectTypeOf(hangup(recordingSender(), { Channel: '/x/' })).resolves.not.toExtend<{ readonly events: unknown }>();
  });
});
