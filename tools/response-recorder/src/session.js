// A recording session: runs actions on a live Asterisk through an AmiClient and keeps every
// answer (response, and for lists the items and the closing event) as a sample of its action.
import { randomBytes } from 'node:crypto';
import { AmiActionError } from '@tsami/core';

/** The sandbox's dialplan context (tools/asterisk-sandbox/conf/extensions.conf). */
export const TEST_CONTEXT = 'tsami-test';

/**
 * A short random name, so concurrent users of the same server never collide.
 * @param {string} prefix
 */
export function unique(prefix) {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export class RecordingSession {
  /** @param {import('@tsami/core').AmiClient} client */
  constructor(client) {
    this.client = client;
    /** @type {Map<string, import('../index.js').Sample[]>} action name → samples, in order */
    this.samples = new Map();
    /** @type {string[]} channels of the calls this session started */
    this.ownChannels = [];
  }

  /**
   * Sends an action that answers with one response and records it under `label`. A
   * `Response: Error` is recorded too, then rethrown.
   * @param {string} label
   * @param {import('@tsami/core').AmiAction} action
   * @param {import('@tsami/core').SendOptions} [options]
   */
  async single(label, action, options) {
    try {
      const response = await this.client.send(action, options);
      this.#add(action, { label, sent: action, response });
      return response;
    } catch (error) {
      if (error instanceof AmiActionError) this.#add(action, { label, sent: action, response: error.response });
      throw error;
    }
  }

  /**
   * Sends an action the sandbox is expected to refuse and records the `Response: Error`; throws
   * if it succeeds instead.
   * @param {string} label
   * @param {import('@tsami/core').AmiAction} action
   */
  async refused(label, action) {
    const response = await this.single(label, action).then(
      () => undefined,
      (error) => {
        if (error instanceof AmiActionError) return error.response;
        throw error;
      },
    );
    if (response === undefined) throw new Error(`${action.Action} (${label}) succeeded; a refusal was expected`);
    return response;
  }

  /**
   * Sends an event-list action and records the response, the items and the closing event.
   * @param {string} label
   * @param {import('@tsami/core').AmiAction} action
   * @param {import('@tsami/core').SendListOptions} [options]
   */
  async list(label, action, options) {
    try {
      const result = await this.client.sendList(action, options);
      this.#add(action, {
        label,
        sent: action,
        response: result.response,
        events: result.events,
        complete: result.complete,
      });
      return result;
    } catch (error) {
      if (error instanceof AmiActionError) this.#add(action, { label, sent: action, response: error.response });
      throw error;
    }
  }

  /**
   * Starts a call that stays up (Local/answer@tsami-test, whose other half runs `hold`), without
   * recording it, and returns the names of its two channels: `channel` (;1, running `hold`) and
   * `peer` (;2, running `answer`).
   * @returns {Promise<{ channel: string; peer: string }>}
   */
  async call() {
    const ids = { ChannelId: unique('rec'), OtherChannelId: unique('rec') };
    await this.client.send({ ...originateToHold(), Async: 'false', ...ids }, { timeoutMs: 30_000 });
    const [channel = '', peer = ''] = await this.channelsOf([ids.ChannelId, ids.OtherChannelId]);
    return { channel, peer };
  }

  /**
   * Names of the live channels with these Uniqueids (polls until all exist), remembered so
   * `hangupOwn()` ends them.
   * @param {readonly string[]} uniqueids
   */
  async channelsOf(uniqueids) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { events } = await this.client.sendList({ Action: 'CoreShowChannels' });
      const names = uniqueids.map((id) => events.find((e) => e.Uniqueid === id)?.Channel);
      if (names.every((name) => typeof name === 'string')) {
        const found = /** @type {string[]} */ (names);
        this.ownChannels.push(...found);
        return found;
      }
      if (Date.now() > deadline) throw new Error(`channels ${uniqueids.join(', ')} did not come up`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Hangs up whatever is left of the calls this session started. */
  async hangupOwn() {
    for (const channel of this.ownChannels.splice(0)) {
      await this.client.send({ Action: 'Hangup', Channel: channel }).catch(() => undefined);
    }
  }

  /**
   * @param {import('@tsami/core').AmiAction} action
   * @param {import('../index.js').Sample} sample
   */
  #add(action, sample) {
    const list = this.samples.get(action.Action) ?? [];
    list.push(sample);
    this.samples.set(action.Action, list);
  }
}

/** Originate headers of a call whose ;2 half answers and whose ;1 half holds. */
export function originateToHold() {
  return {
    Action: 'Originate',
    Channel: `Local/answer@${TEST_CONTEXT}`,
    Context: TEST_CONTEXT,
    Exten: 'hold',
    Priority: '1',
    Timeout: '10000',
  };
}
