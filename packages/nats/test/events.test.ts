import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { FakeAmiServer } from '@tsami/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { natsEvents, type BridgeStatus, type BusEvent, type BusGap } from '../src/index.js';
import { NATS_URL, bridgeFor, cleanUp, eventually, hasNats, isolated, natsConnect } from './env.js';
import { startOwnNatsServer } from './nats-process.js';
import { NatsRelay } from './nats-relay.js';

describe.skipIf(!hasNats)('bridge: events into the stream, read by a durable consumer (fake Asterisk)', () => {
  let ami: FakeAmiServer;
  beforeAll(async () => {
    ami = await FakeAmiServer.start();
  });
  afterEach(cleanUp);
  afterAll(() => ami.close());

  /** Reads into `into` until `signal` fires. */
  async function drain(iterator: AsyncIterable<BusEvent>, into: BusEvent[]): Promise<void> {
    for await (const item of iterator) into.push(item);
  }

  it('publishes each event with server and receive time; the consumer filters by name', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url } },
      stream: { name: stream, storage: 'memory' },
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const js = jetstream(await natsConnect());
    const controller = new AbortController();
    const events = natsEvents(js, { prefix, stream, durable: 'names', names: ['Hangup'], signal: controller.signal });
    await events.ready;
    const got: BusEvent[] = [];
    const reading = drain(events, got);
    const before = Date.now();
    ami.broadcastEvent('Newchannel', { Uniqueid: '1.1' });
    ami.broadcastEvent('Hangup', { Uniqueid: '1.1', Cause: 16 });
    await eventually(
      () => got.length,
      (n) => n >= 1,
    );
    controller.abort();
    await reading;
    expect(got).toHaveLength(1);
    expect(got[0]!.server).toBe('pbx1');
    expect(got[0]!.event).toMatchObject({ Event: 'Hangup', Uniqueid: '1.1', Cause: '16' });
    expect(got[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('publishes a gap when the AMI connection dropped', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url, client: { reconnect: { initialDelayMs: 10, maxDelayMs: 50 } } } },
      stream: { name: stream, storage: 'memory' },
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const js = jetstream(await natsConnect());
    const controller = new AbortController();
    const gaps: BusGap[] = [];
    const statuses: BridgeStatus[] = [];
    const events = natsEvents(js, {
      prefix,
      stream,
      durable: 'gaps',
      signal: controller.signal,
      onGap: (gap) => gaps.push(gap),
      onStatus: (status) => statuses.push(status),
    });
    await events.ready;
    const got: BusEvent[] = [];
    const reading = drain(events, got);
    ami.dropAll();
    await eventually(() => statuses.some((s) => s.state === 'connected'), Boolean);
    await eventually(
      () => ami.connections.size,
      (n) => n >= 1,
    );
    ami.broadcastEvent('FullyBooted', {});
    await eventually(
      () => got.length,
      (n) => n >= 1,
    );
    controller.abort();
    await reading;
    expect(gaps).toEqual([expect.objectContaining({ server: 'pbx1', reason: 'reconnect' })]);
    expect(statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(['disconnected', 'gap', 'reconnecting', 'connected']),
    );
  });

  it('bounds the publish backlog: events beyond maxPendingPublishes are dropped and reported as a gap', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url } },
      stream: { name: stream, storage: 'memory' },
      maxPendingPublishes: 1,
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const js = jetstream(await natsConnect());
    const controller = new AbortController();
    const gaps: BusGap[] = [];
    const events = natsEvents(js, {
      prefix,
      stream,
      durable: 'backlog',
      signal: controller.signal,
      onGap: (gap) => gaps.push(gap),
    });
    await events.ready;
    const got: BusEvent[] = [];
    const reading = drain(events, got);
    // One write: the bridge parses all of them in one go, while the first publish awaits its ack.
    ami.broadcastRaw(Array.from({ length: 50 }, (_, i) => `Event: UserEvent\r\nN: ${i}\r\n\r\n`).join(''));
    await eventually(
      () => gaps.length,
      (n) => n >= 1,
    );
    ami.broadcastEvent('UserEvent', { N: 'after' });
    await eventually(() => got.some((e) => e.event.N === 'after'), Boolean);
    controller.abort();
    await reading;
    expect(gaps[0]).toMatchObject({ server: 'pbx1', reason: 'backlog' });
    expect(got.length - 1 + gaps[0]!.dropped).toBe(50);
  });

  it('hands back what a stopped consumer had pulled: the next instance of the durable gets it at once', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url } },
      stream: { name: stream, storage: 'memory' },
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const js = jetstream(await natsConnect());
    // A long ack wait: a message not handed back would not return within this test.
    const first = natsEvents(js, { prefix, stream, durable: 'handback', ackWaitMs: 120_000 });
    await first.ready;
    ami.broadcastRaw(Array.from({ length: 20 }, (_, i) => `Event: UserEvent\r\nN: ${i}\r\n\r\n`).join(''));
    const seen: string[] = [];
    for await (const item of first) {
      seen.push(String(item.event.N));
      if (seen.length === 5) break;
    }
    const controller = new AbortController();
    const second = natsEvents(js, { prefix, stream, durable: 'handback', signal: controller.signal });
    const rest: BusEvent[] = [];
    const reading = drain(second, rest);
    await eventually(
      () => new Set([...seen.slice(0, 4), ...rest.map((e) => String(e.event.N))]).size,
      (n) => n === 20,
      10_000,
    );
    controller.abort();
    await reading;
    // The fifth was being handled when the loop broke: it comes again.
    expect(rest.map((e) => String(e.event.N))).toContain(seen[4]);
  });

  it('hands back what was still on the wire when the loop stopped, not only what it had received', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url } },
      stream: { name: stream, storage: 'memory' },
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const relay = await NatsRelay.start(NATS_URL!);
    try {
      const jsm = await jetstreamManager(await natsConnect());
      // A long ack wait: an event not handed back would not come again within this test.
      const first = natsEvents(jetstream(await natsConnect(relay.url)), {
        prefix,
        stream,
        durable: 'wire',
        names: ['UserEvent'],
        ackWaitMs: 120_000,
      });
      await first.ready;
      ami.broadcastEvent('UserEvent', { N: '0' });
      for await (const item of first) {
        expect(item.event.N).toBe('0');
        // The server sends five more to the open pull; the relay keeps them on the wire until
        // the client unsubscribes.
        relay.hold();
        ami.broadcastRaw(Array.from({ length: 5 }, (_, i) => `Event: UserEvent\r\nN: ${i + 1}\r\n\r\n`).join(''));
        await eventually(
          () => jsm.consumers.info(stream, 'wire'),
          (info) => info.num_pending === 0 && info.num_ack_pending >= 6,
        );
        expect(relay.heldBytes).toBeGreaterThan(0);
        relay.releaseWhenClientSends('UNSUB');
        break;
      }

      const controller = new AbortController();
      const second = natsEvents(jetstream(await natsConnect()), {
        prefix,
        stream,
        durable: 'wire',
        names: ['UserEvent'],
        signal: controller.signal,
      });
      const rest: BusEvent[] = [];
      const reading = drain(second, rest);
      await eventually(
        () => new Set(rest.map((e) => String(e.event.N))).size,
        (n) => n === 6,
        10_000,
      ).finally(() => controller.abort());
      await reading;
      expect(new Set(rest.map((e) => String(e.event.N)))).toEqual(new Set(['0', '1', '2', '3', '4', '5']));
    } finally {
      await relay.close();
    }
  });

  it('instances with the same durable share the events: each one goes to one of them', async () => {
    const { prefix, stream } = isolated();
    await bridgeFor({
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url } },
      stream: { name: stream, storage: 'memory' },
    });
    await eventually(
      () => ami.connections.size,
      (n) => n >= 2,
    );
    const controller = new AbortController();
    const options = { prefix, stream, durable: 'shared', names: ['UserEvent'], prefetch: 4, signal: controller.signal };
    const a = natsEvents(jetstream(await natsConnect()), options);
    await a.ready;
    const b = natsEvents(jetstream(await natsConnect()), options);
    const gotA: BusEvent[] = [];
    const gotB: BusEvent[] = [];
    const reading = Promise.all([drain(a, gotA), drain(b, gotB)]);
    ami.broadcastRaw(Array.from({ length: 40 }, (_, i) => `Event: UserEvent\r\nN: ${i}\r\n\r\n`).join(''));
    await eventually(
      () => new Set([...gotA, ...gotB].map((e) => e.event.N)).size,
      (n) => n === 40,
    );
    controller.abort();
    await reading;
    expect(gotA.length + gotB.length).toBe(40);
  });

  it('counts events NATS did not acknowledge while it was down, and publishes them as a gap once it is back', async () => {
    const nats = await startOwnNatsServer();
    try {
      const { prefix, stream } = isolated();
      const bridge = await bridgeFor({
        nats: { servers: nats.url, prefix, options: { reconnectTimeWait: 100 } },
        asterisk: { pbx1: { url: ami.url } },
        stream: { name: stream },
        publishAckTimeoutMs: 200,
      });
      await eventually(
        () => ami.connections.size,
        (n) => n >= 2,
      );
      const js = jetstream(await natsConnect(nats.url));
      const controller = new AbortController();
      const gaps: BusGap[] = [];
      const events = natsEvents(js, {
        prefix,
        stream,
        durable: 'outage',
        signal: controller.signal,
        onGap: (gap) => gaps.push(gap),
      });
      await events.ready;
      const got: BusEvent[] = [];
      const reading = drain(events, got);
      // The consumer is pulling before NATS goes away.
      ami.broadcastEvent('UserEvent', { N: 'first' });
      await eventually(
        () => got.length,
        (n) => n >= 1,
      );
      await nats.stop();
      for (let i = 0; i < 10; i++) ami.broadcastEvent('UserEvent', { N: i });
      const load = () => bridge.servers.get('pbx1')!.load.pendingPublishes;
      await eventually(load, (n) => n > 0);
      // Past the ack timeout the sweep counts them as lost.
      await eventually(load, (n) => n === 0);
      await nats.start();
      await eventually(
        () => {
          ami.broadcastEvent('UserEvent', { N: 'probe' });
          return gaps.length;
        },
        (n) => n >= 1,
      );
      controller.abort();
      await reading;
      expect(gaps[0]).toMatchObject({ server: 'pbx1', reason: 'backlog' });
      // The ten, and any probe sent before the connection was back.
      expect(gaps[0]!.dropped).toBeGreaterThanOrEqual(10);
    } finally {
      await cleanUp();
      await nats.destroy();
    }
  });
});
