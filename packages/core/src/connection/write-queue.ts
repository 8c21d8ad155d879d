import type net from 'node:net';
import { AmiLimitError } from '../errors/errors.js';

/** Most characters handed to the socket in one write: what a late timeout can no longer take back. */
const BATCH_CHARS = 64 * 1024;

/** One action's bytes, waiting for the socket or written to it. */
export interface QueuedWrite {
  readonly data: string;
  /** `queued` until handed to the socket; `cancelled` when taken back before that. */
  state: 'queued' | 'written' | 'cancelled';
}

export interface WriteQueueLimits {
  /** Actions waiting for the socket at most. */
  maxActions: number;
  /** Characters (bytes for ASCII) waiting for the socket at most. */
  maxBytes: number;
}

/**
 * The actions of one connection that are not yet written, bounded in count and size. It writes
 * only while the socket takes more (`write()` returned true, or after `'drain'`), in batches
 * gathered over one turn of the event loop, so that an action whose caller gave up while it
 * waited here can still be taken back and is never written.
 */
export class WriteQueue {
  private entries: QueuedWrite[] = [];
  private head = 0;
  private queuedActions = 0;
  private queuedBytes = 0;
  private flushScheduled = false;
  private blocked = false;
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly limits: WriteQueueLimits,
  ) {
    socket.on('drain', () => {
      this.blocked = false;
      this.flush();
    });
  }

  /** Actions waiting for the socket. */
  get actions(): number {
    return this.queuedActions;
  }

  /** Queues `data` for writing, or returns the error saying why it cannot wait (nothing queued). */
  push(data: string, action: string): QueuedWrite | AmiLimitError {
    const { maxActions, maxBytes } = this.limits;
    if (this.queuedActions >= maxActions) {
      return new AmiLimitError(
        `${action} not sent: ${this.queuedActions} actions already wait for the socket (maxUnwrittenActions)`,
        'maxUnwrittenActions',
      );
    }
    if (this.queuedBytes + data.length > maxBytes && this.queuedActions > 0) {
      return new AmiLimitError(
        `${action} not sent: ${this.queuedBytes} bytes already wait for the socket (maxUnwrittenBytes ${maxBytes})`,
        'maxUnwrittenBytes',
      );
    }
    const entry: QueuedWrite = { data, state: 'queued' };
    this.entries.push(entry);
    this.queuedActions++;
    this.queuedBytes += data.length;
    if (!this.flushScheduled && !this.blocked) {
      this.flushScheduled = true;
      // Everything sent before the event loop turns goes out in one write (setImmediate runs
      // after the promise continuations that answered actions tend to send the next ones).
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    return entry;
  }

  /** Takes an entry back. True when it was still waiting (it will never be written). */
  cancel(entry: QueuedWrite): boolean {
    if (entry.state !== 'queued') return false;
    entry.state = 'cancelled';
    this.queuedActions--;
    this.queuedBytes -= entry.data.length;
    return true;
  }

  /** Drops everything still waiting (the connection is gone). */
  close(): void {
    this.closed = true;
    for (let i = this.head; i < this.entries.length; i++) this.cancel(this.entries[i]!);
    this.entries = [];
    this.head = 0;
  }

  private flush(): void {
    if (this.closed || this.blocked) return;
    const entries = this.entries;
    while (this.head < entries.length) {
      let data: string | undefined;
      let parts: string[] | undefined;
      let chars = 0;
      while (this.head < entries.length && chars < BATCH_CHARS) {
        const entry = entries[this.head++]!;
        if (entry.state !== 'queued') continue;
        entry.state = 'written';
        chars += entry.data.length;
        if (data === undefined) data = entry.data;
        else (parts ??= [data]).push(entry.data);
      }
      if (data === undefined) break;
      this.queuedActions -= parts ? parts.length : 1;
      this.queuedBytes -= chars;
      if (!this.socket.write(parts ? parts.join('') : data)) {
        this.blocked = true;
        break;
      }
    }
    if (this.head === entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
  }
}
