import type { AmiEvent } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { eventNames, isKnownEvent } from '../src/index.js';
import type { AmiV10Event, AmiV10EventMap, CoreShowChannelEvent, DialEvent } from '../src/index.js';

// The runtime checks of eventNames and isKnownEvent run in actions.test.ts, from the shared kit.
describe('types of Asterisk 10 events', () => {
  it('narrows the union on Event, and a generic AmiEvent with isKnownEvent', () => {
    const describeEvent = (e: AmiV10Event): string | undefined => {
      if (e.Event === 'Dial') {
        expectTypeOf(e).toEqualTypeOf<DialEvent>();
        return e.SubEvent;
      }
      if (e.Event === 'Hangup') return e['Cause-txt'];
      return undefined;
    };
    expect(describeEvent({ Event: 'Dial', SubEvent: 'Begin' })).toBe('Begin');
    expect(describeEvent({ Event: 'Hangup', 'Cause-txt': 'Normal Clearing' })).toBe('Normal Clearing');
    const raw: AmiEvent = { Event: 'Hangup', Cause: '17' };
    if (isKnownEvent(raw, 'Hangup')) expectTypeOf(raw.Cause).toEqualTypeOf<string | undefined>();
    expectTypeOf<AmiV10EventMap['Newchannel']['Event']>().toEqualTypeOf<'Newchannel'>();
  });

  it('has the pre-12 events and header spellings', () => {
    expect(eventNames).toContain('Dial');
    expect(eventNames).not.toContain('DialBegin');
    expectTypeOf<CoreShowChannelEvent>().toHaveProperty('UniqueID');
    expectTypeOf<CoreShowChannelEvent>().toHaveProperty('BridgedChannel');
  });
});
