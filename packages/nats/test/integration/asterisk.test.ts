import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { coreShowChannels, getvar, hangup, originate, ping } from '@tsami/ami-v22';
import { AmiActionError, type AmiSender } from '@tsami/core';
import { FakeAmiServer } from '@tsami/core/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  natsEvents,
  natsSender,
  wasSent,
  type BridgeConfig,
  type BridgeStatus,
  type BusEvent,
} from '../../src/index.js';
import {
  AMI_URL,
  NATS_URL,
  bridgeFor,
  cleanUp,
  eventually,
  hasAsterisk,
  hasNats,
  isolated,
  natsConnect,
} from '../env.js';
import { startOwnNatsServer, type OwnNatsServer } from '../nats-process.js';

/** Starts a short call into the sandbox's dialplan (`hangup`: answer, hang up at once) and returns its two Uniqueids. */
async function shortCall(sender: AmiSender): Promise<[string, string]> {
  const one = randomUUID();
  const two = randomUUID();
  await originate(sender, {
    Channel: 'Local/hangup@tsami-test',
    Application: 'Wait',
    Data: '1',
    Async: true,
    ChannelId: one,
    OtherChannelId: two,
  });
  return [one, two];
}

/** Reads `events` in the background; `items` fills as they arrive. */
function collect(events: AsyncIterable<BusEvent>): { items: BusEvent[]; done: Promise<void> } {
  const items: BusEvent[] = [];
  const done = (async () => {
    for await (const item of events) items.push(item);
  })();
  return { items, done };
}

const hungUp = (items: readonly BusEvent[], uniqueids: readonly string[]): boolean =>
  uniqueids.every((id) => items.some((i) => i.event.Event === 'Hangup' && i.event.Uniqueid === id));

