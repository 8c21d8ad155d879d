// @ts-check
/**
 * Turns recorded success responses (`responses/<release>.json`: per action, the headers a live
 * Asterisk answered with, and the recording that shows it) into the response types of one
 * release. A release with its own recordings gets the headers as recorded; any other release
 * where the action exists gets them from the newest recorded release, all optional except
 * `Response`, because nobody checked them there.
 *
 * `Response` itself is typed by its value. The recorder keeps only successful answers, which
 * on the recorded release all said `Success`; on other releases an action the client resolves
 * (anything but `Error`) may also answer `Follows`, as Command does up to Asterisk 13.
 */

/**
 * @typedef {'string' | 'string[]' | 'string | string[]'} FieldType `string | string[]`: repeated in some answers
 * @typedef {{ type: FieldType, optional: boolean }} RecordedField
 * @typedef {Record<string, { fields: Record<string, RecordedField>, evidence: string }>} Recorded
 * @typedef {{ name: string, type: FieldType | ResponseStatus, optional: boolean }} ResponseField
 * @typedef {"'Success'" | "'Success' | 'Follows'"} ResponseStatus the type of the Response header
 * @typedef {{ fields: ResponseField[], recordedOn: string, evidence: string }} ResponseModel
 */

/** @type {readonly string[]} */
const FIELD_TYPES = ['string', 'string[]', 'string | string[]'];

/**
 * @param {Map<string, Recorded>} recorded recordings by release
 * @param {string} version the release being generated
 * @param {Record<string, { eventList: string | null, listWhen: unknown }>} actions the release's action models
 * @returns {Map<string, ResponseModel>} action name → its response type
 */
export function releaseResponses(recorded, version, actions) {
  const own = recorded.get(version);
  const newest = [...recorded.keys()].sort((a, b) => Number(b) - Number(a))[0];
  const source = own ? version : newest;
  /** @type {Map<string, ResponseModel>} */
  const out = new Map();
  if (!source) return out;
  for (const [action, entry] of Object.entries(/** @type {Recorded} */ (recorded.get(source)))) {
    const at = `responses/${source}.json: ${action}`;
    if (typeof entry.evidence !== 'string' || !entry.evidence)
      throw new Error(`${at}: every response needs its evidence`);
    const known = actions[action];
    if (!known) {
      if (own) throw new Error(`${at} is not an action of specs/${version}.json`);
      continue;
    }
    // A list action resolves with its events, not with one response (FAXStats is modelled as a
    // list closed by its one follow-up event); Hangup is one only for a /regex/ channel.
    if (known.eventList && !known.listWhen) continue;
    const fields = Object.entries(entry.fields).map(([name, field]) => {
      if (!FIELD_TYPES.includes(field.type)) throw new Error(`${at}.${name}: unknown type ${field.type}`);
      if (name === 'Response') return { name, type: responseStatus(own !== undefined), optional: false };
      return { name, type: field.type, optional: !own || field.optional };
    });
    if (!fields.some((f) => f.name === 'Response')) throw new Error(`${at}: no Response header`);
    out.set(action, { fields, recordedOn: source, evidence: entry.evidence });
  }
  return out;
}

/**
 * @param {boolean} recordedHere
 * @returns {ResponseStatus}
 */
function responseStatus(recordedHere) {
  return recordedHere ? "'Success'" : "'Success' | 'Follows'";
}
