#!/usr/bin/env node
// @ts-check
// `pnpm codegen:check`: regenerates, then fails when that changed a generated file, so CI
// catches hand edits of generated code and specs or overrides committed without regenerating.
import { execFileSync } from 'node:child_process';
import { diffWithDisk, generateAll, ROOT, TARGETS, writeAll } from './src/run.mjs';

const files = generateAll();
const problems = diffWithDisk(files);
writeAll(files);

const paths = TARGETS.map((t) => `packages/${t.pkg}/src/generated`);
/** @type {string[]} */
let gitProblems = [];
try {
  // Also catch generated files that are current on disk but differ from (or are missing in) git.
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  gitProblems = status
    .split('\n')
    .filter(Boolean)
    .map((line) => `not committed: ${line.slice(3)}`);
} catch {
  // Not a git checkout (e.g. an unpacked tarball): the on-disk comparison above is all we have.
}

const all = [...problems, ...gitProblems];
if (all.length) {
  console.error('codegen:check: generated code is not up to date:');
  for (const p of all) console.error(`  ${p}`);
  console.error('Run `pnpm codegen` and commit the files under packages/*/src/generated.');
  process.exit(1);
}
console.log(`codegen:check: ${files.size} generated files are up to date`);
