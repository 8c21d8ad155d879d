import fc from 'fast-check';
import { AmiClient, type AmiMessage } from '@tsami/core';
import {
  FakeAmiServer,
  eventListFrames,
  frame,
  type FakeAmiConnection,
  type ReceivedAction,
} from '@tsami/core/testing';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CallAbortedError,
  CallFailedError,
  CallLostError,
  LiveLimitError,
  originateCall,
  SETTLE_MS,
  type Call,
  type CallEnd,
  type CallState,
} from '../src/index.js';
import { loadCall, withIds, type CallScenario } from './fixtures.js';

let server: FakeAmiServer;
let client: AmiClient;

/** How the fake server orders a call's recorded messages before sending them. */
type Order = (messages: AmiMessage[]) => AmiMessage[];

const recorded: Order = (messages) => messages;

/** Makes the server answer each Originate with the recording of the scenario its channel names. */
function serveRecordings(order: Order = recorded): void {
  server.handle('Originate', (action: ReceivedAction, connection: FakeAmiConnection) => {
    const scenario = /^Local\/(\w+)@/.exec(String(action.Channel))?.[1] as CallScenario;
    const messages = withIds(loadCall(scenario), {
      actionId: String(action.ActionID),
      channelId: String(action.ChannelId),
      otherChannelId: String(action.OtherChannelId),
    });
    connection.write(
      order(messages)
        .map((m) => frame(m))
        .join(''),
    );
    return undefined;
  });
}

function call(scenario: CallScenario, options: Parameters<typeof originateCall>[2] = {}): Call {
  return originateCall(client, { channel: `Local/${scenario}@tsami-test`, application: 'Wait', data: '1' }, options);
}

async function failure(c: Call): Promise<CallFailedError> {
  const error = await c.answered.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallFailedError);
  return error as CallFailedError;
}

beforeEach(async () => {
  server = await FakeAmiServer.start();
  client = new AmiClient({ url: server.url, reconnect: false });
  await client.connect();
});

afterEach(async () => {
  client.destroy();
  await server.close();
  vi.useRealTimers();
});

