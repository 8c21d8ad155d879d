#!/usr/bin/env node
// @ts-check
// Regenerates src/generated of every per-release action package (`pnpm codegen`).
import { generateAll, writeAll } from './src/run.mjs';

const files = generateAll();
writeAll(files);
console.log(`codegen: wrote ${files.size} files`);
