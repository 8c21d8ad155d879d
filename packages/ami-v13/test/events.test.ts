import type { AmiEvent } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { eventNames, isKnownEvent } from '../src/index.js';
import type { AmiV13Event, AmiV13EventMap, CELEvent, HangupEvent, KnownEventName, NewextenEvent } from '../src/index.js';
import { spec } from './spec.js';

describe('typed events of Asterisk 13', () => {
  it('lists every spec event', () => {
    expect([...eventNames]).toEqual(Object.keys(spec.events).sort());
  });

  it('narrows the union on Event', () => {
    const describeEvent = (e: AmiV13Event): string | undefined => {
      if (e.Event === 'Hangup') {
        expectTypeOf(e).toEqualTypeOf<HangupEvent>();
        return e.Cause;
      }
      return undefined;
    };
    const hangup: HangupEvent = { Event: 'Hangup', Channel: 'PJSIP/100-1', Cause: '16', 'Cause-txt': 'Normal Clearing' };
    expect(describeEvent(hangup)).toBe('16');
  });

  it('narrows a generic AmiEvent with isKnownEvent', () => {
    const raw: AmiEvent = { Event: 'Hangup', Cause: '17' };
    const other: AmiEvent = { Event: 'SomeThirdPartyEvent' };
    expect(isKnownEvent(raw, 'Hangup')).toBe(true);
    expect(isKnownEvent(other, 'Hangup')).toBe(false);
    if (isKnownEvent(raw, 'Hangup')) expectTypeOf(raw.Cause).toEqualTypeOf<string | undefined>();
    expectTypeOf<AmiV13EventMap['Newchannel']['Event']>().toEqualTypeOf<'Newchannel'>();
    expectTypeOf<'NotAnEvent'>().not.toMatchTypeOf<KnownEventName>();
  });

  it('uses the wire spelling where the code differs from the documentation', () => {
    expectTypeOf<NewextenEvent['Event']>().toEqualTypeOf<'Newexten'>();
    expectTypeOf<CELEvent>().toHaveProperty('Userfield');
    const cel: CELEvent = { Event: 'CEL', Userfield: 'x' };
    expect(cel.Userfield).toBe('x');
    expect(eventNames).toContain('Newexten');
    expect(eventNames).not.toContain('NewExten');
  });
});
