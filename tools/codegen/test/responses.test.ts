import { describe, expect, it } from 'vitest';
import { releaseResponses } from '../src/responses.mjs';
import { loadModel } from '../src/run.mjs';

type Recorded = Parameters<typeof releaseResponses>[0] extends Map<string, infer R> ? R : never;
const ping: Recorded[string] = {
  fields: {
    Response: { type: 'string', optional: false },
    ActionID: { type: 'string', optional: false },
    Ping: { type: 'string', optional: false },
  },
  evidence: 'recordings/22/Ping.json',
};
const single = { eventList: null, listWhen: null };

describe('recorded responses', () => {
  it('type the recorded release as recorded, and carry them to other releases as optional headers', () => {
    const recorded = new Map([['22', { Ping: ping }]]);
    expect(releaseResponses(recorded, '22', { Ping: single }).get('Ping')?.fields).toEqual([
      { name: 'Response', type: "'Success'", optional: false },
      { name: 'ActionID', type: 'string', optional: false },
      { name: 'Ping', type: 'string', optional: false },
    ]);
    expect(releaseResponses(recorded, '13', { Ping: single }).get('Ping')).toMatchObject({
      recordedOn: '22',
      fields: [
        { name: 'Response', type: "'Success' | 'Follows'", optional: false },
        { name: 'ActionID', optional: true },
        { name: 'Ping', optional: true },
      ],
    });
    // an action the other release lacks is left out there, and refused on the recorded release
    expect(releaseResponses(recorded, '10', {}).size).toBe(0);
    expect(() => releaseResponses(recorded, '22', {})).toThrow(/not an action/);
  });

  it('leave list actions alone, except the single-response form of Hangup', () => {
    const recorded = new Map([['22', { FAXStats: ping, Hangup: ping }]]);
    const responses = releaseResponses(recorded, '22', {
      FAXStats: { eventList: 'FAXStats', listWhen: null },
      Hangup: { eventList: 'ChannelsHungupListComplete', listWhen: { param: 'Channel', prefix: '/' } },
    });
    expect([...responses.keys()]).toEqual(['Hangup']);
  });

  it('refuse an entry without evidence, an unknown type, or no Response header', () => {
    const bad = (entry: Recorded[string]) => () =>
      releaseResponses(new Map([['22', { Ping: entry }]]), '22', { Ping: single });
    expect(bad({ ...ping, evidence: '' })).toThrow(/evidence/);
    expect(bad({ ...ping, fields: { Response: { type: 'number' as 'string', optional: false } } })).toThrow(
      /unknown type/,
    );
    expect(bad({ ...ping, fields: { Ping: { type: 'string', optional: false } } })).toThrow(/no Response/);
  });

  it('reach the generated functions of every release that has the action', () => {
    expect(loadModel('22').actions.find((a) => a.name === 'Ping')?.response?.typeName).toBe('PingResponse');
    expect(loadModel('10').actions.find((a) => a.name === 'Ping')?.response?.recordedOn).toBe('22');
  });
});
