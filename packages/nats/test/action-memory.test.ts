import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionMemory } from '../src/bridge/action-memory.js';
import type { ActionReply } from '../src/wire.js';

const pong: ActionReply = { ok: true, response: { Response: 'Success', Ping: 'Pong' } };
const unsent: ActionReply = { ok: false, error: { code: 'AMI_TIMEOUT', message: 'waited', sent: false } };
const maybeSent: ActionReply = { ok: false, error: { code: 'AMI_TIMEOUT', message: 'no answer', sent: true } };

describe('ActionMemory', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a duplicate, in flight or finished, with the first outcome', async () => {
    const memory = new ActionMemory(10, 60_000);
    const first = memory.recall('a', 'Ping');
    if (first.kind !== 'new') throw new Error('expected new');
    const inFlight = memory.recall('a', 'ping');
    expect(inFlight.kind).toBe('duplicate');
    first.settle(pong);
    await expect(inFlight.kind === 'duplicate' && inFlight.outcome).resolves.toEqual(pong);
    const later = memory.recall('a', 'Ping');
    await expect(later.kind === 'duplicate' && later.outcome).resolves.toEqual(pong);
  });

  it('reports an ActionID reused for another action', () => {
    const memory = new ActionMemory(10, 60_000);
    memory.recall('a', 'Ping');
    expect(memory.recall('a', 'Hangup')).toEqual({ kind: 'conflict', action: 'Ping' });
  });

  it('remembers a maybe-sent failure but forgets an unsent one (a retry of that may run)', () => {
    const memory = new ActionMemory(10, 60_000);
    const a = memory.recall('a', 'Ping');
    const b = memory.recall('b', 'Ping');
    if (a.kind !== 'new' || b.kind !== 'new') throw new Error('expected new');
    a.settle(maybeSent);
    b.settle(unsent);
    expect(memory.recall('a', 'Ping').kind).toBe('duplicate');
    expect(memory.recall('b', 'Ping').kind).toBe('new');
  });

  it('holds at most maxEntries finished IDs, dropping the oldest finished first, never one in flight', () => {
    const memory = new ActionMemory(3, 60_000);
    const running = memory.recall('running', 'Ping');
    for (const id of ['x', 'y']) {
      const r = memory.recall(id, 'Ping');
      if (r.kind === 'new') r.settle(pong);
    }
    const z = memory.recall('z', 'Ping');
    if (z.kind === 'new') z.settle(pong);
    expect(memory.size).toBe(3);
    expect(memory.recall('running', 'Ping').kind).toBe('duplicate');
    expect(memory.recall('z', 'Ping').kind).toBe('duplicate');
    expect(running.kind).toBe('new');
    // the oldest finished one made room for z
    expect(memory.recall('x', 'Ping').kind).toBe('new');
  });

  it('forgets finished IDs after the window', () => {
    vi.useFakeTimers();
    const memory = new ActionMemory(10, 1_000);
    const r = memory.recall('a', 'Ping');
    if (r.kind === 'new') r.settle(pong);
    vi.advanceTimersByTime(999);
    expect(memory.recall('a', 'Ping').kind).toBe('duplicate');
    vi.advanceTimersByTime(2);
    expect(memory.recall('a', 'Ping').kind).toBe('new');
  });
});
