import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  actionNames,
  actions,
  coreSettings,
  listCommands,
  moduleCheck,
  spec as generatedFrom,
} from '../../src/index.js';
import { actionError, closeAll, connectClient, hasAsterisk } from './env.js';

/** The committed spec the actions were generated from: it names each action's module. */
const specActions = (
  JSON.parse(readFileSync(new URL('../../../../tools/codegen/specs/22.json', import.meta.url), 'utf8')) as {
    actions: Record<string, { module: string }>;
  }
).actions;

/** The action names ListCommands reports (every header but the response's own). */
function registeredNames(response: Record<string, unknown>): string[] {
  return Object.keys(response).filter((name) => name !== 'Response' && name !== 'ActionID');
}

describe.skipIf(!hasAsterisk)('integration: actions the live Asterisk 22 registers', () => {
  afterAll(closeAll);

  it('runs against the release the actions were generated from', async () => {
    const client = await connectClient();
    const settings = await coreSettings(client);
    expect(settings.AsteriskVersion).toMatch(/^22\./);
    expect(settings.AMIversion).toBe(generatedFrom.amiVersion);
  });

  it('has a function for every action ListCommands reports', async () => {
    const client = await connectClient();
    const registered = registeredNames(await listCommands(client));
    // A sandbox with the usual modules registers well over a hundred actions.
    expect(registered.length).toBeGreaterThan(100);
    // Asterisk looks action names up case-insensitively.
    const known = new Set(actionNames.map((name) => name.toLowerCase()));
    const missing = registered.filter((name) => !known.has(name.toLowerCase()));
    expect(missing, `actions the server has but @tsami/ami-v22 lacks: ${missing.join(', ')}`).toEqual([]);
    for (const name of registered) {
      const generated = actionNames.find((n) => n.toLowerCase() === name.toLowerCase())!;
      expect(typeof actions[generated]).toBe('function');
    }
  });

  it('leaves out only actions of modules that are not loaded', async () => {
    const client = await connectClient();
    const registered = new Set(registeredNames(await listCommands(client)).map((name) => name.toLowerCase()));
    const absent = actionNames.filter((name) => !registered.has(name.toLowerCase()));
    const modules = [...new Set(absent.map((name) => specActions[name]!.module))].sort();
    // A spec action whose module is loaded but which the server does not know would be a wrong name.
    expect(modules).not.toContain('builtin');
    for (const module of modules) {
      const error = await actionError(moduleCheck(client, { Module: module }));
      expect(error.response?.Message, `${module} is loaded but does not register ${absent.join(', ')}`).toBe(
        'Module not loaded',
      );
    }
  });
});
