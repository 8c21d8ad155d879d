// Evaluated by check.mjs in a fresh process from inside a built package (`node --input-type=module
// -e`, so that `import()` resolves from there), with PROBE_CORE and PROBE_PACKAGE saying how
// @tsami/core and the package are loaded: `import` or `require`. Proves that both see one copy of core's classes: an error
// that the package's code throws is an instance of the class the application got from core.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const dir = process.cwd();
const { PROBE_CORE: coreMode, PROBE_PACKAGE: packageMode } = process.env;
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const require = createRequire(join(dir, 'package.json'));
const load = (mode, specifier) => (mode === 'import' ? import(specifier) : require(specifier));

const core = await load(coreMode, '@tsami/core');
const loaded = await load(packageMode, pkg.name);

if (pkg.name === '@tsami/core') {
  // The same package both ways: every export must be the very same object.
  const different = Object.keys(core).filter((key) => core[key] !== loaded[key]);
  if (different.length > 0) throw new Error(`import and require give different copies of: ${different.join(', ')}`);
} else {
  // An action package: any action called with an "Action" parameter is refused by core's
  // sendAction/sendListAction with an AmiInputError, before the sender is used.
  const sender = {
    send: () => Promise.reject(new Error('the probe sender must not be called')),
    sendList: () => Promise.reject(new Error('the probe sender must not be called')),
  };
  const action = Object.entries(loaded.actions ?? {}).find(([, value]) => typeof value === 'function');
  if (!action) throw new Error(`${pkg.name} exports no action function`);
  const error = await Promise.resolve()
    .then(() => action[1](sender, { Action: 'Probe' }))
    .then(
      () => undefined,
      (reason) => reason,
    );
  if (error?.name !== 'AmiInputError') throw new Error(`${action[0]}() did not refuse with AmiInputError: ${error}`);
  if (!(error instanceof core.AmiInputError) || !(error instanceof core.AmiError)) {
    throw new Error(`an AmiInputError thrown inside ${pkg.name} is not an instance of @tsami/core's AmiInputError`);
  }
}
