import { afterAll, describe, expect, it } from 'vitest';
import { CallFailedError, originateCall, type Call } from '../../src/index.js';
import { closeAll, connectClient, hasAsterisk } from './env.js';

type Expected = { answered: true; cause: number } | { answered: false; cause: number; outcome: string };

// Runs against the real Asterisk 22 (see env.ts); skipped when AMI_URL is not set.
describe.skipIf(!hasAsterisk)('integration: originateCall on the real Asterisk', () => {
  afterAll(closeAll);

  const place = (client: Awaited<ReturnType<typeof connectClient>>, exten: string): Call =>
    originateCall(
      client,
      { channel: `Local/${exten}@tsami-test`, application: 'Wait', data: '1' },
      { timeoutMs: 2_000 },
    );

  async function outcome(call: Call): Promise<Expected> {
    const error = await call.answered.then(
      () => undefined,
      (e: unknown) => e,
    );
    const end = await call.ended;
    if (error === undefined) return { answered: true, cause: end.cause };
    expect(error).toBeInstanceOf(CallFailedError);
    return {
      answered: false,
      cause: (error as CallFailedError).hangupCause,
      outcome: (error as CallFailedError).outcome,
    };
  }

  it('parallel calls to answer, busy, noanswer and hangup each resolve with their own outcome and cause', async () => {
    const client = await connectClient();
    const expected: Record<string, Expected> = {
      // Wait(1) returns and the channel hangs up; Asterisk reports cause 0 for that.
      answer: { answered: true, cause: 0 },
      busy: { answered: false, cause: 17, outcome: 'busy' },
      noanswer: { answered: false, cause: 19, outcome: 'no-answer' },
      hangup: { answered: true, cause: 16 },
      'tsami-no-such-extension': { answered: false, cause: 0, outcome: 'no-such-extension' },
    };
    const calls = Object.keys(expected).flatMap((exten) =>
      [1, 2, 3].map(() => ({ exten, call: place(client, exten) })),
    );
    const results = await Promise.all(calls.map(async ({ exten, call }) => ({ exten, result: await outcome(call) })));
    for (const { exten, result } of results) expect(result, exten).toEqual(expected[exten]);
    expect(client.listenerCount('event')).toBe(0);
  });

  it('hangup() of an answered call ends it with cause 16', async () => {
    const client = await connectClient();
    const call = originateCall(client, { channel: 'Local/answer@tsami-test', context: 'tsami-test', exten: 'hold' });
    await call.answered;
    await call.hangup();
    expect(await call.ended).toMatchObject({ cause: 16, answered: true });
  });

  it('a signal fired while ringing hangs the call up', async () => {
    const client = await connectClient();
    const controller = new AbortController();
    const call = originateCall(
      client,
      { channel: 'Local/noanswer@tsami-test', application: 'Wait', data: '1' },
      { signal: controller.signal },
    );
    await new Promise<void>((resolve) => call.once('event', () => resolve()));
    controller.abort();
    await expect(call.answered).rejects.toMatchObject({ code: 'LIVE_CALL_ABORTED' });
    expect(await call.ended).toMatchObject({ answered: false, outcome: 'cancelled' });
    const { events } = await client.sendList({ Action: 'CoreShowChannels' });
    expect(events.map((e) => e.Uniqueid)).not.toContain(call.channelId);
  });

  it('200 parallel calls are all tracked to their end and leave no listener behind', async () => {
    const client = await connectClient({ actionTimeoutMs: 30_000 });
    const baseline = ['event', 'gap', 'reconnected'].map((name) => client.listenerCount(name));
    const calls = Array.from({ length: 200 }, () =>
      originateCall(
        client,
        { channel: 'Local/hangup@tsami-test', application: 'Wait', data: '1' },
        { timeoutMs: 20_000 },
      ),
    );
    expect(client.listenerCount('event')).toBe(baseline[0]! + 1);
    const ends = await Promise.all(calls.map((call) => call.ended));
    expect(ends.filter((end) => end.answered)).toHaveLength(200);
    expect(new Set(ends.map((end) => end.cause))).toEqual(new Set([16]));
    expect(calls.every((call) => call.state === 'ended')).toBe(true);
    expect(['event', 'gap', 'reconnected'].map((name) => client.listenerCount(name))).toEqual(baseline);
  }, 120_000);
});
