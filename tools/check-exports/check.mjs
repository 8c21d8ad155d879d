// Proves that a built package loads both ways, keeps one class identity, and that its types
// resolve for every entry:
// - `import` (ESM) and `require` (CJS) of each subpath in its exports map, run by the package
//   name from inside the package (self-reference);
// - with @tsami/core imported and the package required, and the other way round, an error the
//   package throws is an instance of core's class (identity-probe.mjs);
// - a subpath entry (such as @tsami/core/testing) defines none of the main entry's classes itself;
// - arethetypeswrong on the packed tarball, every resolution mode (node10, node16 CJS/ESM, bundler).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
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
  };
  for (const [kind, code] of Object.entries(checks)) {
    check(`${kind.padEnd(7)} ${specifier}`, () =>
      node(['--input-type', kind === 'import' ? 'module' : 'commonjs', '-e', code]),
    );
  }
}

const probe = readFileSync(join(import.meta.dirname, 'identity-probe.mjs'), 'utf8');
for (const [coreMode, packageMode] of [
  ['import', 'require'],
  ['require', 'import'],
]) {
  check(`one class identity: @tsami/core by ${coreMode}, ${pkg.name} by ${packageMode}`, () =>
    node(['--input-type', 'module', '-e', probe], { PROBE_CORE: coreMode, PROBE_PACKAGE: packageMode }),
  );
}

const mainClasses = Object.entries(await import(join(dir, pkg.exports['.'].import.default)))
  .filter(([, value]) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)))
  .map(([name]) => name);
for (const subpath of subpaths.filter((key) => key !== '.')) {
  const file = join(dir, pkg.exports[subpath].import.default);
  check(`${pkg.name}/${subpath.slice(2)} bundles no copy of a main-entry class`, () => {
    const source = readFileSync(file, 'utf8');
    // esbuild writes a bundled class as `class Name` or `var Name = class`.
    const copies = mainClasses.filter((name) => new RegExp(`\\bclass ${name}\\b|\\b${name} = class\\b`).test(source));
    if (copies.length > 0) throw new Error(`${file} defines ${copies.join(', ')}; import them from ${pkg.name}`);
  });
}

check(`types   ${pkg.name} (arethetypeswrong, all resolution modes)`, () => {
  const attw = join(import.meta.dirname, 'node_modules', '.bin', 'attw');
  execFileSync(attw, ['--pack', '.', '--format', 'table-flipped'], { cwd: dir, stdio: 'pipe' });
});

process.exit(failed ? 1 : 0);
