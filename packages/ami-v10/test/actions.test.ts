import { AmiInputError } from '@tsami/core';
import type { AmiEvent, AmiListResult, AmiResponse } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  actions,
  aocMessage,
  atxfer,
  coreShowChannels,
  dbGet,
  hangup,
  iaxNetstats,
  iaxRegistry,
  login,
  meetmeList,
  originate,
  ping,
  queueStatus,
  sipShowregistry,
  updateConfig,
  userEvent,
  waitEvent,
} from '../src/index.js';
import type { CoreShowChannelEvent, QueueStatusItem, RegistryEntryEvent } from '../src/index.js';
import { spec } from './spec.js';
import { recordingSender, requiredParams } from './stub.js';

type AnyAction = (sender: unknown, params?: unknown) => Promise<unknown>;

describe('every action of Asterisk 10', () => {
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
    // Asterisk 10's closing events often lack `EventList: Complete`; the name must be passed.
    expect(call.kind).toBe(action.eventList ? 'sendList' : 'send');
    if (action.eventList) expect(call.options?.completeEvent).toBe(action.eventList);
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
    await originate(sender, { Channel: 'SIP/100', Exten: '200', Context: 'default', Priority: 1, Async: true, Variable: { FOO: 'bar' } });
    expect(sender.calls[0]?.action).toEqual({
      Action: 'Originate',
      Channel: 'SIP/100',
      Exten: '200',
      Context: 'default',
      Priority: 1,
      Async: true,
      Variable: { FOO: 'bar' },
    });
  });

  it('sends Atxfer as Atxfer (goami v10 sends AbsoluteTimeout)', async () => {
    const sender = recordingSender();
    await atxfer(sender, { Channel: 'SIP/100-1', Exten: '300', Context: 'default', Priority: 1 });
    expect(sender.calls[0]?.action.Action).toBe('Atxfer');
  });

  it('lets UserEvent carry arbitrary headers', async () => {
    const sender = recordingSender();
    await userEvent(sender, { UserEvent: 'Deploy', Version: '1.2.3' });
    expect(sender.calls[0]?.action).toEqual({ Action: 'UserEvent', UserEvent: 'Deploy', Version: '1.2.3' });
  });

  it('types the numbered header families', async () => {
    const sender = recordingSender();
    await updateConfig(sender, { SrcFilename: 'a.conf', DstFilename: 'a.conf', 'Action-000000': 'NewCat', 'Cat-000000': 'x' });
    expect(sender.calls[0]?.action['Action-000000']).toBe('NewCat');
    await aocMessage(sender, { Channel: 'DAHDI/1-1', MsgType: 'D', ChargeType: 'Unit', 'UnitAmount(0)': 3, 'UnitType(0)': 1 });
    expect(sender.calls[1]?.action['UnitAmount(0)']).toBe(3);
    // @ts-expect-error not an UpdateConfig action
    void updateConfig(sender, { SrcFilename: 'a', DstFilename: 'b', 'Action-000001': 'Explode' });
  });

  it('accepts the Login headers the code reads although the 10 docs omit them', async () => {
    const sender = recordingSender();
    await login(sender, { Username: 'u', AuthType: 'MD5', Key: 'abc', Events: 'system,call' });
    expect(sender.calls[0]?.action).toEqual({ Action: 'Login', Username: 'u', AuthType: 'MD5', Key: 'abc', Events: 'system,call' });
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
    expectTypeOf(queueStatus(sender)).resolves.toEqualTypeOf<AmiListResult<QueueStatusItem>>();
    expectTypeOf(ping(sender)).resolves.toEqualTypeOf<AmiResponse>();
  });

  it('IAXregistry and SIPshowregistry list RegistryEntry items closed by RegistrationsComplete', async () => {
    const sender = recordingSender();
    expectTypeOf(iaxRegistry(sender)).resolves.toEqualTypeOf<AmiListResult<RegistryEntryEvent>>();
    await sipShowregistry(sender);
    expect(sender.calls.map((c) => c.options?.completeEvent)).toEqual(['RegistrationsComplete', 'RegistrationsComplete']);
  });

  it('MeetmeList sends its Conference parameter', async () => {
    const sender = recordingSender();
    await meetmeList(sender, { Conference: '1000' });
    expect(sender.calls[0]).toMatchObject({ kind: 'sendList', action: { Action: 'MeetmeList', Conference: '1000' } });
  });

  it('Hangup is a single response in Asterisk 10 (no /regex/ form yet)', async () => {
    const sender = recordingSender();
    expectTypeOf(hangup(sender, { Channel: '/x/' })).resolves.toEqualTypeOf<AmiResponse>();
    await hangup(sender, { Channel: '/x/' });
    expect(sender.calls[0]?.kind).toBe('send');
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
