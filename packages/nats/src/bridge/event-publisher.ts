import { createInbox, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { encodeJson } from '../wire.js';

/**
 * Publishes into the stream with acknowledgements, without ever blocking the AMI connection.
 *
 * Each publish carries a reply subject under one inbox of this publisher, where JetStream
 * acknowledges it: one subscription and one sweep timer for all of them instead of a request
 * (and a timer) per event, which costs several times the throughput under a flood.
 * At most `maxPending` publishes wait for their acknowledgement; beyond that (NATS slow or
 * down) events are dropped and counted, as are publishes refused or not acknowledged within
 * `ackTimeoutMs`; once one is acknowledged again, `onRecovered(dropped)` reports them (a gap).
 */
export class EventPublisher {
  private readonly inbox = createInbox();
  private readonly subscription: Subscription;
  // Publish number → when it was sent; Map order is send order, which the sweep relies on.
  private readonly pending = new Map<number, number>();
  private sent = 0;
  private dropped = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly drained = new Set<() => void>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly maxPending: number,
    private readonly ackTimeoutMs: number,
    private readonly onRecovered: (dropped: number) => void,
    private readonly onFirstDrop: (why: string) => void,
  ) {
    this.subscription = nc.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (error === null) this.onAck(msg);
      },
    });
  }

  /** Publishes waiting for their acknowledgement. */
  get size(): number {
    return this.pending.size;
  }

  /** Publishes one message; returns false when it was dropped. */
  publish(subject: string, body: unknown): boolean {
    if (this.pending.size >= this.maxPending) {
      this.drop(`${this.maxPending} publishes are waiting for NATS (maxPendingPublishes)`);
      return false;
    }
    const id = ++this.sent;
    try {
      this.nc.publish(subject, encodeJson(body), { reply: `${this.inbox}.${id}` });
    } catch (error) {
      this.drop(`publishing failed: ${(error as Error).message}`);
      return false;
    }
    this.pending.set(id, Date.now());
    this.sweeper ??= setInterval(() => this.sweep(), Math.max(10, Math.floor(this.ackTimeoutMs / 4))).unref();
    return true;
  }

  private onAck(msg: Msg): void {
    const id = Number(msg.subject.slice(this.inbox.length + 1));
    if (!this.pending.delete(id)) return;
    // JetStream answers {"stream":…,"seq":…} or {"error":{…}}; an empty 503 means no stream takes the subject.
    const refused = msg.data.length === 0 || (msg.headers?.code ?? 0) >= 400 || hasError(msg.data);
    if (refused) this.drop(`the stream refused an event: ${describe(msg)}`);
    else if (this.dropped > 0) {
      const dropped = this.dropped;
      this.dropped = 0;
      this.onRecovered(dropped);
    }
    this.settled();
  }

  private sweep(): void {
    const expired = Date.now() - this.ackTimeoutMs;
    for (const [id, sentAt] of this.pending) {
      if (sentAt > expired) break;
      this.pending.delete(id);
      this.drop(`no acknowledgement from the stream within ${this.ackTimeoutMs} ms`);
    }
    this.settled();
  }

  /** Resolves when nothing waits for an acknowledgement, or after `timeoutMs`; then stops. */
  async close(timeoutMs: number): Promise<void> {
    if (this.pending.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained.add(resolve);
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
    }
    clearInterval(this.sweeper);
    this.subscription.unsubscribe();
  }

  private drop(why: string): void {
    if (this.dropped === 0) this.onFirstDrop(why);
    this.dropped++;
  }

  private settled(): void {
    if (this.pending.size > 0) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const resolve of this.drained) resolve();
    this.drained.clear();
  }
}

const ERROR_KEY = Buffer.from('"error"');

function hasError(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(ERROR_KEY);
}

function describe(msg: Msg): string {
  if (msg.data.length === 0) return `status ${msg.headers?.code ?? 'unknown'} ${msg.headers?.description ?? ''}`.trim();
  return new TextDecoder().decode(msg.data).slice(0, 200);
}
