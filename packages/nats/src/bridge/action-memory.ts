import type { ActionReply } from '../wire.js';

interface Entry {
  readonly action: string;
  readonly outcome: Promise<ActionReply>;
  settledAt: number | undefined;
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
  // Map order is the eviction order: finished entries are moved to the end when they finish.
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The first run of `actionId` (running or finished), if the memory holds it. */
  lookup(actionId: string, action: string): Known | undefined {
    this.expire();
    const known = this.entries.get(actionId);
    if (!known) return undefined;
    return known.action.toLowerCase() === action.toLowerCase()
      ? { kind: 'duplicate', outcome: known.outcome }
      : { kind: 'conflict', action: known.action };
  }

  /** Records a first run (after `lookup` found none); `settle` gives its outcome. */
  begin(actionId: string, action: string): (reply: ActionReply) => void {
    if (this.entries.size >= this.maxEntries) this.evictOne();
    let settle!: (reply: ActionReply) => void;
    const outcome = new Promise<ActionReply>((resolve) => (settle = resolve));
    const entry: Entry = { action, outcome, settledAt: undefined };
    this.entries.set(actionId, entry);
    return (reply) => {
      settle(reply);
      this.entries.delete(actionId);
      if (!reply.ok && !reply.error.sent) return;
      entry.settledAt = Date.now();
      this.entries.set(actionId, entry);
    };
  }

  private expire(): void {
    const oldest = Date.now() - this.windowMs;
    for (const [id, entry] of this.entries) {
      if (entry.settledAt === undefined) continue;
      if (entry.settledAt > oldest) return;
      this.entries.delete(id);
    }
  }

  private evictOne(): void {
    for (const [id, entry] of this.entries) {
      if (entry.settledAt !== undefined) {
        this.entries.delete(id);
        return;
      }
    }
  }
}