describe('originateCall on recorded Asterisk 22 calls', () => {
  it('answered: answered resolves, the states go dialing → answered → ended', async () => {
    serveRecordings();
    const c = call('answer');
    const states: CallState[] = [];
    c.on('state', (state) => states.push(state));
    await c.answered;
    const end = await c.ended;
    // The originated channel ran Wait(1) and hung up when it returned: Asterisk says cause 0 then.
    expect(end).toEqual({ cause: 0, causeText: 'Unknown', answered: true, outcome: 'answered' });
    expect(states).toEqual(['answered', 'ended']);
    expect(c.channel).toMatch(/^Local\/answer@tsami-test-[0-9a-f]{8};1$/);
  });

  it('busy: answered rejects with outcome busy, cause 17 and the Local reason 0', async () => {
    serveRecordings();
    const c = call('busy');
    const error = await failure(c);
    expect(error).toMatchObject({
      code: 'LIVE_CALL_FAILED',
      outcome: 'busy',
      hangupCause: 17,
      reason: 0,
      dialStatus: 'BUSY',
    });
    expect(await c.ended).toEqual({ cause: 17, causeText: 'User busy', answered: false, outcome: 'busy' });
  });

  it('no answer: outcome no-answer, cause 19, reason 3 (ring timeout)', async () => {
    serveRecordings();
    const error = await failure(call('noanswer'));
    expect(error).toMatchObject({ outcome: 'no-answer', hangupCause: 19, reason: 3, reasonText: 'ring timeout' });
  });

  it('answered and hung up at once by the called side', async () => {
    serveRecordings();
    const c = call('hangup');
    await c.answered;
    expect(await c.ended).toMatchObject({ cause: 16, answered: true });
  });

  it('no such extension: the called half ran no dialplan', async () => {
    serveRecordings();
    const error = await failure(call('nosuchext'));
    expect(error).toMatchObject({ outcome: 'no-such-extension', hangupCause: 0, reason: 0 });
  });

  it('sends one Async Originate with the ids it tracks, and nothing else', async () => {
    serveRecordings();
    const c = call('answer');
    await c.ended;
    const originates = server.received.filter((a) => a.Action === 'Originate');
    expect(originates).toHaveLength(1);
    expect(originates[0]).toMatchObject({
      Async: 'true',
      ChannelId: c.channelId,
      OtherChannelId: c.otherChannelId,
      ActionID: c.actionId,
    });
    expect(server.received.map((a) => a.Action)).not.toContain('Hangup');
  });

  const outcomes: Record<Exclude<CallScenario, 'nosuchext'>, { answered: boolean; cause: number }> = {
    answer: { answered: true, cause: 0 },
    busy: { answered: false, cause: 17 },
    noanswer: { answered: false, cause: 19 },
    hangup: { answered: true, cause: 16 },
  };

  it('any order of the recorded messages gives the same outcome and cause', async () => {
    const scenario = fc.constantFrom(...(Object.keys(outcomes) as (keyof typeof outcomes)[]));
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer(), async (name, seed) => {
        serveRecordings((messages) => shuffle(messages, seed));
        const c = call(name);
        const answered = await c.answered.then(
          () => true,
          () => false,
        );
        const end = await c.ended;
        expect({ answered, cause: end.cause }).toEqual(outcomes[name]);
      }),
      { numRuns: 60 },
    );
  });

  it('parallel calls on one client, their messages interleaved at random, each get their own outcome', async () => {
    const pending: { connection: FakeAmiConnection; messages: AmiMessage[] }[] = [];
    server.handle('Originate', (action, connection) => {
      const scenario = /^Local\/(\w+)@/.exec(String(action.Channel))?.[1] as CallScenario;
      const messages = withIds(loadCall(scenario), {
        actionId: String(action.ActionID),
        channelId: String(action.ChannelId),
        otherChannelId: String(action.OtherChannelId),
      });
      pending.push({ connection, messages });
      if (pending.length === 40) {
        // Interleave all 40 recordings, each keeping its own order.
        const queues = pending.map((p) => [...p.messages]);
        let out = '';
        let rng = 7;
        while (queues.some((q) => q.length > 0)) {
          rng = (rng * 1103515245 + 12345) % 2 ** 31;
          const live = queues.filter((q) => q.length > 0);
          out += frame(live[rng % live.length]!.shift()!);
        }
        connection.write(out);
      }
      return undefined;
    });
    const names = Object.keys(outcomes) as (keyof typeof outcomes)[];
    const baseline = client.listenerCount('event');
    const calls = Array.from({ length: 40 }, (_, i) => ({
      name: names[i % names.length]!,
      call: call(names[i % names.length]!),
    }));
    expect(client.listenerCount('event')).toBe(baseline + 1);
    for (const { name, call: c } of calls) {
      const answered = await c.answered.then(
        () => true,
        () => false,
      );
      expect({ answered, cause: (await c.ended).cause }).toEqual(outcomes[name]);
    }
    expect(client.listenerCount('event')).toBe(baseline);
    expect(client.listenerCount('gap')).toBe(0);
    expect(client.listenerCount('reconnected')).toBe(0);
  });

  it('a signal fired before the Originate is written: nothing is sent, answered rejects, ended resolves', async () => {
    serveRecordings();
    const c = call('answer', { signal: AbortSignal.abort() });
    await expect(c.answered).rejects.toBeInstanceOf(CallAbortedError);
    expect(await c.ended).toMatchObject({ answered: false, outcome: 'cancelled' });
    await client.send({ Action: 'Ping' });
    expect(server.received.map((a) => a.Action)).not.toContain('Originate');
  });

  it('a signal fired while ringing hangs the channel up by its id', async () => {
    const controller = new AbortController();
    const hangups: ReceivedAction[] = [];
    let connection!: FakeAmiConnection;
    let messages: AmiMessage[] = [];
    server.handle('Originate', (action, conn) => {
      connection = conn;
      messages = withIds(loadCall('noanswer'), {
        actionId: String(action.ActionID),
        channelId: String(action.ChannelId),
        otherChannelId: String(action.OtherChannelId),
      });
      // Only the channels' creation: the call rings.
      conn.write(
        messages
          .filter((m) => m.Event === 'Newchannel')
          .map((m) => frame(m))
          .join(''),
      );
      return { Message: 'Originate successfully queued' };
    });
    server.handle('Hangup', (action) => {
      hangups.push(action);
      // What Asterisk then reports: the hangup and the failed originate.
      connection.write(
        messages
          .filter((m) => m.Event === 'Hangup' || m.Event === 'OriginateResponse')
          .map((m) => frame(m))
          .join(''),
      );
      return { Message: 'Channel Hungup' };
    });
    const c = call('noanswer', { signal: controller.signal });
    await new Promise<void>((resolve) => c.once('event', () => resolve()));
    controller.abort();
    await expect(c.answered).rejects.toBeInstanceOf(CallAbortedError);
    expect(await c.ended).toMatchObject({ answered: false, outcome: 'cancelled' });
    expect(hangups).toHaveLength(1);
    expect(hangups[0]!.Channel).toBe(c.channelId);
  });

  it('a refused Originate fails the call at once', async () => {
    server.handle('Originate', () => ({ Response: 'Error', Message: 'Permission denied' }));
    const c = call('answer');
    const error = await failure(c);
    expect(error.outcome).toBe('failed');
    expect(await c.ended).toMatchObject({ cause: 0, answered: false });
  });

  it('a failed OriginateResponse with no channel settles after SETTLE_MS with the reason as cause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.handle('Originate', (action, connection) => {
      connection.write(
        frame({
          Event: 'OriginateResponse',
          ActionID: String(action.ActionID),
          Response: 'Failure',
          Reason: '5',
          Uniqueid: String(action.ChannelId),
        }),
      );
      return undefined;
    });
    const c = call('busy');
    const ended = vi.fn<(end: CallEnd) => void>();
    c.on('ended', ended);
    await new Promise<void>((resolve) => c.once('event', () => resolve()));
    expect(ended).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(ended).toHaveBeenCalledWith({ cause: 17, causeText: 'User busy', answered: false, outcome: 'busy' });
  });

  it('no outcome from Asterisk: hung up from here after timeoutMs plus a grace period, then settled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.handle('Originate', () => ({ Message: 'Originate successfully queued' }));
    const c = call('noanswer', { timeoutMs: 1_000 });
    await client.send({ Action: 'Ping' });
    vi.advanceTimersByTime(1_000 + 5_000);
    vi.advanceTimersByTime(SETTLE_MS);
    await expect(c.answered).rejects.toMatchObject({ code: 'LIVE_CALL_TIMEOUT', timeoutMs: 1_000 });
    expect(await c.ended).toMatchObject({ answered: false });
  });

  it('maxCalls bounds the calls tracked on one client; nothing is sent beyond it', async () => {
    server.handle('Originate', () => ({ Message: 'Originate successfully queued' }));
    call('answer', { maxCalls: 1 });
    expect(() => call('answer', { maxCalls: 1 })).toThrow(LiveLimitError);
    await client.send({ Action: 'Ping' });
    expect(server.received.filter((a) => a.Action === 'Originate')).toHaveLength(1);
  });

  it('types: state is a closed union; params need a destination', () => {
    expectTypeOf<Call['state']>().toEqualTypeOf<CallState>();
    expectTypeOf<CallState>().toEqualTypeOf<'dialing' | 'ringing' | 'answered' | 'ended'>();
    // @ts-expect-error context and application are exclusive
    originateCall.bind(null, client, { channel: 'X', context: 'c', exten: 'e', application: 'Wait' });
  });
});

