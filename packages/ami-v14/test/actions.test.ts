import { AmiInputError } from '@tsami/core';
import type { AmiEvent, AmiListResult, AmiResponse } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  actions,
  coreShowChannels,
  dbGet,
  faxSession,
  faxStats,
  hangup,
  iaxNetstats,
  iaxPeers,
  login,
  originate,
  parkinglots,
  ping,
  pjsipShowEndpoint,
  pjsipShowEndpoints,
  updateConfig,
  userEvent,
  waitEvent,
} from '../src/index.js';
import type {
  ChannelHungupEvent,
  CoreShowChannelEvent,
  EndpointListEvent,
  HangupResult,
  ParkinglotEvent,
  PeerEntryEvent,
  PJSIPShowEndpointItem,
} from '../src/index.js';
import { spec } from './spec.js';
import { recordingSender, requiredParams } from './stub.js';

/** Actions whose answer the overrides model differently from the spec's `eventList`. */
const LIST_OVERRIDES: Record<string, { kind: 'send' | 'sendList'; completeEvent?: string }> = {
  // A plain channel name answers with one response; only `/regex/` answers with a list.
  Hangup: { kind: 'send' },
  // Ack plus exactly one follow-up event.
  FAXSession: { kind: 'sendList', completeEvent: 'FAXSession' },
  FAXStats: { kind: 'sendList', completeEvent: 'FAXStats' },
};

type AnyAction = (sender: unknown, params?: unknown) => Promise<unknown>;

describe('every action of Asterisk 14', () => {
  const names = Object.keys(spec.actions).sort();

  it.each(names)('%s sends its exact name and the right kind of request', async (name) => {
    const action = spec.actions[name]!;
    const fn = (actions as unknown as Record<string, AnyAction>)[name]!;
    const sender = recordingSender();
    const required = action.params.filter((p) => p.required).map((p) => p.name);
    await fn(sender, requiredParams(required));

    expect(sender.calls).toHaveLength(1);
    const call = sender.calls[0]!;
    expect(call.action.Action).toBe(name);
    for (const param of required) expect(call.action[param]).toBe(`value-of-${param}`);
    const expected = LIST_OVERRIDES[name] ?? (action.eventList ? { kind: 'sendList', completeEvent: action.eventList } : { kind: 'send' });
    expect(call.kind).toBe(expected.kind);
    if (expected.kind === 'sendList') expect(call.options?.completeEvent).toBe(expected.completeEvent);
  });

  const withRequired = names.filter((n) => spec.actions[n]!.params.some((p) => p.required));
  it.each(withRequired)('%s rejects a missing required parameter before sending', async (name) => {
    const required = spec.actions[name]!.params.filter((p) => p.required).map((p) => p.name);
    const fn = (actions as unknown as Record<string, AnyAction>)[name]!;
    for (const missing of required) {
      const sender = recordingSender();
      const params = requiredParams(required.filter((p) => p !== missing));
      const error = await fn(sender, params).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AmiInputError);
      expect((error as AmiInputError).field).toBe(missing);
      expect(sender.calls).toHaveLength(0);
    }
  });
});

describe('parameters', () => {
  it('passes parameters through under their exact AMI names', async () => {
    const sender = recordingSender();
    await originate(sender, {
      Channel: 'Local/100@default',
      Exten: '200',
      Context: 'default',
      Priority: 1,
      Async: true,
      Variable: { FOO: 'bar' },
    });
    expect(sender.calls[0]?.action).toEqual({
      Action: 'Originate',
      Channel: 'Local/100@default',
      Exten: '200',
      Context: 'default',
      Priority: 1,
      Async: true,
      Variable: { FOO: 'bar' },
    });
    expect(sender.calls[0]?.kind).toBe('send');
  });

  it('forwards SendOptions', async () => {
    const sender = recordingSender();
    const signal = new AbortController().signal;
    await ping(sender, undefined, { timeoutMs: 1234, signal });
    expect(sender.calls[0]?.options).toEqual({ timeoutMs: 1234, signal });
    await coreShowChannels(sender, {}, { timeoutMs: 99 });
    expect(sender.calls[1]?.options).toEqual({ timeoutMs: 99, completeEvent: 'CoreShowChannelsComplete' });
  });

  it('lets UserEvent carry arbitrary headers', async () => {
    const sender = recordingSender();
    await userEvent(sender, { UserEvent: 'Deploy', Version: '1.2.3', Anything: 7 });
    expect(sender.calls[0]?.action).toEqual({ Action: 'UserEvent', UserEvent: 'Deploy', Version: '1.2.3', Anything: 7 });
  });

  it('types the numbered UpdateConfig header family', async () => {
    const sender = recordingSender();
    await updateConfig(sender, {
      SrcFilename: 'a.conf',
      DstFilename: 'a.conf',
      'Action-000000': 'Append',
      'Cat-000000': 'general',
      'Var-000000': 'x',
      'Value-000000': '1',
    });
    expect(sender.calls[0]?.action['Action-000000']).toBe('Append');
    // @ts-expect-error not an UpdateConfig action
    void updateConfig(sender, { SrcFilename: 'a', DstFilename: 'b', 'Action-000001': 'Explode' });
  });

  it('accepts any event class list for Login Events, and known values', () => {
    const sender = recordingSender();
    void login(sender, { Username: 'u', Secret: 's', Events: 'system,call' });
    void login(sender, { Username: 'u', Secret: 's', Events: 'off' });
    // @ts-expect-error AuthType is a closed set
    void login(sender, { Username: 'u', AuthType: 'sha1' });
  });

  it('requires required parameters in the type', () => {
    const sender = recordingSender();
    // @ts-expect-error Channel is required
    void originate(sender, { Exten: '100' }).catch(() => undefined);
    // @ts-expect-error misspelt parameter
    void dbGet(sender, { Family: 'f', Key: 'k', Kye: 'x' }).catch(() => undefined);
  });
});

