import type { LiveModel } from './model.js';
import type { LiveChange, LiveKind } from './types.js';

const KINDS: readonly LiveKind[] = [
  'channel',
  'bridge',
  'call',
  'queue',
  'queueMember',
  'queueCaller',
  'device',
  'extension',
];

/** The changes that turn `before` into `after`: what a resync reports instead of the missed events. */
export function diffModels(before: LiveModel, after: LiveModel, emit: (change: LiveChange) => void): void {
  for (const kind of KINDS) {
    const old = before.entities(kind);
    const next = after.entities(kind);
    for (const [id, value] of old) {
      if (!next.has(id)) emit({ kind, type: 'removed', id, value, previous: undefined } as LiveChange);
    }
    for (const [id, value] of next) {
      const previous = old.get(id);
      if (previous === undefined) emit({ kind, type: 'added', id, value, previous: undefined } as LiveChange);
      else if (JSON.stringify(previous) !== JSON.stringify(value))
        emit({ kind, type: 'updated', id, value, previous } as LiveChange);
    }
  }
}