describe('originateCall across a reconnect', () => {
  let flaky: AmiClient;

  beforeEach(async () => {
    flaky = new AmiClient({ url: server.url, reconnect: { initialDelayMs: 1, maxDelayMs: 5 } });
    await flaky.connect();
  });

  afterEach(() => flaky.destroy());

  /** Originates on `flaky`; the server sends only the channels' creation, then the connection drops. */
  async function dropAfterCreation(listed: (ids: { channelId: string }) => Record<string, string>[]): Promise<Call> {
    let ids: { actionId: string; channelId: string; otherChannelId: string } | undefined;
    server.handle('Originate', (action, connection) => {
      ids = {
        actionId: String(action.ActionID),
        channelId: String(action.ChannelId),
        otherChannelId: String(action.OtherChannelId),
      };
      const messages = withIds(loadCall('answer'), ids).filter((m) => m.Event === 'Newchannel');
      connection.write(messages.map((m) => frame(m)).join(''));
      return { Message: 'Originate successfully queued' };
    });
    server.handle('CoreShowChannels', (action, connection) => {
      connection.write(eventListFrames(String(action.ActionID), listed(ids!) as never, 'CoreShowChannelsComplete'));
      return undefined;
    });
    const c = originateCall(flaky, { channel: 'Local/answer@tsami-test', application: 'Wait', data: '1' });
    await new Promise<void>((resolve) => c.once('event', () => resolve()));
    server.dropAll();
    return c;
  }

  it('the channel is gone after the gap: the call ends as lost, never as answered or failed', async () => {
    const c = await dropAfterCreation(() => []);
    await expect(c.answered).rejects.toBeInstanceOf(CallLostError);
    expect(await c.ended).toMatchObject({ answered: false, outcome: 'lost' });
    expect(flaky.listenerCount('event')).toBe(0);
  });

  it('the channel is Up after the gap: answered, and its Hangup alone ends it (the OriginateResponse was missed)', async () => {
    const c = await dropAfterCreation(({ channelId }) => [
      {
        Event: 'CoreShowChannel',
        Uniqueid: channelId,
        ChannelState: '6',
        Channel: 'Local/answer@tsami-test-00000001;1',
      },
    ]);
    await c.answered;
    server.broadcastEvent('Hangup', {
      Uniqueid: c.channelId,
      Channel: 'Local/answer@tsami-test-00000001;1',
      ChannelState: '6',
      Cause: '16',
      'Cause-txt': 'Normal Clearing',
    });
    expect(await c.ended).toEqual({ cause: 16, causeText: 'Normal Clearing', answered: true, outcome: 'answered' });
  });
});

/** A deterministic shuffle (fast-check's seed drives it, so a failure replays). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
