import { describe, expect, it } from 'vitest';
import { layerOverrides } from '../src/overrides.mjs';
import { loadModel } from '../src/run.mjs';

const spec = (version: string, actions: string[], events: string[] = []) => ({
  version,
  actions: Object.fromEntries(actions.map((a) => [a, {}])),
  events: Object.fromEntries(events.map((e) => [e, {}])),
});
const reason = 'seen on the wire, not in the docs';

describe('layered overrides', () => {
  it('apply a common entry where the release has the action, within since/until', () => {
    const common = {
      actions: { Ping: { reason }, Hangup: { reason, since: 11 } },
      events: { Status: { reason, until: 20 } },
    };
    expect(layerOverrides(common, {}, spec('10', ['Ping', 'Hangup'], ['Status']))).toEqual({
      overrides: { actions: { Ping: { reason } }, events: { Status: { reason } } },
      used: ['actions.Ping', 'events.Status'],
    });
    expect(layerOverrides(common, {}, spec('22', ['Hangup'], ['Status'])).overrides).toEqual({
      actions: { Hangup: { reason } },
      events: {},
    });
  });

  it('pick the one variant of a list whose range holds the release, and refuse overlaps', () => {
    const common = {
      actions: {
        Login: [
          { reason: 'old docs', until: 16 },
          { reason: 'new docs', since: 18 },
        ],
      },
    };
    expect(layerOverrides(common, {}, spec('14', ['Login'])).overrides.actions).toEqual({
      Login: { reason: 'old docs' },
    });
    expect(layerOverrides(common, {}, spec('20', ['Login'])).overrides.actions).toEqual({
      Login: { reason: 'new docs' },
    });
    const overlapping = { actions: { Login: [{ reason: 'a', until: 16 }, { reason: 'b' }] } };
    expect(() => layerOverrides(overlapping, {}, spec('14', ['Login']))).toThrow(/2 variants/);
  });

  it('let a release delta replace the common entry as a whole', () => {
    const common = { actions: { UpdateConfig: { reason, note: 'common' } } };
    const delta = { actions: { UpdateConfig: { reason: 'older placeholder names' } } };
    expect(layerOverrides(common, delta, spec('10', ['UpdateConfig'])).overrides.actions).toEqual({
      UpdateConfig: { reason: 'older placeholder names' },
    });
  });

  it('give 10 its own UpdateConfig placeholders and 13 and 14 the common ones', () => {
    const family = (version: string, name: string) =>
      loadModel(version)
        .actions.find((a) => a.name === 'UpdateConfig')
        ?.params.find((p) => p.name === name)?.family;
    expect(family('10', 'Action-XXXXXX')).toBe('Action-${string}');
    expect(family('13', 'Action-000000')).toBe('Action-${string}');
    expect(family('14', 'Action-000000')).toBe('Action-${string}');
  });
});
