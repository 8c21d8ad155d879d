import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model.mjs';
import { loadModel } from '../src/run.mjs';

type MiniSpec = Parameters<typeof buildModel>[0];
const where = { version: 'T', specFile: 'specs/T.json', overridesFile: 'overrides/T.json' };

function miniSpec(actions: MiniSpec['actions'], events: MiniSpec['events'] = {}): MiniSpec {
  return {
    asteriskVersion: '0.0.1',
    source: 'asterisk/asterisk@0.0.1',
    commit: 'f'.repeat(40),
    amiVersion: '1.0',
    actions,
    events,
  };
}
const ping = { params: [{ name: 'ActionID', required: false }], eventList: null, module: 'builtin' };

describe('overrides of the committed releases', () => {
  const v22 = loadModel('22');
  const v10 = loadModel('10');
  const action = (model: typeof v22, name: string) => {
    const a = model.actions.find((x) => x.name === name);
    if (!a) throw new Error(`no ${name}`);
    return a;
  };

  it('turns FAXSession and FAXStats into lists closed by their one follow-up event', () => {
    expect(action(v22, 'FAXSession')).toMatchObject({ eventList: 'FAXSession', itemEvents: [] });
    expect(action(v22, 'FAXStats')).toMatchObject({ eventList: 'FAXStats', itemEvents: [] });
  });

  it('makes Hangup a list only for a /regex/ channel (11+), and leaves 10 alone', () => {
    expect(action(v22, 'Hangup')).toMatchObject({
      eventList: 'ChannelsHungupListComplete',
      itemEvents: ['ChannelHungup'],
      listWhen: { param: 'Channel', prefix: '/' },
    });
    expect(action(v10, 'Hangup')).toMatchObject({ eventList: null, listWhen: null });
  });

  it('replaces placeholder parameters', () => {
    const userEvent = action(v22, 'UserEvent');
    expect(userEvent.extraHeaders).toBe(true);
    expect(userEvent.params.map((p) => p.name)).toEqual(['ActionID', 'UserEvent']);
    const update = action(v22, 'UpdateConfig');
    expect(update.params.find((p) => p.name === 'Action-000000')).toMatchObject({ family: 'Action-${string}' });
    expect(update.params.find((p) => p.name === 'Options-000000')).toMatchObject({
      family: 'Options-${string}',
      enum: null,
    });
    expect(action(v10, 'UpdateConfig').params.find((p) => p.name === 'Action-XXXXXX')).toMatchObject({
      family: 'Action-${string}',
    });
  });

  it('does not emit descriptive enum values as literals', () => {
    expect(action(v22, 'Login').params.find((p) => p.name === 'Events')).toMatchObject({
      enum: ['on', 'off'],
      openEnum: true,
    });
    expect(action(v22, 'PJSIPHangup').params.find((p) => p.name === 'Cause')).toMatchObject({ enum: null });
    expect(action(v22, 'Filter').params.find((p) => p.name === 'MatchCriteria')).toMatchObject({ enum: null });
  });

  it('adds the Login headers older docs omit', () => {
    expect(action(v10, 'Login').params.map((p) => p.name)).toEqual([
      'ActionID',
      'Username',
      'Secret',
      'AuthType',
      'Key',
      'Events',
    ]);
  });

  it('fills list item events the spec misses', () => {
    expect(action(v22, 'Parkinglots').itemEvents).toEqual(['Parkinglot']);
    expect(action(v22, 'BridgeList').itemEvents).toEqual(['BridgeListItem']);
    // inferred from the closing event's name
    expect(action(v22, 'PJSIPShowRegistrationsInbound').itemEvents).toEqual(['InboundRegistrationDetail']);
    expect(action(v22, 'WaitEvent').itemEvents).toEqual([]);
  });

  it('makes a parameter required where the wire demands it', () => {
    const map = action(v22, 'CoreShowChannelMap');
    expect(map.params.find((p) => p.name === 'Channel')?.required).toBe(true);
    expect(map.required).toEqual(['Channel']);
  });

  it('adds event headers the wire carries but the spec lacks', () => {
    const event = (name: string) => v22.events.find((e) => e.name === name)!;
    expect(event('ListDialplan').fields).toContain('AppData');
    expect(event('Status')).toMatchObject({ repeated: ['Variable'] });
    expect(event('Status').fields).toContain('Variable');
    expect(event('Hangup').repeated).toEqual([]);
  });

  it('applies codeSpelling and keeps wire event names', () => {
    const cel = v22.events.find((e) => e.name === 'CEL');
    expect(cel?.fields).toContain('Userfield');
    expect(cel?.fields).not.toContain('UserField');
    expect(v22.events.find((e) => e.name === 'Newexten')?.docName).toBe('NewExten');
  });
});

