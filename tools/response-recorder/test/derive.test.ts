import { describe, expect, it } from 'vitest';
import { deriveResponses, type Sample } from '@tsami/response-recorder';

function sample(response: Record<string, string | string[]>, extra: Partial<Sample> = {}): Sample {
  return { label: 'x', sent: { Action: 'X' }, response: { Response: 'Success', ...response }, ...extra };
}

const evidence = (action: string) => `recordings/22/${action}.json`;

describe('deriveResponses', () => {
  it('keeps wire case and first-seen order, and marks headers some answers lack as optional', () => {
    const facts = deriveResponses(
      new Map([
        [
          'PresenceState',
          [
            sample({ ActionID: '1', Message: 'Presence State', State: 'not_set' }),
            sample({ ActionID: '2', Message: ['Presence State', 'back soon'], State: 'away', Subtype: 'lunch' }),
          ],
        ],
      ]),
      evidence,
    );
    expect(facts).toEqual({
      PresenceState: {
        fields: {
          Response: { type: 'string', optional: false },
          ActionID: { type: 'string', optional: false },
          Message: { type: 'string | string[]', optional: false },
          State: { type: 'string', optional: false },
          Subtype: { type: 'string', optional: true },
        },
        evidence: 'recordings/22/PresenceState.json',
      },
    });
    expect(Object.keys(facts.PresenceState!.fields)).toEqual(['Response', 'ActionID', 'Message', 'State', 'Subtype']);
  });

  it('types a header that always repeats as string[]', () => {
    const facts = deriveResponses(
      new Map([['Command', [sample({ Output: ['one'] }), sample({ Output: ['a', 'b'] })]]]),
      evidence,
    );
    expect(facts.Command!.fields.Output).toEqual({ type: 'string[]', optional: false });
  });

  it('leaves out lists, errors and numbered header families', () => {
    const facts = deriveResponses(
      new Map<string, Sample[]>([
        ['DBGet', [sample({ EventList: 'start' }, { events: [], complete: { Event: 'DBGetComplete' } })]],
        ['Atxfer', [{ label: 'x', sent: { Action: 'Atxfer' }, response: { Response: 'Error', Message: 'No' } }]],
        ['GetConfig', [sample({ 'Category-000000': 'general', 'Line-000000-000000': 'a=b' })]],
        [
          'Redirect',
          [
            { label: 'x', sent: { Action: 'Redirect' }, response: { Response: 'Error', Message: 'No' } },
            sample({ Message: 'Redirect successful' }),
          ],
        ],
      ]),
      evidence,
    );
    expect(Object.keys(facts).sort()).toEqual(['GetConfig', 'Redirect']);
    expect(facts.GetConfig!.fields).toEqual({ Response: { type: 'string', optional: false } });
    // the refused answer does not make Message optional
    expect(facts.Redirect!.fields.Message).toEqual({ type: 'string', optional: false });
  });
});
