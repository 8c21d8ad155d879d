import { AmiEventOverflowError } from '../errors/errors.js';
import type { AmiEvent } from '../protocol/message.js';
import type { AmiEventLike } from './event-map.js';

/**
 * What a subscription does when its consumer falls `highWaterMark` events (or
 * `highWaterMarkBytes` bytes) behind:
 * - `'drop-oldest'` (default): the oldest buffered event is dropped for the new one;
 * - `'drop-newest'`: the new event is dropped;
 * - `'error'`: the iterator ends by throwing `AmiEventOverflowError` once the buffer is drained.
 * Every dropped event is counted in `dropped`. The connection itself never waits for a consumer.
 */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Options of a subscription (`client.events()`): which events, how many buffered, what happens on overflow. */
export interface EventStreamOptions<E extends AmiEventLike = AmiEvent> {
  /**
   * Only events with one of these names (`Event:` exactly as Asterisk sends it) are buffered.
   * Events nobody subscribed to by name are not even built into objects.
   */
  names?: readonly string[];
  /** Only events for which this returns true are buffered. A type guard narrows the stream's type. */
  filter?: (event: E) => boolean;
  /** Ends the iteration (the `for await` loop exits cleanly). */
  signal?: AbortSignal;
  /** Events buffered at most before the overflow policy applies. Default 5 000. */
  highWaterMark?: number;
  /** Bytes (as received) buffered at most before the overflow policy applies. Default 32 MiB. */
  highWaterMarkBytes?: number;
  /** Default `'drop-oldest'`. */
  overflow?: OverflowPolicy;
  /** Receives a `gap` marker when events may have been missed (reconnect, overflow). */
  onGap?: (gap: EventGap) => void;
}

/** Tells a consumer that events may be missing between two points in time. */
export interface EventGap {
  /** `'reconnect'`: the connection dropped; `'overflow'`: the consumer fell behind and events were dropped. */
  readonly reason: 'reconnect' | 'overflow';
  /** Events known to be lost (0 when unknown, e.g. during a reconnect). */
  readonly dropped: number;
  /** When the gap was noticed. */
  readonly at: Date;
}

// Bounded by memory, not by need: a consumer 5 000 events behind has lost track anyway, and a
// bigger buffer mostly lets V8 pile up old-generation garbage under a flood.
/** Default count bound of a subscription's buffer (`highWaterMark`). */
export const DEFAULT_EVENT_HIGH_WATER_MARK = 5_000;

/** Default byte bound of a subscription's buffer: a few thousand big events, never the heap. */
export const DEFAULT_EVENT_HIGH_WATER_MARK_BYTES = 32 * 1024 * 1024;

/** Where an error thrown by user code (a `filter` or `onGap`) is reported. */
export type ListenerErrorReporter = (error: unknown, source: 'filter' | 'onGap') => void;

/**
 * A bounded queue of events consumed with `for await`. Pushing never blocks: when the consumer
 * is slow, the overflow policy decides what is dropped.
 */
export class EventStream<E extends AmiEventLike = AmiEvent> implements AsyncIterableIterator<E> {
  /** Events dropped because the consumer was too slow. */
  dropped = 0;

