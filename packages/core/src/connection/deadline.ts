/** Why a guarded wait ended early. */
export type Expiry = 'timeout' | 'abort';

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
    timer = setTimeout(() => {
      disarm();
      expire('timeout');
    }, timeoutMs);
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  return disarm;
}
