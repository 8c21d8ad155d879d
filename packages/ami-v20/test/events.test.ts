import type { AmiEvent } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isKnownEvent } from '../src/index.js';
import type {
  AmiV20Event,
  AmiV20EventMap,
  CELEvent,
  HangupEvent,
  KnownEventName,
  NewextenEvent,
} from '../src/index.js';

// The kit (called from actions.test.ts) checks eventNames and isKnownEvent at run time; these check the types.
describe('types of Asterisk 20 events', () => {
  it('narrow the union on Event, and a generic AmiEvent with isKnownEvent', () => {
    const cause = (e: AmiV20Event): string | undefined => {
      if (e.Event !== 'Hangup') return undefined;
      expectTypeOf(e).toEqualTypeOf<HangupEvent>();
      return e.Cause;
    };
    expect(cause({ Event: 'Hangup', Channel: 'PJSIP/100-1', Cause: '16', 'Cause-txt': 'Normal Clearing' })).toBe('16');
    const raw: AmiEvent = { Event: 'Hangup', Cause: '17' };
    if (isKnownEvent(raw, 'Hangup')) expectTypeOf(raw.Cause).toEqualTypeOf<string | undefined>();
    expectTypeOf<AmiV20EventMap['Newchannel']['Event']>().toEqualTypeOf<'Newchannel'>();
    expectTypeOf<'NotAnEvent'>().not.toMatchTypeOf<KnownEventName>();
  });

  it('use the wire spelling where the code differs from the documentation', () => {
    expectTypeOf<NewextenEvent['Event']>().toEqualTypeOf<'Newexten'>();
    const cel: CELEvent = { Event: 'CEL', Userfield: 'x' };
    expectTypeOf(cel).toHaveProperty('Userfield');
  });
});
