// Derives the header set of each single-response action from its recorded successful answers.

/** Numbered header families (`Category-000000`, `Line-000000-000001`): data, not field names. */
export const NUMBERED_HEADER = /-\d{6}(?:-\d{6})?$/;

/**
 * `{ <Action>: { fields: { <Header>: { type, optional } }, evidence } }` for every action whose
 * samples include a success and no event list. Headers keep their wire case and the order they
 * were first seen in. `type` is `string[]` where every answer that carried the header repeated
 * it (`Output` is always an array), `string` where none did, and `string | string[]` where
 * both happened (PresenceState's `Message` repeats only when a presence message is set).
 * `optional` where some successful answers lacked the header.
 * @param {ReadonlyMap<string, readonly import('../index.js').Sample[]>} samples
 * @param {(action: string) => string} evidence path of an action's recording
 * @returns {import('../index.js').ResponseFacts}
 */
export function deriveResponses(samples, evidence) {
  /** @type {import('../index.js').ResponseFacts} */
  const out = {};
  for (const action of [...samples.keys()].sort()) {
    const all = samples.get(action) ?? [];
    if (all.some((sample) => sample.events !== undefined)) continue;
    const successes = all.filter((sample) => sample.response.Response === 'Success').map((sample) => sample.response);
    if (successes.length === 0) continue;
    /** @type {Record<string, import('../index.js').ResponseField>} */
    const fields = {};
    for (const response of successes) {
      for (const [header, value] of Object.entries(response)) {
        if (NUMBERED_HEADER.test(header) || value === undefined) continue;
        const type = Array.isArray(value) ? 'string[]' : 'string';
        const known = fields[header];
        if (known === undefined) fields[header] = { type, optional: false };
        else if (known.type !== type) known.type = 'string | string[]';
      }
    }
    for (const [header, field] of Object.entries(fields)) {
      field.optional = successes.some((response) => response[header] === undefined);
    }
    out[action] = { fields, evidence: evidence(action) };
  }
  return out;
}
