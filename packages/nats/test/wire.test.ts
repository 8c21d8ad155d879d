import {
  AmiAbortError,
  AmiActionError,
  AmiConnectionError,
  AmiClosedError,
  AmiLimitError,
  AmiPoolClosedError,
  AmiInputError,
  AmiPoolExhaustedError,
  AmiTimeoutError,
  type AmiError,
  type AmiEvent,
  type AmiSender,
} from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { resolveLimits, resolveServers } from '../src/bridge/config.js';
import { redact } from '../src/bridge/redact.js';
import { subjects } from '../src/subjects.js';
import { fromWireError, toWireError, wasSent, type WireError } from '../src/wire.js';
import { natsSender, type BusEvent, type natsEvents, type NatsEventStream } from '../src/index.js';

describe('errors across the bus', () => {
  it("reads core's sent, and counts an unknown failure as maybe sent", () => {
    expect(wasSent(new AmiTimeoutError('t', 5, { sent: true }))).toBe(true);
    expect(wasSent(new AmiTimeoutError('t', 5, { sent: false }))).toBe(false);
    expect(wasSent(new Error('plain'))).toBe(true);
    expect(wasSent(new AmiInputError('bad header', 'X'))).toBe(false);
  });

  it('carries sent across the bus, both ways, for every error that says it', () => {
    for (const sent of [false, true]) {
      const originals = [
        new AmiTimeoutError('slow', 250, { sent }),
        new AmiAbortError('stop', { sent }),
        new AmiConnectionError('down', { sent }),
        new AmiClosedError('closed', { sent }),
        new AmiLimitError('full', 'maxListItems', { sent }),
        new AmiPoolExhaustedError('busy', { sent }),
        new AmiPoolClosedError('gone', { sent }),
      ];
      for (const original of originals) {
        const rebuilt = fromWireError(JSON.parse(JSON.stringify(toWireError(original))) as WireError);
        expect(rebuilt).toBeInstanceOf(original.constructor);
        expect(rebuilt.code).toBe(original.code);
        expect(wasSent(rebuilt)).toBe(sent);
      }
    }
    const limit = fromWireError(toWireError(new AmiLimitError('full', 'maxListItems', { sent: true })));
    expect((limit as AmiLimitError).limit).toBe('maxListItems');
  });

  it("rebuilds each of core's classes with its details", () => {
    const response = { Response: 'Error', Message: 'No such channel' };
    const cases: [Error, new (...args: never[]) => AmiError][] = [
      [new AmiActionError('failed', 'Hangup', response), AmiActionError],
      [new AmiInputError('bad', 'Channel'), AmiInputError],
      [new AmiTimeoutError('slow', 250), AmiTimeoutError],
      [new AmiAbortError('stop'), AmiAbortError],
      [new AmiConnectionError('down'), AmiConnectionError],
      [new AmiPoolExhaustedError('busy'), AmiPoolExhaustedError],
    ];
    for (const [original, type] of cases) {
      const wire = JSON.parse(JSON.stringify(toWireError(original, false))) as WireError;
      const rebuilt = fromWireError(wire);
      expect(rebuilt).toBeInstanceOf(type);
      expect(rebuilt.code).toBe((original as AmiError).code);
    }
    const action = fromWireError(toWireError(new AmiActionError('failed', 'Hangup', response))) as AmiActionError;
    expect(action.response).toEqual(response);
    expect(action.action).toBe('Hangup');
    expect((fromWireError(toWireError(new AmiTimeoutError('slow', 250))) as AmiTimeoutError).timeoutMs).toBe(250);
    expect((fromWireError(toWireError(new AmiInputError('bad', 'Channel'))) as AmiInputError).field).toBe('Channel');
  });
});

describe('config', () => {
  it('never puts the secret of a bad URL in its error', () => {
    const error = (() => {
      try {
        resolveServers({ nats: { servers: 'x' }, asterisk: { pbx1: { url: 'http://u:top-secret@h' } } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(AmiInputError);
    expect(error?.message).not.toContain('top-secret');
  });

  it('takes the secret from secretEnv, refuses bad server names, applies defaults', () => {
    const [server] = resolveServers(
      { nats: { servers: 'x' }, asterisk: { pbx1: { url: 'ami://u@h:5038', secretEnv: 'PBX1_SECRET' } } },
      { PBX1_SECRET: 'from-env' },
    );
    expect(server?.clientOptions.secret).toBe('from-env');
    expect(server?.secrets).toContain('from-env');
    expect(server?.maxInFlightActions).toBe(1_000);
    expect(() => resolveServers({ nats: { servers: 'x' }, asterisk: { 'pbx.1': { url: 'ami://u:s@h' } } })).toThrow(
      AmiInputError,
    );
    expect(() => resolveServers({ nats: { servers: 'x' }, asterisk: {} })).toThrow(AmiInputError);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => resolveLimits({ nats: { servers: 'x' }, asterisk: {}, maxPendingPublishes: 0 })).toThrow(
      /maxPendingPublishes/,
    );
    expect(() => resolveLimits({ nats: { servers: 'x' }, asterisk: {}, dedupWindowMs: 1.5 })).toThrow(/dedupWindowMs/);
    expect(resolveLimits({ nats: { servers: 'x' }, asterisk: {} }).maxPendingPublishes).toBe(10_000);
  });

  it('redacts secrets and URL credentials', () => {
    expect(redact('login ami://u:p4ss@h failed with p4ss', ['p4ss'])).toBe('login ami://***@h failed with ***');
  });
});

describe('subjects', () => {
  it('keeps action subjects outside the stream subjects', () => {
    const s = subjects();
    expect(s.event('pbx1', 'Hangup')).toBe('ami.pbx1.event.Hangup');
    expect(s.event('pbx1', 'Odd.Name *')).toBe('ami.pbx1.event.Odd_Name__');
    expect(s.stream).toEqual(['ami.*.event.>', 'ami.*.status']);
    expect(s.action('pbx1')).toBe('ami.pbx1.action');
  });

  it('natsSender is an AmiSender; natsEvents yields the event type asked for', () => {
    expectTypeOf(natsSender).returns.toEqualTypeOf<AmiSender>();
    type Hangup = AmiEvent & { readonly Event: 'Hangup'; readonly Cause: string };
    expectTypeOf<ReturnType<typeof natsEvents<Hangup>>>().toEqualTypeOf<NatsEventStream<Hangup>>();
    expectTypeOf<NatsEventStream<Hangup>>().toExtend<AsyncIterable<BusEvent<Hangup>>>();
    expectTypeOf<NatsEventStream<Hangup>>().not.toExtend<
      AsyncIterable<BusEvent<AmiEvent & { readonly Event: 'Newchannel' }>>
    >();
    expectTypeOf<BusEvent<Hangup>['event']['Cause']>().toEqualTypeOf<string>();
  });
});
