import { AmiAbortError, AmiInputError, AmiTimeoutError } from '../errors/errors.js';

/** Why a guarded wait ended early. */
export type Expiry = 'timeout' | 'abort';

/** Node's timers overflow above this (a longer delay fires after 1 ms). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Checks a timeout option: 0 or `Infinity` mean "no timeout", anything else must be a whole
 * or fractional number of milliseconds from 0 to 2^31−1. Throws `AmiInputError` naming `field`.
 */
export function checkTimeout(field: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (value > MAX_TIMEOUT_MS && value !== Infinity)) {
    throw new AmiInputError(
      `${field} must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS} (what a Node timer can hold) or Infinity, not ${String(value)}`,
      field,
    );
  }
  return value;
}

/**
 * The error for a wait that expired: `AmiTimeoutError` for the timer, and also for a signal
 * whose reason is a `TimeoutError` (`AbortSignal.timeout()`), else `AmiAbortError`.
 */
export function expiryError(
  why: Expiry,
  what: string,
  options: { signal?: AbortSignal | undefined; timeoutMs: number; sent?: boolean; timeoutMessage?: string },
): AmiTimeoutError | AmiAbortError {
  const { signal, sent = false } = options;
  if (why === 'timeout') {
    return new AmiTimeoutError(
      options.timeoutMessage ?? `${what} got no answer within ${options.timeoutMs} ms`,
      options.timeoutMs,
      {
        sent,
      },
    );
  }
  const reason: unknown = signal?.reason;
  if (typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError') {
    return new AmiTimeoutError(`${what} timed out (signal)`, undefined, { cause: reason, sent });
  }
  return new AmiAbortError(`${what} aborted`, { cause: reason, sent });
}

/**
 * Arms what ends one wait early: a timer after `timeoutMs` (none when 0 or infinite) and the
 * `signal`'s abort. `expire` runs at most once, with the reason. Returns the function that
 * disarms both; call it when the wait ends any other way.
 */
export function armDeadline(
  options: { signal?: AbortSignal | undefined; timeoutMs: number },
  expire: (why: Expiry) => void,
): () => void {
  const { signal, timeoutMs } = options;
  let timer: NodeJS.Timeout | undefined;
  const disarm = (): void => {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  const onAbort = (): void => {
    disarm();
    expire('abort');
  };
  if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    // (clamped as a last guard; the options are checked with checkTimeout)
    timer = setTimeout(
      () => {
        disarm();
        expire('timeout');
      },
      Math.min(timeoutMs, MAX_TIMEOUT_MS),
    );
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  return disarm;
}
