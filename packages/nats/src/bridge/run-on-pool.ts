import type { AmiPool } from '@tsami/core';
import { toWireError, type ActionReply, type ActionRequest } from '../wire.js';

/**
 * Runs one action on the pool (`pool.send` / `pool.sendList` acquire a connection, run the
 * action and release it) and turns the outcome into a reply. The timeout covers the wait for
 * a free connection too; an action still waiting when the timeout or the cancel fires is never
 * written, and its error says so (`sent: false`).
 */
export async function runOnPool(
  pool: AmiPool,
  request: ActionRequest,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ActionReply> {
  const { action, completeEvent } = request;
  try {
    if (completeEvent) return { ok: true, list: await pool.sendList(action, { ...options, completeEvent }) };
    return { ok: true, response: await pool.send(action, options) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
