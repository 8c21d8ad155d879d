// @ts-check
import { readFileSync } from 'node:fs';
/** @import { Spec } from '../index.js' */

/**
 * @template T
 * @param {string} file
 * @returns {T}
 */
export function readCodegenJson(file) {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(new URL(`../../codegen/specs/${file}`, import.meta.url), 'utf8'));
  return /** @type {T} */ (parsed);
}

/** @type {typeof import('../index.js').loadSpec} */
export const loadSpec = (release) => readCodegenJson(`${release}.json`);

/** @type {typeof import('../index.js').goamiActions} */
export const goamiActions = (branch) => {
  /** @type {{ branches: Record<string, { actions: string[] } | undefined> }} */
  const data = readCodegenJson('goami-actions.json');
  const actions = data.branches[branch]?.actions;
  if (!actions) throw new Error(`no goami branch ${branch}`);
  return actions;
};