  /** @internal The names this stream takes; undefined when it takes every event. */
  readonly names: ReadonlySet<string> | undefined;
  private readonly filter: ((event: AmiEventLike) => boolean) | undefined;
  private readonly highWaterMark: number;
  private readonly highWaterMarkBytes: number;
  private readonly reportError: ListenerErrorReporter;
  private readonly overflow: OverflowPolicy;
  private readonly onGap: ((gap: EventGap) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  // A ring of buffered events: `head` is the next to hand out.
  private buffer: (E | undefined)[] = [];
  // Size of each buffered event, in the same slots as `buffer`.
  private sizes: number[] = [];
  private head = 0;
  private bufferedBytes = 0;
  private waiting: ((result: IteratorResult<E, undefined>) => void) | undefined;
  private waitingReject: ((error: unknown) => void) | undefined;
  private done = false;
  private failure: Error | undefined;
  private readonly detach: () => void;
  private readonly abortListener = (): void => this.end();

  // The filter is typed by the subscriber's view of the events; the stream only passes them on.
  /** @internal Streams are created by `AmiClient.events()`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(options: EventStreamOptions<any>, detach: () => void, reportError: ListenerErrorReporter) {
    this.names = options.names ? new Set(options.names) : undefined;
    this.filter = options.filter as ((event: AmiEventLike) => boolean) | undefined;
    this.highWaterMark = Math.max(1, options.highWaterMark ?? DEFAULT_EVENT_HIGH_WATER_MARK);
    this.highWaterMarkBytes = Math.max(1, options.highWaterMarkBytes ?? DEFAULT_EVENT_HIGH_WATER_MARK_BYTES);
    this.reportError = reportError;
    this.overflow = options.overflow ?? 'drop-oldest';
    this.onGap = options.onGap;
    this.signal = options.signal;
    this.detach = detach;
    if (this.signal) {
      if (this.signal.aborted) queueMicrotask(() => this.end());
      else this.signal.addEventListener('abort', this.abortListener, { once: true });
    }
  }

  /** Events buffered and not yet consumed. */
  get size(): number {
    return this.buffer.length - this.head;
  }

  /** Bytes (as received) buffered and not yet consumed. */
  get sizeBytes(): number {
    return this.bufferedBytes;
  }

  /**
   * @internal Offers an event of `bytes` bytes on the wire; never blocks. A throwing `filter`
   * skips the event for this subscription only and is reported, never thrown here.
   */
  push(event: AmiEventLike, bytes = 0): void {
    if (this.done || this.failure !== undefined) return;
    if (this.names && !this.names.has(event.Event)) return;
    if (this.filter) {
      let wanted: boolean;
      try {
        wanted = this.filter(event);
      } catch (error) {
        this.reportError(error, 'filter');
        return;
      }
      if (!wanted) return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.waitingReject = undefined;
      resolve({ value: event as E, done: false });
      return;
    }
    if (this.size >= this.highWaterMark || (this.bufferedBytes + bytes > this.highWaterMarkBytes && this.size > 0)) {
      if (this.overflow === 'drop-newest') {
        this.dropped++;
        return this.overflowGap(1);
      }
      if (this.overflow === 'error') {
        this.dropped++;
        this.failure = new AmiEventOverflowError(
          `event consumer fell more than ${this.highWaterMark} events or ${this.highWaterMarkBytes} bytes behind (overflow policy "error")`,
        );
        this.overflowGap(1);
        this.detach();
        return;
      }
      let dropped = 0;
      while (
        this.size > 0 &&
        (this.size >= this.highWaterMark || this.bufferedBytes + bytes > this.highWaterMarkBytes)
      ) {
        this.bufferedBytes -= this.sizes[this.head]!;
        this.buffer[this.head++] = undefined;
        dropped++;
      }
      this.dropped += dropped;
      this.overflowGap(dropped);
    }
    this.buffer.push(event as E);
    this.sizes.push(bytes);
    this.bufferedBytes += bytes;
    // Compact now and then so the array does not grow with consumed slots.
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  /** @internal Signals that events may have been missed. */
  gap(gap: EventGap): void {
    this.callOnGap(gap);
  }

  private overflowGap(dropped: number): void {
    if (this.onGap) this.callOnGap({ reason: 'overflow', dropped, at: new Date() });
  }

  private callOnGap(gap: EventGap): void {
    try {
      this.onGap?.(gap);
    } catch (error) {
      this.reportError(error, 'onGap');
    }
  }

  /** @internal Ends the iteration with an error (e.g. the client was closed for good). */
  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    if (this.waitingReject) {
      const reject = this.waitingReject;
      this.waiting = undefined;
      this.waitingReject = undefined;
      this.finish();
      reject(error);
    }
  }

  /** The next buffered event, waiting for one if none is buffered; rejects after an `'error'` overflow. */
  next(): Promise<IteratorResult<E, undefined>> {
    if (this.size > 0) {
      const value = this.buffer[this.head]!;
      this.bufferedBytes -= this.sizes[this.head]!;
      this.buffer[this.head++] = undefined;
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.sizes = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== undefined && !this.done) {
      const error = this.failure;
      this.finish();
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.waitingReject = reject;
    });
  }

  /** Ends the subscription (called when a `for await` loop exits early); buffered events are discarded. */
  return(): Promise<IteratorResult<E, undefined>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The stream is its own iterator, so it can be used in `for await` once. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops the subscription; buffered events are discarded. */
  end(): void {
    if (this.done) return;
    this.finish();
    this.buffer = [];
    this.sizes = [];
    this.bufferedBytes = 0;
    this.head = 0;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.waitingReject = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  private finish(): void {
    this.done = true;
    this.signal?.removeEventListener('abort', this.abortListener);
    this.detach();
  }
}
