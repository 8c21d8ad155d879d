import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The recorded Asterisk 22 traffic every event scenario replays. */
export const FIXTURE = new URL('../../packages/core/test/fixtures/asterisk-22/event-flood.ami', import.meta.url);

export function loadFixture() {
  const bytes = readFileSync(FIXTURE);
  let events = 0;
  let messages = 0;
  // per event name: the named-subscriber scenario counts one of them
  const byName = {};
  let start = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', start);
    if (end < 0) break;
    messages++;
    if (bytes.toString('latin1', start, start + 6) === 'Event:') {
      events++;
      const lineEnd = bytes.indexOf('\r\n', start);
      const name = bytes.toString('latin1', start + 6, lineEnd).trim();
      byName[name] = (byName[name] ?? 0) + 1;
    }
    start = end + 4;
  }
  return { bytes, events, messages, byName };
}

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Parent and children share the
 * system clock, so a timestamp taken by the server and one taken by a client compare.
 */
export function now() {
  return performance.timeOrigin + performance.now();
}

/** Splits `bytes` into views of at most `size` bytes, the way a socket hands out reads. */
export function chunks(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  return out;
}

const TERMINATOR = Buffer.from('\r\n\r\n');

/**
 * Splits `bytes` into views of about `size` bytes that each end after a message terminator, so
 * that a server may write something else (an answer to an action) between two of them.
 */
export function messageChunks(bytes, size) {
  const out = [];
  let start = 0;
  while (start < bytes.length) {
    const at = bytes.indexOf(TERMINATOR, Math.min(bytes.length, start + size) - 4);
    const end = at < 0 ? bytes.length : at + 4;
    out.push(bytes.subarray(start, end));
    start = end;
  }
  return out;
}

/**
 * The floor: counts `\r\n\r\n` in a stream of chunks and does nothing else. A terminator split
 * across two chunks is found by keeping the (at most 3) trailing bytes not yet part of a match.
 */
export class TerminatorCounter {
  count = 0;
  tail = Buffer.alloc(0);

  push(chunk) {
    let from = 0;
    let matchedAcross = false;
    if (this.tail.length > 0) {
      // Only a match that starts in the tail and ends in this chunk is new here.
      const joined = Buffer.concat([this.tail, chunk.subarray(0, 3)]);
      const at = joined.indexOf(TERMINATOR);
      if (at >= 0 && at < this.tail.length) {
        this.count++;
        from = at + 4 - this.tail.length;
        matchedAcross = true;
      }
    }
    let last = from;
    for (;;) {
      const at = chunk.indexOf(TERMINATOR, from);
      if (at < 0) break;
      this.count++;
      from = at + 4;
      last = from;
    }
    if (last === 0 && !matchedAcross) {
      // Nothing consumed (a tiny chunk): the old tail still counts.
      const joined = Buffer.concat([this.tail, chunk]);
      this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - 3)));
      return;
    }
    const keep = Math.min(3, chunk.length - last);
    this.tail = keep > 0 ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.alloc(0);
  }
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
