import { randomBytes } from 'node:crypto';
import { AmiActionError, AmiClient, getField } from '@tsami/core';
import type { AmiClientOptions, AmiEventHeaders, AmiListResult } from '@tsami/core';
import { expect } from 'vitest';
import { coreShowChannels, hangup } from '../../src/index.js';
import type { CoreShowChannelEvent } from '../../src/index.js';

/**
 * These tests talk to a real Asterisk 22 given by AMI_URL (`ami://user:secret@host:port`, a
 * user with `all` rights); without it they are skipped. The project's sandbox
 * (tools/asterisk-sandbox) provides one with the `tsami-test` dialplan, queue and PJSIP objects
 * used here, and prints the variable.
 */
export const AMI_URL = process.env.AMI_URL;
export const hasAsterisk = AMI_URL !== undefined && AMI_URL !== '';

const open: AmiClient[] = [];

/** A client of the live Asterisk, closed by `closeAll()`. */
export async function connectClient(options: Partial<AmiClientOptions> = {}): Promise<AmiClient> {
  const client = new AmiClient({ url: AMI_URL, reconnect: false, events: 'off', actionTimeoutMs: 15_000, ...options });
  open.push(client);
  await client.connect();
  return client;
}

export async function closeAll(): Promise<void> {
  await Promise.allSettled(open.splice(0).map((client) => client.close()));
}

/** A short random suffix: other test files use the same server at the same time. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Checks that a list result is whole: a `start` answer, the expected closing event with
 * `EventList: Complete`, as many items as `ListItems` says, every item one of `itemEvents` and
 * carrying the action's ActionID.
 */
export function expectCompleteList(
  result: AmiListResult<AmiEventHeaders, AmiEventHeaders>,
  closing: string,
  itemEvents: readonly string[],
): void {
  expect(result.response.Response).toBe('Success');
  // FAXSessions answers `EventList: Start`, everything else `start`.
  expect(String(result.response.EventList).toLowerCase()).toBe('start');
  expect(result.complete.Event).toBe(closing);
  // the typed closing events declare only their own headers; the list headers are common to all
  expect(getField(result.complete, 'EventList')).toBe('Complete');
  expect(getField(result.complete, 'ListItems')).toMatch(/^\d+$/);
  expect(Number(getField(result.complete, 'ListItems'))).toBe(result.events.length);
  expect(result.complete.ActionID).toBe(result.response.ActionID);
  for (const event of result.events) {
    expect(itemEvents).toContain(event.Event);
    expect(event.ActionID).toBe(result.response.ActionID);
  }
}

/** The `AmiActionError` a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function actionError(promise: Promise<unknown>): Promise<AmiActionError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected an AmiActionError, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AmiActionError);
  return error as AmiActionError;
}

/**
 * Channels of the calls a test file started: Originate gets `ChannelId`/`OtherChannelId`, and
 * every channel of such a call (Local halves, dialled peers) carries one of them as Linkedid.
 */
export class OwnCalls {
  private readonly ids = new Set<string>();

  /** Registers the Uniqueids of a new call's two halves and returns them. */
  track(one: string, two: string): { ChannelId: string; OtherChannelId: string } {
    this.ids.add(one);
    this.ids.add(two);
    return { ChannelId: one, OtherChannelId: two };
  }

  owns(event: object): boolean {
    return this.ids.has(String(getField(event, 'Uniqueid'))) || this.ids.has(String(getField(event, 'Linkedid')));
  }

  /** The live channels of these calls. */
  async channels(client: AmiClient): Promise<CoreShowChannelEvent[]> {
    const { events } = await coreShowChannels(client);
    return events.filter((event) => this.owns(event));
  }

  /** Hangs up whatever is left of these calls. */
  async hangupAll(client: AmiClient): Promise<void> {
    for (const channel of await this.channels(client)) {
      await hangup(client, { Channel: String(channel.Channel) }).catch(() => undefined);
    }
  }
}
