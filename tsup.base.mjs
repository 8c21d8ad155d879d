// @ts-check
// Build settings every published package shares; each tsup.config.ts adds only its entries.
// Plain JS with a .d.mts so package tsconfigs (rootDir ".") can import it without compiling it.

/** @type {typeof import('./tsup.base.mjs').packageBuild} */
export const packageBuild = (entry) => ({
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
});
