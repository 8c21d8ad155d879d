import { readFileSync } from 'node:fs';
import { AmiClient } from '@tsami/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUMBERED_HEADER, runScenarios, type ResponseFacts, type Sample } from '@tsami/response-recorder';

/**
 * Runs every recorded scenario again on the live Asterisk (AMI_URL, a user with all rights and
 * the sandbox's `tsami-test` dialplan and `tsami-queue`) and checks each successful answer of a
 * typed action against tools/codegen/responses/22.json: every non-optional header present, every
 * header known, each with its recorded type.
 */
const AMI_URL = process.env.AMI_URL;
const facts = JSON.parse(
  readFileSync(new URL('../../../codegen/responses/22.json', import.meta.url), 'utf8'),
) as ResponseFacts;

function typeOf(value: string | string[]): 'string' | 'string[]' {
  return Array.isArray(value) ? 'string[]' : 'string';
}

describe.skipIf(!AMI_URL)('typed responses against the live Asterisk 22', () => {
  let client: AmiClient;
  let samples: Map<string, Sample[]>;
  let failures: { action: string; error: unknown }[];

  beforeAll(async () => {
    client = new AmiClient({ url: AMI_URL, reconnect: false, events: 'off', actionTimeoutMs: 15_000 });
    await client.connect();
    ({ samples, failures } = await runScenarios(client));
  }, 180_000);

  afterAll(async () => {
    await client?.close();
  });

  it('every scenario runs', () => {
    expect(
      failures.map(({ action, error }) => `${action}: ${error instanceof Error ? error.message : String(error)}`),
    ).toEqual([]);
  });

  it.each(Object.keys(facts))('%s answers with its typed headers', (action) => {
    const { fields } = facts[action]!;
    const successes = (samples.get(action) ?? []).filter((sample) => sample.response.Response === 'Success');
    expect(successes.length).toBeGreaterThan(0);
    for (const { label, response } of successes) {
      for (const [header, field] of Object.entries(fields)) {
        const value = response[header];
        if (value === undefined) {
          expect(field.optional, `${action} (${label}) lacks ${header}`).toBe(true);
          continue;
        }
        const expected = field.type === 'string | string[]' ? ['string', 'string[]'] : [field.type];
        expect(expected, `${action} (${label}) ${header}`).toContain(typeOf(value));
      }
      const unknown = Object.keys(response).filter((header) => !(header in fields) && !NUMBERED_HEADER.test(header));
      expect(unknown, `${action} (${label}) headers outside responses/22.json`).toEqual([]);
    }
  });
});
