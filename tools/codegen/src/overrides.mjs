// @ts-check
/**
 * Layers the hand-written overrides of one release: `overrides/common.json` holds corrections that
 * hold for every release that has the action or event (optionally limited with `since`/`until`,
 * inclusive Asterisk majors, or given as a list of such variants), and `overrides/<release>.json`
 * holds that release's own deltas, which replace a common entry of the same name as a whole.
 */

/** @typedef {import('./model.mjs').Overrides} Overrides */
/** @typedef {{ since?: number, until?: number, reason: string }} Ranged */
/** @typedef {{ actions?: Record<string, Ranged | Ranged[]>, events?: Record<string, Ranged | Ranged[]> }} CommonOverrides */

/**
 * @param {CommonOverrides} common
 * @param {Overrides} delta
 * @param {{ version: string, actions: Record<string, unknown>, events: Record<string, unknown> }} spec
 * @returns {{ overrides: Overrides, used: string[] }} the release's overrides, and which common entries applied (`actions.Hangup`)
 */
export function layerOverrides(common, delta, spec) {
  const major = Number(spec.version);
  /** @type {Record<'actions' | 'events', Record<string, any>>} */
  const merged = { actions: {}, events: {} };
  const used = [];
  for (const kind of /** @type {const} */ (['actions', 'events'])) {
    for (const [name, entry] of Object.entries(common[kind] ?? {})) {
      if (!(name in spec[kind])) continue;
      const variants = (Array.isArray(entry) ? entry : [entry]).filter(
        (v) => (v.since ?? 0) <= major && major <= (v.until ?? Infinity),
      );
      if (variants.length > 1)
        throw new Error(`overrides/common.json: ${kind}.${name} has ${variants.length} variants for ${major}`);
      const [variant] = variants;
      if (!variant) continue;
      const { since: _since, until: _until, ...rest } = variant;
      merged[kind][name] = rest;
      used.push(`${kind}.${name}`);
    }
    Object.assign(merged[kind], delta[kind] ?? {});
  }
  return { overrides: merged, used };
}
