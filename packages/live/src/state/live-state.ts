import { EventEmitter } from 'node:events';
import { AmiConnectionError, type AmiClient, type AmiEvent } from '@tsami/core';
import { LiveClosedError, LiveLimitError } from '../errors/errors.js';
import { assertModernAsterisk } from '../version/check.js';
import { diffModels } from './diff.js';
import { readLists, type ListResults } from './lists.js';
import { LiveModel } from './model.js';
import {
  DEFAULT_LIMITS,
  type LiveBridge,
  type LiveCall,
  type LiveChange,
  type LiveChannel,
  type LiveDeviceState,
  type LiveExtensionState,
  type LiveLimits,
  type LiveQueue,
  type LiveSnapshot,
} from './types.js';

/** Options of `LiveState`. */
export interface LiveStateOptions {
  /** Bounds of the model (see `LiveLimits`); unspecified ones keep their defaults. */
  limits?: Partial<LiveLimits>;
}

/** Why the model was (re)built from the list actions. */
export type SyncReason = 'start' | 'reconnect' | 'overflow' | 'retry';

/** Events of a `LiveState`. */
export interface LiveStateEvents {
  /**
   * Something in the model changed. During normal operation one event can cause several changes
   * (a Hangup removes the channel, updates its bridge and its call). After a resync the changes
   * are the difference between the model before and after it.
   */
  change: [change: LiveChange];
  /** The model was rebuilt from the list actions and is current again. */
  synced: [
    info: {
      /** What made the model sync. */
      reason: SyncReason;
      /** How long reading the lists took. */
      durationMs: number;
    },
  ];
  /** Events were missed (the connection dropped): the model is stale until the next `synced`. */
  stale: [];
  /** A bound was hit: something was left out of the model. */
  limit: [error: LiveLimitError];
  /** A resync failed for another reason than a lost connection; it is retried with a growing delay. */
  syncError: [error: unknown];
}

/** Resync attempts in a row that may overflow the event buffer before one is reported as failed. */
const MAX_OVERFLOW_RETRIES = 5;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * A live model of what Asterisk is doing: channels, bridges, calls (channels by Linkedid), queues
 * (members, waiting callers), device and extension states. Seeded from the list actions, kept
 * current from events, and rebuilt from the lists after every reconnect, so it never drifts
 * because of missed events.
 *
 * ```ts
 * const state = new LiveState(client);
 * state.on('change', (c) => { if (c.kind === 'channel') console.log(c.type, c.value.name); });
 * await state.start();
 * console.log(state.channels.size, JSON.stringify(state.snapshot()));
 * state.close();
 * ```
 */
export class LiveState extends EventEmitter<LiveStateEvents> {
  private readonly limits: LiveLimits;
  private model: LiveModel;
  private buffer: AmiEvent[] = [];
  private buffering = false;
  private overflowed = false;
  private generation = 0;
  private syncAbort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  private startedOnce = false;
  private closed = false;
  private isSynced = false;
  private readonly fullLimits = new Set<string>();
  private readonly onEvent = (event: AmiEvent): void => this.receive(event);
  private readonly onGap = (): void => this.markStale();
  private readonly onReconnected = (): void => this.resync('reconnect');

  constructor(
    private readonly client: AmiClient,
    options: LiveStateOptions = {},
  ) {
    super();
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.model = this.newModel();
  }

  /** Channels by Uniqueid. */
  get channels(): ReadonlyMap<string, LiveChannel> {
    return this.model.channels;
  }

  /** Bridges by id, with their members. */
  get bridges(): ReadonlyMap<string, LiveBridge> {
    return this.model.bridges;
  }

  /** Calls: channels grouped by Linkedid. */
  get calls(): ReadonlyMap<string, LiveCall> {
    return this.model.calls;
  }

  /** Queues by name, with members and waiting callers. Empty when the server has no app_queue. */
  get queues(): ReadonlyMap<string, LiveQueue> {
    return this.model.queues;
  }

  /** Device states by device name. */
  get devices(): ReadonlyMap<string, LiveDeviceState> {
    return this.model.devices;
  }

  /** Extension (hint) states by `exten@context`. */
  get extensions(): ReadonlyMap<string, LiveExtensionState> {
    return this.model.extensions;
  }

  /** False from `stale` until the next `synced`, and before `start()` resolves. */
  get synced(): boolean {
    return this.isSynced;
  }

