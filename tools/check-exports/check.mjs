// Proves that a built package loads both ways, keeps one class identity, and that its types
// resolve for every entry:
// - `import` (ESM) and `require` (CJS) of each subpath in its exports map, run by the package
//   name from inside the package (self-reference);
// - one module both ways: `require()` of each entry returns the very namespace `import()` gives;
// - no bundled copies: a subpath entry (such as @tsami/core/testing) defines none of the main
//   entry's classes, and another package's build defines none of @tsami/core's;
// - for @tsami/core and each action set, with core imported and the package required and the other
//   way round, an error the package throws is an instance of core's class (identity-probe.mjs);
// - arethetypeswrong on the packed tarball, every resolution mode (node10, node16 CJS/ESM, bundler).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const CORE = '@tsami/core';
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
let failed = false;

function check(label, run) {
  try {
    run();
    console.log(`ok   ${label}`);
  } catch (error) {
    failed = true;
    console.error(`FAIL ${label}\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? error}`);
  }
}

const node = (args, env = {}) =>
  execFileSync(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });

for (const subpath of subpaths) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const checks = {
    import: `const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`,
    require: `const m = require(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`,
    'one module both ways': `import { createRequire } from 'node:module';
      const esm = await import(${JSON.stringify(specifier)});
      if (createRequire(process.cwd() + '/')(${JSON.stringify(specifier)}) !== esm) throw new Error('require() and import() give different modules');`,
  };
  for (const [kind, code] of Object.entries(checks)) {
    check(`${kind} ${specifier}`, () => node(['--input-type', kind === 'require' ? 'commonjs' : 'module', '-e', code]));
  }
}

const classesOf = (module) =>
  Object.entries(module)
    .filter(([, value]) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)))
    .map(([name]) => name);
// esbuild writes a bundled class as `class Name` or `var Name = class`.
const definedIn = (file, classes) =>
  classes.filter((name) => new RegExp(`\\bclass ${name}\\b|\\b${name} = class\\b`).test(readFileSync(file, 'utf8')));
const packageRequire = createRequire(join(dir, 'package.json'));
const main = packageRequire(pkg.name);

if (pkg.name === CORE) {
  for (const subpath of subpaths.filter((key) => key !== '.')) {
    const file = join(dir, pkg.exports[subpath].import.default);
    check(`${pkg.name}/${subpath.slice(2)} bundles no copy of a main-entry class`, () => {
      const copies = definedIn(file, classesOf(main));
      if (copies.length > 0) throw new Error(`${file} defines ${copies.join(', ')}; import them from ${pkg.name}`);
    });
  }
} else {
  const coreClasses = classesOf(packageRequire(CORE));
  const files = readdirSync(join(dir, 'dist'), { recursive: true }).filter((name) => /\.(c|m)?js$/.test(name));
  check(`${pkg.name} bundles no copy of a ${CORE} class`, () => {
    const copies = files.flatMap((name) =>
      definedIn(join(dir, 'dist', name), coreClasses).map((cls) => `${name}: ${cls}`),
    );
    if (copies.length > 0) throw new Error(`defines ${copies.join(', ')}; import them from ${CORE}`);
  });
}

// The behavioural proof, where there is something to call: core itself, and action sets (whose
// every action refuses an "Action" parameter with core's AmiInputError before sending).
if (pkg.name === CORE || typeof main.actions === 'object') {
  const probe = readFileSync(join(import.meta.dirname, 'identity-probe.mjs'), 'utf8');
  for (const [coreMode, packageMode] of [
    ['import', 'require'],
    ['require', 'import'],
  ]) {
    check(`one class identity: ${CORE} by ${coreMode}, ${pkg.name} by ${packageMode}`, () =>
      node(['--input-type', 'module', '-e', probe], { PROBE_CORE: coreMode, PROBE_PACKAGE: packageMode }),
    );
  }
}

check(`types   ${pkg.name} (arethetypeswrong, all resolution modes)`, () => {
  const attw = join(import.meta.dirname, 'node_modules', '.bin', 'attw');
  execFileSync(attw, ['--pack', '.', '--format', 'table-flipped'], { cwd: dir, stdio: 'pipe' });
});

process.exit(failed ? 1 : 0);
