import type { AmiEvent } from '@tsami/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { eventNames, isKnownEvent } from '../src/index.js';
import type { AmiV10Event, AmiV10EventMap, CoreShowChannelEvent, DialEvent, HangupEvent } from '../src/index.js';
import { spec } from './spec.js';

describe('typed events of Asterisk 10', () => {
  it('lists every spec event', () => {
    expect([...eventNames]).toEqual(Object.keys(spec.events).sort());
  });

  it('narrows the union on Event', () => {
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
  });

  it('has the pre-12 events and header spellings', () => {
    expect(eventNames).toContain('Dial');
    expect(eventNames).not.toContain('DialBegin');
    expectTypeOf<CoreShowChannelEvent>().toHaveProperty('UniqueID');
    expectTypeOf<CoreShowChannelEvent>().toHaveProperty('BridgedChannel');
  });

  it('narrows a generic AmiEvent with isKnownEvent', () => {
    const raw: AmiEvent = { Event: 'Hangup', Cause: '17' };
    expect(isKnownEvent(raw, 'Hangup')).toBe(true);
    expect(isKnownEvent({ Event: 'Custom' }, 'Hangup')).toBe(false);
    if (isKnownEvent(raw, 'Hangup')) expectTypeOf(raw).toEqualTypeOf<HangupEvent>();
    expectTypeOf<AmiV10EventMap['Newchannel']['Event']>().toEqualTypeOf<'Newchannel'>();
  });
});