// Runs against a real nats-server and a real Asterisk; skipped unless NATS_URL and AMI_URL are set.
describe.skipIf(!(hasNats && hasAsterisk))('integration: Asterisk over NATS', () => {
  const own: OwnNatsServer[] = [];
  afterEach(cleanUp);
  afterAll(async () => {
    await Promise.allSettled(own.map((server) => server.destroy()));
  });

  function config(
    natsUrl = NATS_URL!,
    storage: 'file' | 'memory' = 'memory',
  ): BridgeConfig & { prefix: string; streamName: string } {
    const { prefix, stream } = isolated();
    return {
      prefix,
      streamName: stream,
      nats: { servers: natsUrl, prefix },
      asterisk: { pbx1: { url: AMI_URL! } },
      stream: { name: stream, storage },
    };
  }

  it('runs generated actions over the bus: Ping, Getvar, a CoreShowChannels list, and an error', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    const pbx1 = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    expect((await ping(pbx1)).Ping).toBe('Pong');
    expect((await getvar(pbx1, { Variable: 'TSAMI_GLOBAL' })).Value).toBe('tsami-global-value');
    const channels = await coreShowChannels(pbx1);
    expect(channels.response.Response).toBe('Success');
    expect(channels.complete.Event).toBe('CoreShowChannelsComplete');
    expect(Number(channels.complete.ListItems)).toBe(channels.events.length);
    const error = await hangup(pbx1, { Channel: `PJSIP/tsami-missing-${randomUUID()}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).response.Message).toBe('No such channel');
    expect(wasSent(error)).toBe(true);
  });

  it('delivers the events of a call to a durable consumer', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    const nc = await natsConnect();
    const controller = new AbortController();
    const events = natsEvents(jetstream(nc), {
      prefix: cfg.prefix,
      stream: cfg.streamName,
      durable: 'calls',
      names: ['Newchannel', 'Hangup'],
      signal: controller.signal,
    });
    await events.ready;
    const { items, done } = collect(events);
    const call = await shortCall(natsSender(nc, 'pbx1', { prefix: cfg.prefix }));
    await eventually(
      () => items,
      (i) => hungUp(i, call),
    );
    controller.abort();
    await done;
    const newchannel = items.find((i) => i.event.Event === 'Newchannel' && i.event.Uniqueid === call[0]);
    expect(newchannel?.server).toBe('pbx1');
    expect(items.every((i) => i.event.Event === 'Newchannel' || i.event.Event === 'Hangup')).toBe(true);
  });

  it('a restarted consumer continues where it stopped, without loss', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    const nc = await natsConnect();
    const js = jetstream(nc);
    const sender = natsSender(nc, 'pbx1', { prefix: cfg.prefix });
    const options = { prefix: cfg.prefix, stream: cfg.streamName, durable: 'restarting', names: ['Hangup'] };
    // A second durable watches everything, to know when the calls made meanwhile are over.
    const watchStop = new AbortController();
    const watcher = natsEvents(js, { ...options, durable: 'watcher', signal: watchStop.signal });
    const first = natsEvents(js, options);
    await Promise.all([first.ready, watcher.ready]);
    const watched = collect(watcher);

    const call1 = await shortCall(sender);
    const seen: BusEvent[] = [];
    for await (const item of first) {
      seen.push(item);
      if (hungUp(seen, call1)) break;
    }
    // Nobody reads `restarting` while these calls happen.
    const call2 = await shortCall(sender);
    const call3 = await shortCall(sender);
    await eventually(
      () => watched.items,
      (i) => hungUp(i, [...call2, ...call3]),
    );

    const controller = new AbortController();
    const second = collect(natsEvents(js, { ...options, signal: controller.signal }));
    await eventually(
      () => second.items,
      (i) => hungUp(i, [...call2, ...call3]),
    );
    controller.abort();
    watchStop.abort();
    await Promise.all([second.done, watched.done]);
  });

  it('a restarted bridge serves again, and the consumer reads on through it', async () => {
    const cfg = config();
    const bridge = await bridgeFor(cfg);
    const nc = await natsConnect();
    const sender = natsSender(nc, 'pbx1', { prefix: cfg.prefix });
    const statuses: BridgeStatus[] = [];
    const controller = new AbortController();
    const events = natsEvents(jetstream(nc), {
      prefix: cfg.prefix,
      stream: cfg.streamName,
      durable: 'through-restart',
      names: ['Hangup'],
      signal: controller.signal,
      onStatus: (s) => statuses.push(s),
    });
    await events.ready;
    const { items, done } = collect(events);
    const before = await shortCall(sender);
    await eventually(
      () => items,
      (i) => hungUp(i, before),
    );

    await bridge.close();
    await bridgeFor(cfg);
    expect((await ping(sender)).Ping).toBe('Pong');
    const after = await shortCall(sender);
    await eventually(
      () => items,
      (i) => hungUp(i, after),
    );
    controller.abort();
    await done;
    const states = statuses.map((s) => s.state);
    expect(states.indexOf('closed')).toBeGreaterThan(-1);
    expect(states.lastIndexOf('connected')).toBeGreaterThan(states.indexOf('closed'));
  });

  it('survives a NATS restart: the bridge and the consumer reconnect, the durable keeps its place', async () => {
    const server = await startOwnNatsServer();
    own.push(server);
    const cfg = config(server.url, 'file');
    await bridgeFor(cfg);
    const nc = await natsConnect(server.url);
    const sender = natsSender(nc, 'pbx1', { prefix: cfg.prefix });
    const controller = new AbortController();
    const events = natsEvents(jetstream(nc), {
      prefix: cfg.prefix,
      stream: cfg.streamName,
      durable: 'nats-restart',
      names: ['Hangup'],
      signal: controller.signal,
    });
    await events.ready;
    const { items, done } = collect(events);
    const before = await shortCall(sender);
    await eventually(
      () => items,
      (i) => hungUp(i, before),
    );

    await server.stop();
    await server.start();
    // Both connections come back by themselves; the bridge answers again.
    await eventually(
      () =>
        ping(sender).then(
          (r) => r.Ping,
          () => undefined,
        ),
      (pong) => pong === 'Pong',
      30_000,
    );
    const after = await shortCall(sender);
    await eventually(
      () => items,
      (i) => hungUp(i, after),
      30_000,
    );
    controller.abort();
    await done;
  });

  it('two bridges for two servers feed one consumer', async () => {
    const fake = await FakeAmiServer.start();
    try {
      const cfg = config();
      await bridgeFor(cfg);
      await bridgeFor({ ...cfg, asterisk: { pbx2: { url: fake.url } } });
      await eventually(
        () => fake.connections.size,
        (n) => n >= 2,
      );
      const nc = await natsConnect();
      const controller = new AbortController();
      const events = natsEvents(jetstream(nc), {
        prefix: cfg.prefix,
        stream: cfg.streamName,
        durable: 'fleet',
        servers: ['pbx1', 'pbx2'],
        names: ['Hangup'],
        signal: controller.signal,
      });
      await events.ready;
      const { items, done } = collect(events);
      const call = await shortCall(natsSender(nc, 'pbx1', { prefix: cfg.prefix }));
      fake.broadcastEvent('Hangup', { Uniqueid: 'pbx2-call', Cause: 16 });
      await eventually(
        () => items,
        (i) => hungUp(i, [...call, 'pbx2-call']),
      );
      controller.abort();
      await done;
      expect(items.find((i) => i.event.Uniqueid === 'pbx2-call')?.server).toBe('pbx2');
      expect(items.find((i) => i.event.Uniqueid === call[0])?.server).toBe('pbx1');
      // Actions go to the right server.
      expect((await ping(natsSender(nc, 'pbx2', { prefix: cfg.prefix }))).Ping).toBe('Pong');
    } finally {
      await cleanUp();
      await fake.close();
    }
  });
});
