import { describe, expect, it } from 'vitest';
import * as pkg from '../src/index.js';
import { actionNames, actions, spec as specInfo } from '../src/index.js';
import { goamiActions, spec } from './spec.js';

const exported = pkg as unknown as Record<string, unknown>;

/**
 * goami's ami.v10 branch targets Asterisk 10; everything it offers must be here too. Its `Atxfer`
 * function sends `Action: AbsoluteTimeout` by mistake, so the list has no Atxfer (we have it).
 */
const GOAMI_BRANCH = 'ami.v10';
const NOT_IN_ASTERISK_10: Record<string, string> = {
  KSendSMS: 'third-party Khomp channel driver, not stock Asterisk',
};

describe('coverage of Asterisk 10', () => {
  it('was generated from the committed spec', () => {
    expect(specInfo.asteriskVersion).toBe(spec.asteriskVersion);
  });

  it('has one function per spec action, exported and in `actions`', () => {
    const specNames = Object.keys(spec.actions).sort();
    expect([...actionNames]).toEqual(specNames);
    expect(Object.keys(actions).sort()).toEqual(specNames);
    const exportedFunctions = new Set<unknown>(Object.values(exported).filter((v) => typeof v === 'function'));
    for (const name of specNames) {
      const fn = (actions as Record<string, unknown>)[name];
      expect(typeof fn, name).toBe('function');
      expect(exportedFunctions.has(fn), `${name} is exported by name`).toBe(true);
    }
  });

  it('names functions by the documented rule', () => {
    const expected: Record<string, string> = {
      SIPpeers: 'sipPeers',
      SIPshowregistry: 'sipShowregistry',
      SKINNYdevices: 'skinnyDevices',
      DBGet: 'dbGet',
      IAXpeers: 'iaxPeers',
      IAXnetstats: 'iaxNetstats',
      AGI: 'agi',
      AOCMessage: 'aocMessage',
      DAHDIDNDoff: 'dahdiDNDoff',
      PRIShowSpans: 'priShowSpans',
      PlayDTMF: 'playDTMF',
      GetConfigJSON: 'getConfigJSON',
      Originate: 'originate',
      Events: 'events',
      Atxfer: 'atxfer',
    };
    for (const [action, fn] of Object.entries(expected)) {
      expect(exported[fn], `${action} → ${fn}`).toBe((actions as Record<string, unknown>)[action]);
    }
  });

  it(`offers every action goami ${GOAMI_BRANCH} offers (stock Asterisk actions)`, () => {
    const ours = new Map(actionNames.map((n) => [n.toLowerCase(), n]));
    const wanted = goamiActions(GOAMI_BRANCH).filter((n) => !(n in NOT_IN_ASTERISK_10));
    // AMI matches action names without regard to case (goami sends MeetmeUnMute).
    const missing = wanted.filter((n) => !ours.has(n.toLowerCase()));
    expect(missing).toEqual([]);
    // The exclusions must really be absent, or the list above hides a gap.
    for (const name of Object.keys(NOT_IN_ASTERISK_10)) expect(ours.has(name.toLowerCase()), name).toBe(false);
  });
});
