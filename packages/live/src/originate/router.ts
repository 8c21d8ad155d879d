import { int, text } from '../events/fields.js';
import { LiveLimitError } from '../errors/errors.js';
import type { AmiClient, AmiEvent } from '@tsami/core';
import type { Call } from './call.js';

/**
 * One per client: a single `event` listener routes every event to the call it is about, by the
 * channel ids and ActionID chosen before the Originate was sent. It is attached with the first
 * call and removed with the last, so a client without calls carries no listener of this package.
 */
export class CallRouter {
  private readonly byId = new Map<string, Call>();
  private readonly byActionId = new Map<string, Call>();
  private readonly calls = new Set<Call>();
  private readonly onEvent = (event: AmiEvent): void => this.route(event);
  private readonly onGap = (): void => {
    for (const call of this.calls) call.missedEvents();
  };
  private readonly onReconnected = (): void => void this.reconcile();

  constructor(
    private readonly client: AmiClient,
    private readonly forget: () => void,
  ) {}

  add(call: Call, maxCalls: number): void {
    if (this.calls.size >= maxCalls) {
      throw new LiveLimitError(
        `${maxCalls} calls are already being tracked on this client (maxCalls)`,
        'calls',
        maxCalls,
      );
    }
    if (this.calls.size === 0) {
      this.client.on('event', this.onEvent);
      this.client.on('gap', this.onGap);
      this.client.on('reconnected', this.onReconnected);
    }
    this.calls.add(call);
    this.byId.set(call.channelId, call);
    this.byId.set(call.otherChannelId, call);
    this.byActionId.set(call.actionId, call);
  }

  remove(call: Call): void {
    if (!this.calls.delete(call)) return;
    this.byId.delete(call.channelId);
    this.byId.delete(call.otherChannelId);
    this.byActionId.delete(call.actionId);
    if (this.calls.size === 0) {
      this.client.off('event', this.onEvent);
      this.client.off('gap', this.onGap);
      this.client.off('reconnected', this.onReconnected);
      this.forget();
    }
  }

  private route(event: AmiEvent): void {
    if (event.Event === 'OriginateResponse') {
      const actionId = event.ActionID;
      const call =
        (actionId === undefined ? undefined : this.byActionId.get(actionId)) ?? this.lookup(text(event, 'Uniqueid'));
      call?.handle(event);
      return;
    }
    const call = this.lookup(text(event, 'Uniqueid'));
    if (call) {
      call.handle(event);
      return;
    }
    // DialBegin/DialEnd of an originate name the originated channel as the destination.
    this.lookup(text(event, 'DestUniqueid'))?.handle(event);
  }

  private lookup(id: string | undefined): Call | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** After a reconnect: which tracked channels still exist, and are they Up? */
  private async reconcile(): Promise<void> {
    if (this.calls.size === 0) return;
    let listed: Map<string, { state: number }>;
    try {
      const { events } = await this.client.sendList({ Action: 'CoreShowChannels' });
      listed = new Map();
      for (const item of events) {
        const id = text(item, 'Uniqueid');
        if (id !== undefined) listed.set(id, { state: int(item, 'ChannelState') ?? 0 });
      }
    } catch {
      // Lost again: the next reconnect tries again.
      return;
    }
    for (const call of [...this.calls]) call.reconcile(listed.get(call.channelId));
  }
}
