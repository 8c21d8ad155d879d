import type { Options } from 'tsup';

/** The shared tsup options of a published package, ESM + CJS with declarations, for these entries. */
export declare function packageBuild(entry: Record<string, string>): Options;
