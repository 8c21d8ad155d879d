import { getField, type AmiEventHeaders } from '@tsami/core';
import { recordingSender } from '@tsami/action-set-testkit';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isKnownEvent, login, ping, requiredPrivileges } from '../src/index.js';
import type {
  AmiV22Event,
  AmiV22EventMap,
  ChannelSnapshot,
  HangupEvent,
  KnownEventName,
  NewstateEvent,
} from '../src/index.js';

// A custom event joins the map by declaration merging, as the README shows for '@tsami/ami-v22'
// (here the generated module, which the package entry re-exports).
interface OrderPlacedEvent extends AmiEventHeaders {
  readonly Event: 'OrderPlaced';
  readonly OrderId?: string;
}
declare module '../src/generated/events.js' {
  interface AmiV22EventMap {
    readonly OrderPlaced: OrderPlacedEvent;
  }
}

// Each @ts-expect-error is checked by the package's typecheck: the line must fail to compile.
describe('typos do not compile', () => {
  const hangup: HangupEvent = { Event: 'Hangup', Channel: 'PJSIP/100-1', Cause: '16', ChannelStateDesc: 'Up' };

  it('a misspelt or foreign header of a typed event', () => {
    // @ts-expect-error Cause, misspelt
    expect(hangup.Cuase).toBeUndefined();
    // @ts-expect-error DestChannel belongs to two-channel events such as DialBegin, not Hangup
    expect(hangup.DestChannel).toBeUndefined();
    // @ts-expect-error not a header of Hangup, even when building one
    const built: HangupEvent = { Event: 'Hangup', Cuase: '16' };
    expect(built.Event).toBe('Hangup');
  });

  it('a misspelt event name where the event is typed', () => {
    const name = (e: AmiV22Event): string => {
      // @ts-expect-error no event is called HangUp: the comparison can never be true
      if (e.Event === 'HangUp') return 'never';
      if (e.Event === 'Hangup') {
        // @ts-expect-error narrowed to Hangup already
        if (e.Event === 'Newchannel') return 'never';
        return e.Cause ?? '';
      }
      return e.Event;
    };
    expect(name(hangup)).toBe('16');
    // @ts-expect-error not a known event name
    expect(isKnownEvent(hangup, 'HangUp')).toBe(false);
    // @ts-expect-error requiredPrivileges takes the release's names only
    expect(() => requiredPrivileges({ events: ['HangUp'], actions: ['Originate'] })).toThrow(/unknown event "HangUp"/);
  });

  it('a misspelt header of a typed response', async () => {
    const pong = await ping(recordingSender({ Ping: 'Pong', Timestamp: '1700000000.000000' }));
    expect(pong.Timestamp).toBe('1700000000.000000');
    // @ts-expect-error Timestamp, misspelt
    expect(pong.Timestmp).toBeUndefined();
    expectTypeOf(pong.Response).toEqualTypeOf<'Success'>();
    // @ts-expect-error every recorded answer says Success: a misspelt status can never match
    expect(pong.Response === 'Sucess').toBe(false);
  });

  it('a wrong value of a closed parameter set', () => {
    // @ts-expect-error AuthType is plain or MD5
    void login(recordingSender(), { Username: 'u', AuthType: 'sha1' });
  });
});

describe('what still compiles', () => {
  it('an enum-valued header is a union of its documented values that takes other strings too', () => {
    expectTypeOf<'Up'>().toExtend<NonNullable<ChannelSnapshot['ChannelStateDesc']>>();
    expectTypeOf<'Ringing'>().toExtend<NonNullable<NewstateEvent['ChannelStateDesc']>>();
    // a value a newer release adds still fits
    const future: NewstateEvent = { Event: 'Newstate', ChannelStateDesc: 'Pre-ring-2' };
    expect(future.ChannelStateDesc).toBe('Pre-ring-2');
  });

  it('headers outside the spec, by name with getField', () => {
    const event: HangupEvent = Object.assign({ Event: 'Hangup' as const }, { 'ChanVariable(FOO)': 'bar' });
    expectTypeOf(getField(event, 'ChanVariable(FOO)')).toEqualTypeOf<string | string[] | undefined>();
    expect(getField(event, 'ChanVariable(FOO)')).toBe('bar');
    expect(getField(event, 'chanvariable(foo)')).toBe('bar');
  });

  it('a custom event added to the map by declaration merging', () => {
    expectTypeOf<AmiV22EventMap['OrderPlaced']>().toEqualTypeOf<OrderPlacedEvent>();
    expectTypeOf<'OrderPlaced'>().toExtend<KnownEventName>();
    const order = (e: AmiV22Event) => (e.Event === 'OrderPlaced' ? e.OrderId : undefined);
    expect(order({ Event: 'OrderPlaced', OrderId: '42' })).toBe('42');
  });
});
