import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionMemory } from '../src/bridge/action-memory.js';
import type { ActionReply } from '../src/wire.js';

const pong: ActionReply = { ok: true, response: { Response: 'Success', Ping: 'Pong' } };
const unsent: ActionReply = { ok: false, error: { code: 'AMI_TIMEOUT', message: 'waited', sent: false } };
const maybeSent: ActionReply = { ok: false, error: { code: 'AMI_TIMEOUT', message: 'no answer', sent: true } };

/** Runs `id` to completion with `reply`. */
function finish(memory: ActionMemory, id: string, reply: ActionReply = pong): void {
  memory.begin(id, 'Ping')(reply);
}

describe('ActionMemory', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a duplicate, in flight or finished, with the first outcome', async () => {
    const memory = new ActionMemory(10, 60_000);
    expect(memory.lookup('a', 'Ping')).toBeUndefined();
    const settle = memory.begin('a', 'Ping');
    const inFlight = memory.lookup('a', 'ping');
    expect(inFlight?.kind).toBe('duplicate');
    settle(pong);
    await expect(inFlight?.kind === 'duplicate' && inFlight.outcome).resolves.toEqual(pong);
    const later = memory.lookup('a', 'Ping');
    await expect(later?.kind === 'duplicate' && later.outcome).resolves.toEqual(pong);
  });

  it('reports an ActionID reused for another action', () => {
    const memory = new ActionMemory(10, 60_000);
    memory.begin('a', 'Ping');
    expect(memory.lookup('a', 'Hangup')).toEqual({ kind: 'conflict', action: 'Ping' });
  });

  it('remembers a maybe-sent failure but forgets an unsent one (a retry of that may run)', () => {
    const memory = new ActionMemory(10, 60_000);
    finish(memory, 'a', maybeSent);
    finish(memory, 'b', unsent);
    expect(memory.lookup('a', 'Ping')?.kind).toBe('duplicate');
    expect(memory.lookup('b', 'Ping')).toBeUndefined();
  });

  it('holds at most maxEntries finished IDs, dropping the oldest finished first, never one in flight', () => {
    const memory = new ActionMemory(3, 60_000);
    memory.begin('running', 'Ping');
    finish(memory, 'x');
    finish(memory, 'y');
    finish(memory, 'z');
    expect(memory.size).toBe(3);
    expect(memory.lookup('running', 'Ping')?.kind).toBe('duplicate');
    expect(memory.lookup('z', 'Ping')?.kind).toBe('duplicate');
    // the oldest finished one made room for z
    expect(memory.lookup('x', 'Ping')).toBeUndefined();
  });

  it('forgets finished IDs after the window', () => {
    vi.useFakeTimers();
    const memory = new ActionMemory(10, 1_000);
    finish(memory, 'a');
    vi.advanceTimersByTime(999);
    expect(memory.lookup('a', 'Ping')?.kind).toBe('duplicate');
    vi.advanceTimersByTime(2);
    expect(memory.lookup('a', 'Ping')).toBeUndefined();
  });
});
