// @ts-check
// Build settings every published package shares; each tsup.config.ts adds only its entries.
// Plain JS with a .d.mts so package tsconfigs (rootDir ".") can import it without compiling it.
import { rm, writeFile } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';

// The CommonJS entry of every module is a one-line re-export of the ES module: `require()` of an
// ES module works on every Node release in `engines`, and it returns the very module `import`
// loads, so a class has one identity however the application and each package load it. tsup
// still bundles the CJS format, only so that it writes the `.d.cts` declarations; that bundle is
// then replaced by the re-export.
const cjsReexport = (esmFile) =>
  `'use strict';\n// Re-exports the ES module, so that require() and import share one copy of every class.\nmodule.exports = require('./${esmFile}');\n`;

/** @type {typeof import('./tsup.base.mjs').packageBuild} */
export const packageBuild = (entry, options = {}) => ({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Maps point into the published sources' lines without embedding them, which would double the package size.
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
  target: 'node20',
  // One module per format keeps each export (every action, in the ami-vNN packages) top-level, so bundlers can drop it.
  splitting: false,
  esbuildPlugins: options.esbuildPlugins ?? [],
  async onSuccess() {
    for (const name of Object.keys(entry)) {
      await writeFile(`dist/${name}.cjs`, cjsReexport(`${basename(name)}.js`));
      await rm(`dist/${name}.cjs.map`, { force: true });
    }
  },
});

/** @type {typeof import('./tsup.base.mjs').importMainEntryOutside} */
export const importMainEntryOutside = (folder, packageName) => ({
  name: 'import-main-entry-outside',
  setup(build) {
    const inside = resolve(folder) + sep;
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(inside) || resolve(args.resolveDir, args.path).startsWith(inside)) return undefined;
      return { path: packageName, external: true };
    });
  },
});
