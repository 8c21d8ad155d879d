import { describe, expect, expectTypeOf, it } from 'vitest';
import { AmiInputError } from '../errors/errors.js';
import { computePrivileges, type PrivilegeMeta, type Privileges } from './compute.js';

// Classes as Asterisk 22 registers them (see the spec data of the action packages).
const meta: PrivilegeMeta = {
  actions: {
    Ping: [],
    Getvar: ['call', 'reporting'],
    Setvar: ['call'],
    CoreShowChannels: ['reporting', 'system'],
    Originate: ['originate'],
    Command: ['command'],
  },
  events: {
    Hangup: ['call'],
    VarSet: ['dialplan'],
    UserEvent: ['user'],
    CoreShowChannel: [],
    AgentCalled: ['agent', 'call'],
  },
};

describe('computePrivileges', () => {
  it('needs nothing for nothing', () => {
    expect(computePrivileges(meta, {})).toEqual({ read: [], write: [] });
    expect(computePrivileges(meta, { actions: ['Ping'], events: ['CoreShowChannel'] })).toEqual({
      read: [],
      write: [],
    });
  });

  it('write: one class that serves several actions rather than one per action', () => {
    expect(computePrivileges(meta, { actions: ['Getvar', 'Setvar'] }).write).toEqual(['call']);
    expect(computePrivileges(meta, { actions: ['Getvar', 'CoreShowChannels'] }).write).toEqual(['reporting']);
    expect(computePrivileges(meta, { actions: ['Setvar', 'CoreShowChannels', 'Originate', 'Ping'] }).write).toEqual([
      'call',
      'originate',
      'reporting',
    ]);
  });

  it('read: every class of every event, sorted and once', () => {
    expect(computePrivileges(meta, { events: ['VarSet', 'AgentCalled', 'Hangup'] }).read).toEqual([
      'agent',
      'call',
      'dialplan',
    ]);
  });

  it('matches action names ignoring case, event names exactly', () => {
    expect(computePrivileges(meta, { actions: ['getVAR'] }).write).toEqual(['call']);
    expect(() => computePrivileges(meta, { events: ['hangup'] })).toThrow(AmiInputError);
  });

  it('throws AmiInputError naming an unknown action or event', () => {
    for (const use of [
      { actions: ['Getvra'] },
      { events: ['HangUp'] },
      { actions: ['constructor'] },
      { events: ['toString'] },
    ]) {
      const error = (() => {
        try {
          computePrivileges(meta, use);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(AmiInputError);
      expect((error as AmiInputError).field).toBe([...(use.actions ?? []), ...(use.events ?? [])][0]);
    }
  });
});

describe('computePrivileges types', () => {
  it('takes readonly lists and returns the two lines', () => {
    const use = { actions: ['Getvar'], events: ['Hangup'] } as const;
    expectTypeOf(computePrivileges(meta, use)).toEqualTypeOf<Privileges>();
    expectTypeOf<Privileges>().toEqualTypeOf<{ readonly read: string[]; readonly write: string[] }>();
    // @ts-expect-error the use is { actions, events }, not a list
    expect(() => computePrivileges(meta, ['Getvar'])).not.toThrow();
  });
});
