import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { AmiClient, getFieldString, type AmiEvent } from '@tsami/core';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveState } from '../../src/index.js';
import { closeAll, connectClient, eventually, hasAsterisk, Relay } from './env.js';

const QUEUE = 'tsami-queue';
const f = (event: AmiEvent, name: string): string => getFieldString(event, name) ?? '';

/** What both the model and the lists can say about the test's own objects. */
interface View {
  channels: { uniqueid: string; name: string; state: number; linkedid: string; bridgeId: string }[];
  bridges: { id: string; members: string[] }[];
  members: { interface: string; paused: boolean; membership: string; status: number }[];
}

function modelView(state: LiveState, tag: string): View {
  const channels = [...state.channels.values()]
    .filter((c) => c.uniqueid.startsWith(tag))
    .map((c) => ({
      uniqueid: c.uniqueid,
      name: c.name,
      state: c.state,
      linkedid: c.linkedid,
      bridgeId: c.bridgeId ?? '',
    }));
  const bridges = [...state.bridges.values()]
    .filter((b) => b.members.some((m) => m.startsWith(tag)))
    .map((b) => ({ id: b.id, members: [...b.members].sort() }));
  const members = [...(state.queues.get(QUEUE)?.members.values() ?? [])]
    .filter((m) => m.interface.includes(tag))
    .map((m) => ({ interface: m.interface, paused: m.paused, membership: m.membership, status: m.status }));
  return sortView({ channels, bridges, members });
}

async function listedView(client: AmiClient, tag: string): Promise<View> {
  const [channels, bridges, queue] = await Promise.all([
    client.sendList({ Action: 'CoreShowChannels' }),
    client.sendList({ Action: 'BridgeList' }),
    client.sendList({ Action: 'QueueStatus', Queue: QUEUE }),
  ]);
  const bridgeViews: View['bridges'] = [];
  for (const bridge of bridges.events) {
    const info = await client
      .sendList({ Action: 'BridgeInfo', BridgeUniqueid: f(bridge, 'BridgeUniqueid') })
      .catch(() => undefined);
    const members = (info?.events ?? []).filter((e) => e.Event === 'BridgeInfoChannel').map((e) => f(e, 'Uniqueid'));
    if (members.some((m) => m.startsWith(tag)))
      bridgeViews.push({ id: f(bridge, 'BridgeUniqueid'), members: members.sort() });
  }
  return sortView({
    channels: channels.events
      .filter((c) => f(c, 'Uniqueid').startsWith(tag))
      .map((c) => ({
        uniqueid: f(c, 'Uniqueid'),
        name: f(c, 'Channel'),
        state: Number(f(c, 'ChannelState')),
        linkedid: f(c, 'Linkedid'),
        bridgeId: f(c, 'BridgeId'),
      })),
    bridges: bridgeViews,
    members: queue.events
      .filter((e) => e.Event === 'QueueMember' && f(e, 'Location').includes(tag))
      .map((e) => ({
        interface: f(e, 'Location'),
        paused: f(e, 'Paused') === '1',
        membership: f(e, 'Membership'),
        status: Number(f(e, 'Status')),
      })),
  });
}

function sortView(view: View): View {
  return {
    channels: view.channels.sort((a, b) => a.uniqueid.localeCompare(b.uniqueid)),
    bridges: view.bridges.sort((a, b) => a.id.localeCompare(b.id)),
    members: view.members.sort((a, b) => a.interface.localeCompare(b.interface)),
  };
}

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

