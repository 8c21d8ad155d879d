import { MAX_TIMEOUT_MS } from './deadline.js';
import type { ReconnectOptions } from './options.js';

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential growth capped at
 * `maxDelayMs`, with "equal jitter" (half fixed, half random) so that many clients cut off
 * by the same Asterisk restart do not come back in lockstep.
 */
export function reconnectDelay(
  attempt: number,
  policy: Required<Pick<ReconnectOptions, 'initialDelayMs' | 'maxDelayMs' | 'factor'>>,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1);
  // (a Node timer cannot wait longer than MAX_TIMEOUT_MS: it would fire at once)
  const capped = Math.min(policy.maxDelayMs, exponential, MAX_TIMEOUT_MS);
  return Math.round(capped / 2 + (capped / 2) * random());
}
