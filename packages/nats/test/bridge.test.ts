import {
  AmiAbortError,
  AmiActionError,
  AmiConnectionError,
  AmiInputError,
  AmiPoolExhaustedError,
  AmiProtocolError,
  AmiTimeoutError,
  type AmiSender,
} from '@tsami/core';
import { FakeAmiServer, eventListFrames } from '@tsami/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { natsSender, wasSent, type BridgeConfig, type LogEntry } from '../src/index.js';
import { NATS_URL, bridgeFor, cleanUp, eventually, hasNats, isolated, natsConnect } from './env.js';

/**
 * Resolves once the bridge has handled every request this sender's connection published before:
 * it answers an invalid request at once, and handles one connection's messages in order.
 */
async function barrier(sender: AmiSender): Promise<void> {
  const error = await sender.send({ Action: 'Ping', ActionID: '' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AmiInputError);
}

describe.skipIf(!hasNats)('bridge: actions over NATS against a fake Asterisk', () => {
  let ami: FakeAmiServer;
  beforeAll(async () => {
    ami = await FakeAmiServer.start({ users: { bridge: 'very-secret-1' } });
  });
  afterEach(cleanUp);
  afterAll(() => ami.close());

  function config(extra: Partial<BridgeConfig['asterisk'][string]> = {}): BridgeConfig & { prefix: string } {
    const { prefix, stream } = isolated();
    return {
      prefix,
      nats: { servers: NATS_URL!, prefix },
      asterisk: { pbx1: { url: ami.url, ...extra } },
      stream: { name: stream, storage: 'memory' },
    };
  }

  /** A bridge with one pooled connection, held by an action that waits until `release()`. */
  async function occupyTheOnlyConnection() {
    const cfg = config({ maxConnections: 1 });
    await bridgeFor(cfg);
    let release!: () => void;
    ami.handle('Hold', (action, connection) => {
      release = () => connection.respond(action, {});
      return undefined;
    });
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const holding = sender.send({ Action: 'Hold' });
    await eventually(() => ami.received.some((r) => r.Action === 'Hold'), Boolean);
    return { sender, holding, release: () => release() };
  }

  it('answers an action with the response, and a list with all its events', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    ami.handle('CoreShowChannels', (action, connection) => {
      connection.write(
        eventListFrames(
          action.ActionID!,
          [{ Event: 'CoreShowChannel', Channel: 'Local/a' }],
          'CoreShowChannelsComplete',
        ),
      );
      return undefined;
    });
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const pong = await sender.send({ Action: 'Ping' });
    expect(pong.Ping).toBe('Pong');
    // A bigint header (JSON has none) reaches Asterisk as its decimal text.
    await sender.send({ Action: 'Ping', Big: 12345678901234567890n });
    expect(ami.received.at(-1)).toMatchObject({ Action: 'Ping', Big: '12345678901234567890' });
    const list = await sender.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' });
    expect(list.events.map((e) => e.Channel)).toEqual(['Local/a']);
    expect(list.complete.Event).toBe('CoreShowChannelsComplete');
  });

  it("rebuilds core's error classes with code, response and sent", async () => {
    const cfg = config();
    await bridgeFor(cfg);
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const error = await sender.send({ Action: 'NoSuchThing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).response.Message).toBe('Invalid/unknown command');
    expect(wasSent(error)).toBe(true);
  });

  it('runs a repeated ActionID once and answers both with the first outcome', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    let answer!: () => void;
    ami.handle('UserEvent', (action, connection) => {
      answer = () => connection.respond(action, { Message: 'Event Sent' });
      return undefined;
    });
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const before = ami.received.length;
    const action = { Action: 'UserEvent', UserEvent: 'once', ActionID: 'dedup-1' };
    const first = sender.send(action);
    const retry = sender.send(action);
    await eventually(
      () => ami.received.length,
      (n) => n > before,
    );
    answer();
    const [a, b] = await Promise.all([first, retry]);
    expect(a).toEqual(b);
    // ...and once more after it finished
    expect(await sender.send(action)).toEqual(a);
    expect(ami.received.slice(before).filter((r) => r.ActionID === 'dedup-1')).toHaveLength(1);
  });

  it('refuses an ActionID reused for another action, without sending it', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    await sender.send({ Action: 'Ping', ActionID: 'reused-1' });
    const error = await sender.send({ Action: 'Hangup', Channel: 'x', ActionID: 'reused-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiInputError);
    expect(wasSent(error)).toBe(false);
    expect(ami.received.filter((r) => r.Action === 'Hangup')).toHaveLength(0);
  });

  it('refuses actions beyond maxInFlightActions, unsent', async () => {
    const cfg = config({ maxInFlightActions: 2, maxConnections: 4 });
    await bridgeFor(cfg);
    const held: (() => void)[] = [];
    ami.handle('Hold', (action, connection) => {
      held.push(() => connection.respond(action, {}));
      return undefined;
    });
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const running = [sender.send({ Action: 'Hold', ActionID: 'first' }), sender.send({ Action: 'Hold' })];
    await eventually(
      () => held.length,
      (n) => n === 2,
    );
    const refused = await sender.send({ Action: 'Hold', ActionID: 'third' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AmiPoolExhaustedError);
    expect(wasSent(refused)).toBe(false);
    expect(ami.received.some((r) => r.ActionID === 'third')).toBe(false);
    // A retry of a running one is no new action: it waits for the first outcome, never "unsent".
    const retry = sender.send({ Action: 'Hold', ActionID: 'first' });
    for (const answer of held) answer();
    await Promise.all(running);
    expect((await retry).Response).toBe('Success');
    expect(ami.received.filter((r) => r.ActionID === 'first')).toHaveLength(1);
  });

  it('carries the timeout: an action still waiting for a connection times out unsent and is never written', async () => {
    const { sender, holding, release } = await occupyTheOnlyConnection();
    const error = await sender
      .send({ Action: 'Ping', ActionID: 'late-ping' }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    // the pool says why no connection came: all in use
    expect(error).toBeInstanceOf(AmiPoolExhaustedError);
    expect(wasSent(error)).toBe(false);
    release();
    await holding;
    await sender.send({ Action: 'Ping' });
    expect(ami.received.some((r) => r.ActionID === 'late-ping')).toBe(false);
  });

  it('an answer that never comes times out at the bridge, as maybe sent', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    ami.handle('Silent', () => undefined);
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const error = await sender.send({ Action: 'Silent' }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect((error as AmiTimeoutError).message).toContain('over NATS');
    expect(wasSent(error)).toBe(true);
  });

  it('abort cancels the wait at the bridge: an action not yet written is never written', async () => {
    const { sender, holding, release } = await occupyTheOnlyConnection();
    const controller = new AbortController();
    const waiting = sender
      .send({ Action: 'Ping', ActionID: 'aborted-ping' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await barrier(sender);
    controller.abort();
    const error = await waiting;
    expect(error).toBeInstanceOf(AmiAbortError);
    // The cancel notice went out before the barrier request: the bridge has handled it when the barrier is answered.
    await barrier(sender);
    release();
    await holding;
    await sender.send({ Action: 'Ping' });
    expect(ami.received.some((r) => r.ActionID === 'aborted-ping')).toBe(false);
  });

  it('answers an answer too big for NATS with AMI_PROTOCOL instead of silence', async () => {
    const cfg = config();
    await bridgeFor(cfg);
    ami.handle('BigList', (action, connection) => {
      const items = Array.from({ length: 1_500 }, (_, i) => ({ Event: 'BigItem', N: i, Filler: 'x'.repeat(1_000) }));
      connection.write(eventListFrames(action.ActionID!, items, 'BigListComplete'));
      return undefined;
    });
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix: cfg.prefix });
    const error = await sender
      .sendList({ Action: 'BigList' }, { completeEvent: 'BigListComplete' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiProtocolError);
    expect((error as Error).message).toContain('max_payload');
    expect(wasSent(error)).toBe(true);
  });

  it('does not run an action published without a reply subject', async () => {
    // One connection: the Ping below runs after anything the bridge started before it.
    const cfg = config({ maxConnections: 1 });
    await bridgeFor(cfg);
    const nc = await natsConnect();
    const sender = natsSender(nc, 'pbx1', { prefix: cfg.prefix });
    nc.publish(
      `${cfg.prefix}.pbx1.action`,
      JSON.stringify({ action: { Action: 'UserEvent', UserEvent: 'fire-and-forget', ActionID: 'no-reply' } }),
    );
    await barrier(sender);
    await sender.send({ Action: 'Ping' });
    expect(ami.received.some((r) => r.ActionID === 'no-reply')).toBe(false);
  });

  it('without a bridge, fails at once as unsent', async () => {
    const { prefix } = isolated();
    const sender = natsSender(await natsConnect(), 'nobody', { prefix });
    const error = await sender.send({ Action: 'Ping' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(wasSent(error)).toBe(false);
  });

  it('keeps the secret out of logs, status and errors', async () => {
    const { prefix, stream } = isolated();
    const logs: LogEntry[] = [];
    const wrong = ami.url.replace('very-secret-1', 'wrong-secret-2');
    await bridgeFor(
      {
        nats: { servers: NATS_URL!, prefix },
        asterisk: { pbx1: { url: wrong } },
        stream: { name: stream, storage: 'memory' },
      },
      logs,
    );
    const sender = natsSender(await natsConnect(), 'pbx1', { prefix });
    const error = (await sender.send({ Action: 'Ping' }).catch((e: unknown) => e)) as Error;
    await eventually(
      () => logs.length,
      (n) => n > 1,
    );
    const everything = JSON.stringify(logs) + error.message + JSON.stringify(error);
    expect(everything).not.toContain('wrong-secret-2');
    expect(everything).not.toContain('very-secret-1');
  });
});
