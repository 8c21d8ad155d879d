import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.mjs';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // The CLI: ESM only, with its shebang.
  {
    ...packageBuild({ cli: 'src/cli.ts' }),
    format: ['esm'],
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
