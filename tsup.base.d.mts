import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The shared tsup options of a published package for these entries: the ES module with its
 * declarations, and a CommonJS entry (with `.d.cts` declarations) that re-exports the ES module.
 */
export declare function packageBuild(
  entry: Record<string, string>,
  options?: { esbuildPlugins?: EsbuildPlugin[] },
): Options;

/**
 * An esbuild plugin for a secondary entry such as `@tsami/core/testing`: a relative import made
 * inside `folder` that reaches outside it becomes an import of `packageName` (the main entry),
 * so the secondary entry shares the main entry's classes instead of bundling copies of them.
 */
export declare function importMainEntryOutside(folder: string, packageName: string): EsbuildPlugin;