  /**
   * Checks the server (Asterisk 12+; `UnsupportedAsteriskError` on 10 and 11), subscribes, and
   * seeds the model from the list actions. The client must be connected.
   */
  async start(): Promise<void> {
    if (this.closed) throw new LiveClosedError('LiveState is closed');
    if (this.startedOnce) throw new LiveClosedError('LiveState.start() was already called');
    this.startedOnce = true;
    await assertModernAsterisk(this.client, 'LiveState');
    this.client.on('event', this.onEvent);
    this.client.on('gap', this.onGap);
    this.client.on('reconnected', this.onReconnected);
    try {
      await this.sync('start');
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Unsubscribes from the client and stops resyncing. The model keeps its last contents. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    this.syncAbort?.abort(new LiveClosedError('LiveState closed'));
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.client.off('event', this.onEvent);
    this.client.off('gap', this.onGap);
    this.client.off('reconnected', this.onReconnected);
    this.buffer = [];
    this.buffering = false;
    this.isSynced = false;
    this.model.setSink(undefined);
  }

  /** The whole model as plain JSON-safe data. */
  snapshot(): LiveSnapshot {
    return this.model.snapshot();
  }

  private newModel(): LiveModel {
    return new LiveModel(this.limits, (limit, max) => this.reportLimit(limit, max));
  }

  private reportLimit(limit: string, max: number): void {
    // Once per episode: a flood of new channels past the bound must not become a flood of events.
    if (this.fullLimits.has(limit)) return;
    this.fullLimits.add(limit);
    this.emit(
      'limit',
      new LiveLimitError(`${limit} limit of ${max} reached: new ${limit} are left out of the model`, limit, max),
    );
  }

  private receive(event: AmiEvent): void {
    if (!this.buffering) {
      this.model.apply(event);
      return;
    }
    if (this.buffer.length >= this.limits.bufferedEvents) {
      this.overflowed = true;
      return;
    }
    this.buffer.push(event);
  }

  private markStale(): void {
    if (this.closed) return;
    // The running sync (if any) read lists over the dead connection: it is void.
    this.generation++;
    this.syncAbort?.abort();
    this.buffer = [];
    this.buffering = true;
    if (this.isSynced) {
      this.isSynced = false;
      this.emit('stale');
    }
  }

  private resync(reason: SyncReason): void {
    if (this.closed) return;
    this.sync(reason).catch((error: unknown) => {
      if (this.closed || error instanceof AmiConnectionError) return; // the next reconnect resyncs
      if (this.syncAbort?.signal.aborted) return;
      this.emit('syncError', error);
      this.retries++;
      const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.retries - 1));
      this.retryTimer = setTimeout(() => this.resync('retry'), delay);
      this.retryTimer.unref();
    });
  }

  /**
   * Builds a new model from the lists while buffering the events that arrive meanwhile, applies
   * the buffered events to it (they are newer than or as new as the lists), then swaps it in.
   */
  private async sync(reason: SyncReason): Promise<void> {
    for (let overflows = 0; ; overflows++) {
      const generation = ++this.generation;
      this.syncAbort?.abort();
      const abort = new AbortController();
      this.syncAbort = abort;
      this.buffer = [];
      this.buffering = true;
      this.overflowed = false;
      const started = Date.now();
      const lists = await readLists(this.client, abort.signal, this.limits.bridges);
      if (generation !== this.generation) return; // superseded by a gap, a newer sync, or close()
      if (this.overflowed) {
        if (overflows >= MAX_OVERFLOW_RETRIES) {
          throw new LiveLimitError(
            `more than ${this.limits.bufferedEvents} events arrived while the lists were read, ${overflows + 1} times in a row`,
            'bufferedEvents',
            this.limits.bufferedEvents,
          );
        }
        reason = 'overflow';
        continue;
      }
      this.swap(lists, started);
      this.retries = 0;
      this.emit('synced', { reason, durationMs: Date.now() - started });
      return;
    }
  }

  private swap(lists: ListResults, started: number): void {
    this.fullLimits.clear();
    const next = this.newModel();
    for (const item of lists.channels) next.seedChannel(item, started);
    for (const item of lists.bridges) next.seedBridge(item);
    for (const [bridgeId, members] of lists.bridgeMembers)
      for (const item of members) next.seedBridgeMember(bridgeId, item);
    for (const item of lists.queues ?? []) next.seedQueueItem(item);
    for (const item of lists.devices ?? []) next.seedDevice(item);
    for (const item of lists.extensions ?? []) next.seedExtension(item);
    for (const event of this.buffer) next.apply(event);
    this.buffer = [];
    this.buffering = false;
    const previous = this.model;
    previous.setSink(undefined);
    this.model = next;
    this.isSynced = true;
    diffModels(previous, next, (change) => this.emit('change', change));
    next.setSink((kind, type, id, value, before) => {
      // Most events change something; building the notification costs only when it is wanted.
      if (this.listenerCount('change') > 0)
        this.emit('change', { kind, type, id, value, previous: before } as LiveChange);
    });
  }
}