describe('validation', () => {
  it('checks event overrides', () => {
    const spec = miniSpec({ Ping: ping }, { Hangup: { fields: ['Channel'], origin: 'doc' } });
    const reason = 'seen on the wire, not in the docs';
    expect(() => buildModel(spec, { events: { Nope: { reason, addFields: ['X'] } } }, where)).toThrow(/not an event/);
    expect(() => buildModel(spec, { events: { Hangup: { reason, addFields: ['Channel'] } } }, where)).toThrow(
      /already in the spec/,
    );
    expect(() => buildModel(spec, { events: { Hangup: { reason, repeatedFields: ['Cause'] } } }, where)).toThrow(
      /no field Cause/,
    );
    expect(() => buildModel(spec, { events: { Hangup: { reason: '', addFields: ['Cause'] } } }, where)).toThrow(
      /reason/,
    );
    const model = buildModel(
      spec,
      { events: { Hangup: { reason, addFields: ['Cause'], repeatedFields: ['Cause'] } } },
      where,
    );
    expect(model.events[0]).toMatchObject({ fields: ['Channel', 'Cause'], repeated: ['Cause'] });
  });

  it('refuses a descriptive enum value without an override', () => {
    const spec = miniSpec({
      Events: { ...ping, params: [{ name: 'EventMask', required: true, enum: ['on', 'system,call,...'] }] },
    });
    expect(() => buildModel(spec, {}, where)).toThrow(/descriptive enum value/);
    const fixed = buildModel(
      spec,
      {
        actions: {
          Events: {
            reason: 'descriptive list',
            params: { EventMask: { reason: 'a class list', enum: ['on'], openEnum: true } },
          },
        },
      },
      where,
    );
    expect(fixed.actions[0]?.params[0]).toMatchObject({ enum: ['on'], openEnum: true });
  });

  it('refuses a placeholder parameter without an override', () => {
    const spec = miniSpec({ UpdateConfig: { ...ping, params: [{ name: 'Cat-000000', required: false }] } });
    expect(() => buildModel(spec, {}, where)).toThrow(/placeholder/);
  });

  it('refuses overrides without a reason or for unknown names', () => {
    const spec = miniSpec({ Ping: ping });
    expect(() => buildModel(spec, { actions: { Ping: { note: 'x' } as never } }, where)).toThrow(/reason/);
    expect(() => buildModel(spec, { actions: { Pong: { reason: 'does not exist here' } } }, where)).toThrow(/not in/);
    expect(() =>
      buildModel(
        spec,
        { actions: { Ping: { reason: 'unknown parameter', params: { Nope: { reason: 'no such parameter' } } } } },
        where,
      ),
    ).toThrow(/not in the spec/);
  });

  it('refuses list items that are not events of the release', () => {
    const spec = miniSpec({ Agents: { ...ping, eventList: 'AgentsComplete', listItemEvents: ['Agents'] } });
    expect(() => buildModel(spec, {}, where)).toThrow(/list item event Agents/);
  });

  it('refuses two actions with one function name', () => {
    const spec = miniSpec({ DBGet: ping, DbGet: ping });
    expect(() => buildModel(spec, {}, where)).toThrow(/both map to the function name dbGet/);
  });

  it('sorts actions and events by name whatever the spec order', () => {
    const spec = miniSpec(
      { Zed: ping, Alpha: ping, Mid: ping },
      { Z: { fields: [], origin: 'doc' }, A: { fields: [], origin: 'doc' } },
    );
    const model = buildModel(spec, {}, where);
    expect(model.actions.map((a) => a.name)).toEqual(['Alpha', 'Mid', 'Zed']);
    expect(model.events.map((e) => e.name)).toEqual(['A', 'Z']);
  });
});
