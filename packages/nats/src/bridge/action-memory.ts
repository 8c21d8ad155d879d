import type { ActionReply } from '../wire.js';

interface Running {
  readonly action: string;
  readonly outcome: Promise<ActionReply>;
}

interface Finished extends Running {
  readonly settledAt: number;
}

/** What the memory knows about an ActionID it has seen. */
export type Known =
  | { readonly kind: 'duplicate'; readonly outcome: Promise<ActionReply> }
  | { readonly kind: 'conflict'; readonly action: string };

/**
 * The ActionIDs a bridge has run, so a repeated request (a caller's retry, a duplicate on the
 * bus) is answered with the first outcome instead of running again. Bounded: at most
 * `maxEntries` IDs, each finished one kept for `windowMs`. Outcomes that certainly never
 * reached Asterisk are forgotten, so a retry of those may run.
 */
export class ActionMemory {
  private readonly running = new Map<string, Running>();
  // Map order is the eviction and expiry order: entries are added when they finish.
  private readonly finished = new Map<string, Finished>();

  constructor(
    private readonly maxEntries: number,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.running.size + this.finished.size;
  }

  /** The first run of `actionId` (running or finished), if the memory holds it. */
  lookup(actionId: string, action: string): Known | undefined {
    this.expire();
    const known = this.running.get(actionId) ?? this.finished.get(actionId);
    if (!known) return undefined;
    return known.action.toLowerCase() === action.toLowerCase()
      ? { kind: 'duplicate', outcome: known.outcome }
      : { kind: 'conflict', action: known.action };
  }

  /** Records a first run (after `lookup` found none); `settle` gives its outcome. */
  begin(actionId: string, action: string): (reply: ActionReply) => void {
    if (this.size >= this.maxEntries) this.evictOne();
    let settle!: (reply: ActionReply) => void;
    const outcome = new Promise<ActionReply>((resolve) => (settle = resolve));
    this.running.set(actionId, { action, outcome });
    return (reply) => {
      settle(reply);
      this.running.delete(actionId);
      if (!reply.ok && !reply.error.sent) return;
      this.finished.set(actionId, { action, outcome, settledAt: Date.now() });
    };
  }

  private expire(): void {
    const oldest = Date.now() - this.windowMs;
    for (const [id, entry] of this.finished) {
      if (entry.settledAt > oldest) return;
      this.finished.delete(id);
    }
  }

  /** Drops the oldest finished entry; one in flight is never dropped. */
  private evictOne(): void {
    const oldest = this.finished.keys().next();
    if (!oldest.done) this.finished.delete(oldest.value);
  }
}
