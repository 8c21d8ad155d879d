import { AmiAbortError, AmiTimeoutError, type AmiPool } from '@tsami/core';
import { toWireError, withSent, type ActionReply, type ActionRequest } from '../wire.js';

/**
 * Runs one action on a pooled connection and turns the outcome into a reply. Waiting for a
 * free connection counts against the timeout; an action still waiting when the timeout or the
 * cancel fires is never written (`sent: false`).
 *
 * This is the only place the bridge touches the pool: once the pool is itself an `AmiSender`
 * (`pool.send` / `pool.sendList` acquire, run and release), the body becomes one call of those.
 */
export async function runOnPool(
  pool: AmiPool,
  request: ActionRequest,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ActionReply> {
  const { action } = request;
  const deadline = Date.now() + options.timeoutMs;
  // Ends the wait for a connection on cancel or timeout (one controller: AbortSignal.any is slow on Node 20).
  const waiting = new AbortController();
  let timedOut = false;
  const timeout = setTimeout(() => {
    timedOut = true;
    waiting.abort();
  }, options.timeoutMs);
  const cancel = (): void => waiting.abort();
  options.signal.addEventListener('abort', cancel, { once: true });
  let acquired = false;
  try {
    return await pool.use(
      async (connection) => {
        acquired = true;
        const sendOptions = { signal: options.signal, timeoutMs: Math.max(1, deadline - Date.now()) };
        if (request.completeEvent) {
          return { ok: true, list: await connection.sendList(action, { ...sendOptions, completeEvent: request.completeEvent }) };
        }
        return { ok: true, response: await connection.send(action, sendOptions) };
      },
      { signal: waiting.signal },
    );
  } catch (error) {
    if (acquired) return { ok: false, error: toWireError(error) };
    // No connection was lent: nothing was written.
    if (error instanceof AmiAbortError && timedOut) {
      const timedOut = withSent(
        new AmiTimeoutError(`${action.Action} waited ${options.timeoutMs} ms for a free AMI connection`, options.timeoutMs),
        false,
      );
      return { ok: false, error: toWireError(timedOut) };
    }
    return { ok: false, error: toWireError(error, false) };
  } finally {
    clearTimeout(timeout);
    options.signal.removeEventListener('abort', cancel);
  }
}
