// @ts-check
/** Loads specs and overrides, and writes (or compares) every package's generated files. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitPackage } from './emit.mjs';
import { buildModel } from './model.mjs';
import { layerOverrides } from './overrides.mjs';

/** The repository root (this file is tools/codegen/src/run.mjs). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Which spec each package is generated from, and the Asterisk majors its `checkServer` accepts:
 * a release without a package of its own (11, 12, 15, 17, 19, 21) is close enough to its neighbour.
 */
export const TARGETS = Object.freeze([
  { pkg: 'ami-v10', version: '10', majors: [10, 11] },
  { pkg: 'ami-v13', version: '13', majors: [12, 13] },
  { pkg: 'ami-v14', version: '14', majors: [14, 15] },
  { pkg: 'ami-v16', version: '16', majors: [16, 17] },
  { pkg: 'ami-v18', version: '18', majors: [18, 19] },
  { pkg: 'ami-v20', version: '20', majors: [20, 21] },
  { pkg: 'ami-v22', version: '22', majors: [22] },
  { pkg: 'ami-v23', version: '23', majors: [23] },
]);

const COMMON_OVERRIDES = 'tools/codegen/overrides/common.json';
const RESPONSES = 'tools/codegen/responses';

/** Recorded success responses by release (`responses/22.json` → '22'). */
export function loadRecorded() {
  const dir = join(ROOT, RESPONSES);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)) : [];
  return new Map(
    files.map((f) => [
      f.replace(/\.json$/, ''),
      /** @type {import('./responses.mjs').Recorded} */ (readJson(`${RESPONSES}/${f}`)),
    ]),
  );
}

/** @param {string} path */
function readJson(path) {
  return /** @type {unknown} */ (JSON.parse(readFileSync(join(ROOT, path), 'utf8')));
}

/**
 * The overrides of one release: the common file layered with the release's deltas, if any.
 * @param {string} version
 * @param {{ actions: Record<string, unknown>, events: Record<string, unknown> }} spec
 */
export function loadOverrides(version, spec) {
  const deltaFile = `tools/codegen/overrides/${version}.json`;
  const hasDelta = existsSync(join(ROOT, deltaFile));
  const common = /** @type {import('./overrides.mjs').CommonOverrides} */ (readJson(COMMON_OVERRIDES));
  const delta = /** @type {import('./model.mjs').Overrides} */ (hasDelta ? readJson(deltaFile) : {});
  const { overrides, used } = layerOverrides(common, delta, { version, ...spec });
  const overridesFile = hasDelta ? `${COMMON_OVERRIDES} + ${version}.json` : COMMON_OVERRIDES;
  return { overrides, used, overridesFile };
}

/**
 * Builds the model of one release from the committed spec and overrides.
 * @param {string} version
 */
export function loadModel(version) {
  return loadTarget(version, loadRecorded()).model;
}

/**
 * The model of one release, and which common overrides applied to it.
 * @param {string} version
 * @param {ReturnType<typeof loadRecorded>} recorded
 */
function loadTarget(version, recorded) {
  const specFile = `tools/codegen/specs/${version}.json`;
  const spec = /** @type {import('./model.mjs').Spec} */ (readJson(specFile));
  const { overrides, used, overridesFile } = loadOverrides(version, spec);
  const majors = TARGETS.find((t) => t.version === version)?.majors;
  return { model: buildModel(spec, overrides, { version, majors, specFile, overridesFile }, recorded), used };
}

/**
 * The generated files of every package, keyed by repository-relative path.
 * @returns {Map<string, string>}
 */
export function generateAll() {
  const unused = new Set(
    Object.entries(/** @type {Record<string, unknown>} */ (readJson(COMMON_OVERRIDES))).flatMap(([kind, entries]) =>
      kind.startsWith('$') ? [] : Object.keys(/** @type {object} */ (entries)).map((name) => `${kind}.${name}`),
    ),
  );
  const recorded = loadRecorded();
  const targets = TARGETS.map(({ pkg, version }) => ({ pkg, ...loadTarget(version, recorded) }));
  for (const { used } of targets) for (const entry of used) unused.delete(entry);
  if (unused.size) throw new Error(`${COMMON_OVERRIDES}: ${[...unused].join(', ')} apply to no release`);
  const files = /** @type {Map<string, string>} */ (new Map());
  for (const { pkg, model } of targets) {
    const emitted = emitPackage(model);
    for (const name of Object.keys(emitted).sort()) {
      files.set(`packages/${pkg}/src/generated/${name}`, /** @type {string} */ (emitted[name]));
    }
  }
  return files;
}

/**
 * Differences between what the generator produces and what is on disk: changed, missing,
 * and stray files in the generated folders.
 * @param {Map<string, string>} files
 * @returns {string[]}
 */
export function diffWithDisk(files) {
  const problems = [];
  for (const [path, text] of files) {
    const abs = join(ROOT, path);
    if (!existsSync(abs)) problems.push(`missing ${path}`);
    else if (readFileSync(abs, 'utf8') !== text) problems.push(`outdated ${path}`);
  }
  for (const { pkg } of TARGETS) {
    const dir = join(ROOT, 'packages', pkg, 'src', 'generated');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const path = relative(ROOT, join(dir, name)).split('\\').join('/');
      if (!files.has(path)) problems.push(`stray ${path}`);
    }
  }
  return problems.sort();
}

/**
 * Writes every generated file and removes stray ones from the generated folders.
 * @param {Map<string, string>} files
 */
export function writeAll(files) {
  for (const problem of diffWithDisk(files)) {
    if (problem.startsWith('stray ')) rmSync(join(ROOT, problem.slice('stray '.length)));
  }
  for (const [path, text] of files) {
    const abs = join(ROOT, path);
    mkdirSync(dirname(abs), { recursive: true });
    if (!existsSync(abs) || readFileSync(abs, 'utf8') !== text) writeFileSync(abs, text);
  }
}