describe('list actions', () => {
  it('type list items with the release events', () => {
    const sender = recordingSender();
    expectTypeOf(coreShowChannels(sender)).resolves.toEqualTypeOf<AmiListResult<CoreShowChannelEvent>>();
    expectTypeOf(pjsipShowEndpoints(sender)).resolves.toEqualTypeOf<AmiListResult<EndpointListEvent>>();
    expectTypeOf(pjsipShowEndpoint(sender, { Endpoint: '100' })).resolves.toEqualTypeOf<
      AmiListResult<PJSIPShowEndpointItem>
    >();
    expectTypeOf(iaxPeers(sender)).resolves.toEqualTypeOf<AmiListResult<PeerEntryEvent>>();
    expectTypeOf(ping(sender)).resolves.toEqualTypeOf<AmiResponse>();
  });

  it('expects Parkinglot items, not ParkedCall', async () => {
    const sender = recordingSender();
    const result = await parkinglots(sender);
    expectTypeOf(result.events).toEqualTypeOf<ParkinglotEvent[]>();
    expect(sender.calls[0]?.options?.completeEvent).toBe('ParkinglotsComplete');
  });

  it('Hangup with a /regex/ channel is a list closed by ChannelsHungupListComplete', async () => {
    const sender = recordingSender();
    const listed = await hangup(sender, { Channel: '/^PJSIP\\/100-.*$/', Cause: 16 });
    expectTypeOf(listed).toEqualTypeOf<AmiListResult<ChannelHungupEvent>>();
    expect(sender.calls[0]).toMatchObject({
      kind: 'sendList',
      action: { Action: 'Hangup', Channel: '/^PJSIP\\/100-.*$/', Cause: 16 },
      options: { completeEvent: 'ChannelsHungupListComplete' },
    });

    const single = await hangup(sender, { Channel: 'PJSIP/100-00000001' });
    expectTypeOf(single).toEqualTypeOf<AmiResponse>();
    expect(sender.calls[1]).toMatchObject({ kind: 'send', action: { Action: 'Hangup', Channel: 'PJSIP/100-00000001' } });

    const unknownChannel: string = 'PJSIP/1';
    expectTypeOf(hangup(sender, { Channel: unknownChannel })).resolves.toEqualTypeOf<
      AmiResponse | AmiListResult<ChannelHungupEvent>
    >();
    expectTypeOf<HangupResult<'/x/'>>().toEqualTypeOf<AmiListResult<ChannelHungupEvent>>();
  });

  it('FAXSession and FAXStats wait for their single follow-up event', async () => {
    const sender = recordingSender();
    await faxSession(sender, { SessionNumber: 3 });
    await faxStats(sender);
    expect(sender.calls.map((c) => [c.kind, c.action.Action, c.options?.completeEvent])).toEqual([
      ['sendList', 'FAXSession', 'FAXSession'],
      ['sendList', 'FAXStats', 'FAXStats'],
    ]);
  });

  it('IAXnetstats is a plain request, not a list', async () => {
    const sender = recordingSender();
    await iaxNetstats(sender);
    expect(sender.calls[0]?.kind).toBe('send');
  });

  it('WaitEvent closes on WaitEventComplete and yields untyped events', async () => {
    const sender = recordingSender();
    const result = await waitEvent(sender, { Timeout: 5 }, { timeoutMs: 10_000 });
    expectTypeOf(result.events).toEqualTypeOf<AmiEvent[]>();
    expect(sender.calls[0]).toMatchObject({ kind: 'sendList', options: { completeEvent: 'WaitEventComplete', timeoutMs: 10_000 } });
  });
});
