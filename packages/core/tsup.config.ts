import { defineConfig } from 'tsup';
import { importMainEntryOutside, packageBuild } from '../../tsup.base.mjs';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    // @tsami/core/testing imports the main entry instead of bundling its own AmiParser and errors.
    { esbuildPlugins: [importMainEntryOutside('src/testing', '@tsami/core')] },
  ),
);