// Runs against the real Asterisk 22 (see env.ts); skipped when AMI_URL is not set.
describe.skipIf(!hasAsterisk)('integration: LiveState on the real Asterisk', () => {
  afterAll(closeAll);

  it('starts on Asterisk 22 and holds what the lists hold', async () => {
    const client = await connectClient();
    const state = new LiveState(client);
    await state.start();
    expect(state.synced).toBe(true);
    expect(state.queues.get(QUEUE)?.strategy).toBe('ringall');
    expect(state.queues.get(QUEUE)?.members.get('Local/answer@tsami-test')?.membership).toBe('static');
    expect(JSON.parse(JSON.stringify(state.snapshot()))).toEqual(state.snapshot());
    state.close();
    expect(client.listenerCount('event')).toBe(0);
  });

  it('after a random sequence of calls, bridges, hangups and queue changes, with the connection cut midway, the model equals the lists', async () => {
    const seed = Number(process.env.LIVE_SEED ?? Date.now() % 100_000);
    const pick = random(seed);
    const tag = `tsami-live-${randomUUID().slice(0, 8)}`;
    const relay = await Relay.start();
    const watched = new AmiClient({
      url: relay.url,
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      actionTimeoutMs: 15_000,
    });
    await watched.connect();
    const driver = await connectClient();
    const state = new LiveState(watched);
    await state.start();
    const resynced = once(state, 'synced');

    const alive: string[] = [];
    const members = new Map<string, boolean>(); // interface → paused
    let n = 0;
    const steps: string[] = [];
    try {
      for (let step = 0; step < 24; step++) {
        if (step === 12) {
          steps.push('cut the watched client connection');
          relay.cut();
        }
        const op = pick(6);
        if (op === 0 || alive.length < 2) {
          const id = `${tag}-c${++n}`;
          steps.push(`originate ${id}`);
          await driver.send({
            Action: 'Originate',
            // both halves outlive the test however slow the machine (answer would end after 60 s)
            Channel: 'Local/hold@tsami-test',
            Context: 'tsami-test',
            Exten: pick(2) === 0 ? 'hold' : 'echo',
            Priority: 1,
            Async: 'true',
            ChannelId: `${id}a`,
            OtherChannelId: `${id}b`,
          });
          alive.push(`${id}a`);
        } else if (op === 1) {
          const a = alive[pick(alive.length)]!;
          const b = alive[pick(alive.length)]!;
          if (a === b) continue;
          steps.push(`bridge ${a} ${b}`);
          await driver.send({ Action: 'Bridge', Channel1: a, Channel2: b }).catch(() => undefined);
        } else if (op === 2) {
          const victim = alive.splice(pick(alive.length), 1)[0]!;
          steps.push(`hangup ${victim}`);
          await driver.send({ Action: 'Hangup', Channel: victim, Cause: 16 }).catch(() => undefined);
        } else if (op === 3) {
          const iface = `Local/${tag}-m${++n}@tsami-test`;
          const paused = pick(2) === 0;
          steps.push(`queue add ${iface} paused=${paused}`);
          await driver.send({ Action: 'QueueAdd', Queue: QUEUE, Interface: iface, MemberName: iface, Paused: paused });
          members.set(iface, paused);
        } else if (op === 4 && members.size > 0) {
          const iface = [...members.keys()][pick(members.size)]!;
          const paused = !members.get(iface);
          steps.push(`queue pause ${iface} ${paused}`);
          await driver.send({ Action: 'QueuePause', Queue: QUEUE, Interface: iface, Paused: paused, Reason: 'test' });
          members.set(iface, paused);
        } else if (op === 5 && members.size > 0) {
          const iface = [...members.keys()][pick(members.size)]!;
          steps.push(`queue remove ${iface}`);
          await driver.send({ Action: 'QueueRemove', Queue: QUEUE, Interface: iface });
          members.delete(iface);
        }
      }
      await resynced;
      const expected = await eventually(
        async () => ({ listed: await listedView(driver, tag), model: modelView(state, tag) }),
        ({ listed, model }) => JSON.stringify(listed) === JSON.stringify(model),
      ).catch((error: unknown) => {
        throw new Error(`seed ${seed}, steps:\n${steps.join('\n')}\n${String(error)}`);
      });
      expect(expected.model).toEqual(expected.listed);
      expect(expected.model.channels.length).toBeGreaterThan(0);
      expect(state.synced).toBe(true);
    } finally {
      state.close();
      for (const id of alive) await driver.send({ Action: 'Hangup', Channel: id }).catch(() => undefined);
      for (const iface of members.keys())
        await driver.send({ Action: 'QueueRemove', Queue: QUEUE, Interface: iface }).catch(() => undefined);
      watched.destroy();
      await relay.close();
    }
    expect(watched.listenerCount('event')).toBe(0);
  }, 90_000);
});
