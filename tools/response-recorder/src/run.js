import { RecordingSession } from './session.js';
import { scenarios } from './scenarios.js';

/**
 * Runs the scenarios (all, or those of the actions in `only`) one after another on `client`,
 * hanging up each scenario's calls when it ends. A scenario that fails is reported in
 * `failures` and does not stop the others; what it recorded before failing is kept.
 * @param {import('@tsami/core').AmiClient} client
 * @param {readonly string[]} [only]
 */
export async function runScenarios(client, only = []) {
  const session = new RecordingSession(client);
  /** @type {{ action: string; error: unknown }[]} */
  const failures = [];
  for (const scenario of scenarios) {
    if (only.length > 0 && !only.includes(scenario.action)) continue;
    try {
      await scenario.run(session);
    } catch (error) {
      failures.push({ action: scenario.action, error });
    } finally {
      await session.hangupOwn();
    }
  }
  return { samples: session.samples, failures };
}
