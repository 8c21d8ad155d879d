import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmiEvent, AmiMessage } from '@tsami/core';

// Recorded from the real Asterisk 22 of the sandbox with scripts/record.mjs.
const FIXTURES = join(import.meta.dirname, 'fixtures');

export type CallScenario = 'answer' | 'busy' | 'noanswer' | 'hangup' | 'nosuchext';

export interface CallFixture {
  readonly asterisk: string;
  readonly ids: { actionId: string; channelId: string; otherChannelId: string };
  readonly messages: AmiMessage[];
}

export interface ListsFixture {
  readonly channels: AmiEvent[];
  readonly bridges: AmiEvent[];
  readonly bridgeMembers: Record<string, AmiEvent[]>;
  readonly queues: AmiEvent[];
  readonly devices: AmiEvent[];
  readonly extensions: AmiEvent[];
}

export interface ModelFixture {
  readonly asterisk: string;
  readonly before: ListsFixture;
  readonly events: AmiEvent[];
  readonly after: ListsFixture;
}

export function loadCall(name: CallScenario): CallFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `call-${name}.json`), 'utf8')) as CallFixture;
}

export function loadModel(): ModelFixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'model.json'), 'utf8')) as ModelFixture;
}

/** The recorded messages with the recorded ids replaced by the ones a test's call chose. */
export function withIds(
  fixture: CallFixture,
  ids: { actionId: string; channelId: string; otherChannelId: string },
): AmiMessage[] {
  const swap = (value: string): string =>
    value === fixture.ids.actionId
      ? ids.actionId
      : value === fixture.ids.channelId
        ? ids.channelId
        : value === fixture.ids.otherChannelId
          ? ids.otherChannelId
          : value;
  return fixture.messages.map((message) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(message)) {
      if (value !== undefined) out[name] = Array.isArray(value) ? value.map(swap) : swap(value);
    }
    return out;
  });
}
