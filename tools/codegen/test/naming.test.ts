import { describe, expect, it } from 'vitest';
import { eventTypeName, functionName, paramsTypeName, propertyKey, typeIdentifier } from '../src/naming.mjs';
import { loadModel, TARGETS } from '../src/run.mjs';

describe('functionName', () => {
  it.each([
    ['PJSIPShowEndpoints', 'pjsipShowEndpoints'],
    ['PJSIPShowRegistrationInboundContactStatuses', 'pjsipShowRegistrationInboundContactStatuses'],
    ['DBGet', 'dbGet'],
    ['DBDelTree', 'dbDelTree'],
    ['IAXpeers', 'iaxPeers'],
    ['IAXnetstats', 'iaxNetstats'],
    ['SIPshowregistry', 'sipShowregistry'],
    ['SKINNYdevices', 'skinnyDevices'],
    ['DAHDIDNDoff', 'dahdiDNDoff'],
    ['DAHDIShowChannels', 'dahdiShowChannels'],
    ['PRIDebugSet', 'priDebugSet'],
    ['MWIGet', 'mwiGet'],
    ['FAXStats', 'faxStats'],
    ['AOCMessage', 'aocMessage'],
    ['AGI', 'agi'],
    ['Originate', 'originate'],
    ['CoreShowChannels', 'coreShowChannels'],
    ['PlayDTMF', 'playDTMF'],
    ['GetConfigJSON', 'getConfigJSON'],
    ['MeetmeUnmute', 'meetmeUnmute'],
    ['Events', 'events'],
    // generic rule for capital runs without a known prefix
    ['XYZFoo', 'xyzFoo'],
    ['KSendSMS', 'kSendSMS'],
    ['ABC', 'abc'],
    ['AB1', 'ab1'],
  ])('%s → %s', (action, expected) => {
    expect(functionName(action)).toBe(expected);
  });

  it('keeps a prefix only when it is really the prefix (case matters)', () => {
    expect(functionName('Park')).toBe('park'); // not PRI
    expect(functionName('Agents')).toBe('agents'); // not AGI
    expect(functionName('DialplanExtensionAdd')).toBe('dialplanExtensionAdd'); // not DB
  });

  it('suffixes reserved words and the package export names', () => {
    expect(functionName('Delete')).toBe('deleteAction');
    expect(functionName('New')).toBe('newAction');
    expect(functionName('Actions')).toBe('actionsAction');
    expect(functionName('Spec')).toBe('specAction');
  });

  it('rejects names it has no rule for', () => {
    expect(() => functionName('Foo-Bar')).toThrow(/not alphanumeric/);
    expect(() => functionName('')).toThrow();
  });

  it('gives every action of every release a unique, valid identifier', () => {
    for (const { version } of TARGETS) {
      const model = loadModel(version);
      const names = model.actions.map((a) => a.fn);
      expect(new Set(names).size, version).toBe(names.length);
      for (const n of names) expect(n).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
  });
});

describe('type names', () => {
  it('derives identifiers from AMI names', () => {
    expect(typeIdentifier('AOC-D')).toBe('AOCD');
    expect(eventTypeName('AOC-D')).toBe('AOCDEvent');
    expect(eventTypeName('Newexten')).toBe('NewextenEvent');
    expect(paramsTypeName('PJSIPShowEndpoints')).toBe('PJSIPShowEndpointsParams');
    expect(typeIdentifier('100rel')).toBe('N100rel');
  });

  it('quotes property keys that are not identifiers', () => {
    expect(propertyKey('Channel')).toBe('Channel');
    expect(propertyKey('Cause-txt')).toBe("'Cause-txt'");
    expect(propertyKey('100rel')).toBe("'100rel'");
    expect(propertyKey("it's")).toBe("'it\\'s'");
  });
});
