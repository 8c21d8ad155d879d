import { armDeadline, type Expiry } from './deadline.js';

interface Waiter<T> {
  serve(value: T): void;
  fail(error: unknown): void;
}

/**
 * Callers waiting for something, served first come first served, each with its own deadline
 * (a timeout and an AbortSignal). A caller whose deadline passes leaves the queue at once.
 */
export class WaitQueue<T> {
  private readonly waiters: Waiter<T>[] = [];

  get length(): number {
    return this.waiters.length;
  }

  /**
   * Resolves with the value handed to this caller by `serve`. When the timeout or the signal
   * fires first, rejects with what `expired` returns, then calls `left`.
   */
  wait(
    deadline: { signal?: AbortSignal | undefined; timeoutMs: number },
    expired: (why: Expiry) => Error,
    left: () => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      const disarm = armDeadline(deadline, (why) => {
        leave();
        reject(expired(why));
        left();
      });
      const waiter: Waiter<T> = {
        serve: (value) => {
          disarm();
          leave();
          resolve(value);
        },
        fail: (error) => {
          disarm();
          leave();
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Hands what `make` builds to the first caller; false (and `make` not called) when nobody waits. */
  serve(make: () => T): boolean {
    const first = this.waiters[0];
    if (!first) return false;
    first.serve(make());
    return true;
  }

  /** Rejects every waiting caller with `error`. */
  failAll(error: unknown): void {
    for (const waiter of [...this.waiters]) waiter.fail(error);
  }
}
