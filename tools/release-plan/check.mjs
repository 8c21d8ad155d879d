// Dry run of `changeset version` in a temporary copy of the repository. Proves that a minor or
// patch release of @tsami/core moves no package that only peers on it while its peer range still
// covers the new core, and that a release outside that range (a major) does move them, so the
// check can tell the two apart. The repository itself is never touched.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const changeset = join(root, 'node_modules', '.bin', 'changeset');
const CORE = '@tsami/core';

/** Tracked and new (not ignored) files, as git lists them: the working tree as it would be committed. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter(Boolean);

function copyRepository() {
  const copy = mkdtempSync(join(tmpdir(), 'tsami-release-plan-'));
  for (const file of files) {
    try {
      cpSync(join(root, file), join(copy, file), { recursive: false });
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the working tree but still tracked
    }
  }
  return copy;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function packagesIn(copy) {
  const packages = new Map();
  for (const file of files.filter((name) => /^packages\/[^/]+\/package\.json$/.test(name))) {
    const manifest = readJson(join(copy, file));
    if (!manifest.private) packages.set(manifest.name, { dir: dirname(file), manifest });
  }
  return packages;
}

/** Versions of every published package after `changeset version` with only this core bump pending. */
async function versionAfter(bump) {
  const copy = copyRepository();
  try {
    const pending = join(copy, '.changeset');
    for (const name of readdirSync(pending))
      if (name.endsWith('.md') && name !== 'README.md') rmSync(join(pending, name));
    writeFileSync(join(pending, `core-${bump}.md`), `---\n'${CORE}': ${bump}\n---\n\nA ${bump} release of the core.\n`);
    await promisify(execFile)(changeset, ['version'], { cwd: copy });
    return packagesIn(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const before = packagesIn(root);
const peerDependents = [...before.values()].filter(({ manifest }) => manifest.peerDependencies?.[CORE]);
if (peerDependents.length === 0) throw new Error(`no package peers on ${CORE}; nothing to check`);

let failed = false;
const report = (ok, message) => {
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
};

const bumps = ['patch', 'minor', 'major'];
const results = await Promise.all(bumps.map(versionAfter));
for (const [index, bump] of bumps.entries()) {
  const after = results[index];
  const core = `${before.get(CORE).manifest.version} → ${after.get(CORE).manifest.version}`;
  for (const { manifest } of peerDependents) {
    const was = manifest.version;
    const now = after.get(manifest.name).manifest.version;
    const range = manifest.peerDependencies[CORE];
    const newRange = after.get(manifest.name).manifest.peerDependencies[CORE];
    if (bump === 'major') {
      report(
        now !== was,
        `core ${bump} (${core}) outside ${manifest.name}'s peer range "${range}" releases it (${was} → ${now})`,
      );
    } else {
      report(
        now === was && newRange === range,
        `core ${bump} (${core}) leaves ${manifest.name} at ${was} with peer range "${range}"` +
          (now === was && newRange === range ? '' : ` (it became ${now} with "${newRange}")`),
      );
    }
  }
}

process.exit(failed ? 1 : 0);
