// Proves that a built package loads both ways and that its types resolve for every entry:
// `import` (ESM) and `require` (CJS) of each subpath in its exports map, run by the package
// name from inside the package (self-reference), then arethetypeswrong on the packed tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
let failed = false;

for (const subpath of subpaths) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const checks = {
    import: `const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`,
    require: `const m = require(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports');`,
  };
  for (const [kind, code] of Object.entries(checks)) {
    try {
      execFileSync(process.execPath, ['--input-type', kind === 'import' ? 'module' : 'commonjs', '-e', code], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      console.log(`ok   ${kind.padEnd(7)} ${specifier}`);
    } catch (error) {
      failed = true;
      console.error(`FAIL ${kind.padEnd(7)} ${specifier}\n${error.stderr?.toString() ?? error}`);
    }
  }
}

try {
  const attw = join(import.meta.dirname, 'node_modules', '.bin', 'attw');
  execFileSync(attw, ['--pack', '.', '--profile', 'node16', '--format', 'table-flipped'], { cwd: dir, stdio: 'pipe' });
  console.log(`ok   types   ${pkg.name} (arethetypeswrong, node16 profile)`);
} catch (error) {
  failed = true;
  console.error(`FAIL types   ${pkg.name}\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? error}`);
}

process.exit(failed ? 1 : 0);
