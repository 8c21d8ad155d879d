import type { JetStreamClient } from '@nats-io/jetstream';
import { encodeJson } from '../wire.js';

/**
 * Publishes into the stream without ever blocking the AMI connection: at most `maxPending`
 * publishes wait for their acknowledgement; beyond that (NATS slow or down) events are dropped
 * and counted, and once publishing works again `onRecovered(dropped)` reports them (as a gap).
 */
export class EventPublisher {
  private pending = 0;
  private dropped = 0;
  private readonly drained = new Set<() => void>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly maxPending: number,
    private readonly onRecovered: (dropped: number) => void,
    private readonly onFirstDrop: (why: string) => void,
  ) {}

  /** Publishes waiting for their acknowledgement. */
  get size(): number {
    return this.pending;
  }

  /** Queues one publish; returns false when it was dropped. */
  publish(subject: string, body: unknown): boolean {
    if (this.pending >= this.maxPending) {
      this.drop(`${this.maxPending} publishes are waiting for NATS (maxPendingPublishes)`);
      return false;
    }
    this.pending++;
    this.js.publish(subject, encodeJson(body)).then(
      () => {
        this.settle();
        if (this.dropped > 0) {
          const dropped = this.dropped;
          this.dropped = 0;
          this.onRecovered(dropped);
        }
      },
      (error: unknown) => {
        this.settle();
        this.drop(`publishing failed: ${(error as Error).message}`);
      },
    );
    return true;
  }

  /** Resolves when nothing waits for an acknowledgement, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.pending === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.drained.add(resolve);
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
  }

  private drop(why: string): void {
    if (this.dropped === 0) this.onFirstDrop(why);
    this.dropped++;
  }

  private settle(): void {
    this.pending--;
    if (this.pending > 0) return;
    for (const resolve of this.drained) resolve();
    this.drained.clear();
  }
}
