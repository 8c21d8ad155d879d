import { AmiProtocolError } from '../errors/errors.js';
import type { AmiMessage } from './message.js';

const LF = 0x0a;
const CR = 0x0d;

/** Default limit of one message, in bytes. Asterisk's biggest answers (long Command output) stay far below it. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Asterisk ≤ 13 answers `Command` with `Response: Follows`, raw text and this marker. */
const END_COMMAND = '--END COMMAND--';
const FOLLOWS_PREFIX = Buffer.from('Response: Follows');

// Where the scanner stands relative to the last line feed; kept across chunks so a
// terminator split between two reads is still found.
const enum Scan {
  InLine,
  AfterLf,
  AfterLfCr,
}

export interface AmiParserOptions {
  /** Largest message accepted, in bytes; a bigger one makes `parse` throw `AmiProtocolError`. */
  maxMessageBytes?: number;
  /** The stream starts with Asterisk's one-line banner (`Asterisk Call Manager/x.y.z`). Default true. */
  expectBanner?: boolean;
  /** Called once with the banner line. */
  onBanner?: (banner: string) => void;
}

/**
 * Incremental AMI parser. Feed it the socket's chunks in order; it calls back once per complete
 * message, whatever the chunk boundaries are. Bytes are decoded only once a message is complete,
 * so UTF-8 characters split across reads come out intact.
 */
export class AmiParser {
  private readonly maxMessageBytes: number;
  private readonly onBanner: ((banner: string) => void) | undefined;
  private expectBanner: boolean;
  // Bytes of the message being received, kept as the chunks they came in (joined once, at the end).
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scan: Scan = Scan.AfterLf;
  private failed = false;

  constructor(options: AmiParserOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.expectBanner = options.expectBanner ?? true;
    this.onBanner = options.onBanner;
  }

  /** Bytes received that do not yet form a complete message. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /**
   * Parses the next chunk of the stream. Throws `AmiProtocolError` when a message exceeds the
   * size limit; the parser is unusable afterwards (the connection must be dropped).
   */
  parse(chunk: Buffer, onMessage: (message: AmiMessage) => void): void {
    if (this.failed) throw new AmiProtocolError('parser already failed');
    let start = 0;
    const length = chunk.length;

    if (this.expectBanner) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.keep(chunk, 0, length);
        return;
      }
      const line = this.take(chunk, 0, lf + 1);
      this.expectBanner = false;
      this.onBanner?.(trimLineEnd(line));
      start = lf + 1;
      this.scan = Scan.AfterLf;
    }

    let i = start;
    let state = this.scan;
    while (i < length) {
      if (state === Scan.AfterLf) {
        const byte = chunk[i];
        if (byte === LF) {
          i = this.complete(chunk, start, i + 1, onMessage);
          start = i;
          continue;
        }
        if (byte === CR) {
          state = Scan.AfterLfCr;
          i++;
          continue;
        }
        state = Scan.InLine;
      } else if (state === Scan.AfterLfCr) {
        if (chunk[i] === LF) {
          i = this.complete(chunk, start, i + 1, onMessage);
          start = i;
          state = Scan.AfterLf;
          continue;
        }
        state = Scan.InLine;
      }
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        i = length;
        break;
      }
      state = Scan.AfterLf;
      i = lf + 1;
    }
    this.scan = state;
    if (start < length) this.keep(chunk, start, length);
  }

  /** Handles a blank line ending at `end`; returns where scanning goes on. */
  private complete(chunk: Buffer, start: number, end: number, onMessage: (message: AmiMessage) => void): number {
    const bytes = this.pendingBytes + (end - start);
    if (bytes > this.maxMessageBytes) this.overflow(bytes);
    // Blank lines at the start (a stray terminator, keepalive CRLFs) carry no message.
    if (this.pendingBytes === 0 && isBlank(chunk, start, end)) {
      this.scan = Scan.AfterLf;
      return end;
    }
    if (this.isUnfinishedFollows(chunk, start, end)) {
      // Old Command output may itself contain blank lines: keep reading to --END COMMAND--.
      this.keep(chunk, start, end);
      return end;
    }
    const text = this.take(chunk, start, end);
    onMessage(parseMessage(text));
    return end;
  }

  private isUnfinishedFollows(chunk: Buffer, start: number, end: number): boolean {
    if (!this.startsWithFollows(chunk, start, end)) return false;
    const whole = Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString('latin1');
    return !trimLineEnd(whole).endsWith(END_COMMAND);
  }

  /** Compares the first bytes of the message with `Response: Follows`, across chunk boundaries. */
  private startsWithFollows(chunk: Buffer, start: number, end: number): boolean {
    const wanted = FOLLOWS_PREFIX.length;
    let k = 0;
    for (const part of this.pending) {
      for (let j = 0; j < part.length && k < wanted; j++, k++) {
        if (part[j] !== FOLLOWS_PREFIX[k]) return false;
      }
      if (k === wanted) return true;
    }
    for (let j = start; j < end && k < wanted; j++, k++) {
      if (chunk[j] !== FOLLOWS_PREFIX[k]) return false;
    }
    return k === wanted;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const bytes = this.pendingBytes + (end - start);
    if (bytes > this.maxMessageBytes) this.overflow(bytes);
    this.pending.push(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
    this.pendingBytes = bytes;
  }

  /** Returns the pending bytes plus `chunk[start, end)` as text and clears the pending bytes. */
  private take(chunk: Buffer, start: number, end: number): string {
    let text: string;
    if (this.pendingBytes === 0) {
      text = chunk.toString('utf8', start, end);
    } else {
      this.pending.push(chunk.subarray(start, end));
      text = Buffer.concat(this.pending, this.pendingBytes + (end - start)).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
    }
    return text;
  }

  private overflow(bytes: number): never {
    this.failed = true;
    this.pending = [];
    this.pendingBytes = 0;
    throw new AmiProtocolError(
      `message exceeds the limit of ${this.maxMessageBytes} bytes (at least ${bytes} bytes received)`,
    );
  }
}

function isBlank(chunk: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = chunk[i];
    if (byte !== LF && byte !== CR) return false;
  }
  return true;
}

function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === LF || line.charCodeAt(end - 1) === CR)) end--;
  return line.slice(0, end);
}

function addField(message: Record<string, string | string[]>, key: string, value: string): void {
  const existing = message[key];
  if (typeof existing === 'string') {
    message[key] = [existing, value];
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else if (key === '__proto__') {
    // A plain assignment would replace the prototype; store it as ordinary data instead.
    Object.defineProperty(message, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    message[key] = key === 'Output' ? [value] : value;
  }
}

/**
 * Parses the text of one complete message (header lines, then the blank line).
 * Exported for tests and tools; the stream parser calls it once per message.
 */
export function parseMessage(text: string): AmiMessage {
  const message: Record<string, string | string[]> = {};
  const length = text.length;
  let pos = 0;
  let follows = false;
  let first = true;
  let output: string[] | undefined;

  while (pos < length) {
    let lf = text.indexOf('\n', pos);
    if (lf < 0) lf = length;
    let end = lf;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    const lineStart = pos;
    pos = lf + 1;
    if (end === lineStart) {
      if (output) output.push('');
      continue;
    }

    if (follows && output) {
      const line = text.slice(lineStart, end);
      if (line.endsWith(END_COMMAND)) {
        const rest = line.slice(0, line.length - END_COMMAND.length);
        if (rest.length > 0) output.push(rest);
        break;
      }
      if (output.length === 0 && isFollowsHeader(text, lineStart, end)) {
        const colon = text.indexOf(':', lineStart);
        addField(message, text.slice(lineStart, colon), valueAt(text, colon, end));
        continue;
      }
      output.push(line);
      continue;
    }

    const colon = text.indexOf(':', lineStart);
    if (colon < 0 || colon >= end) {
      // A line that is not a header (raw text some actions write): kept, never fatal.
      addField(message, 'Output', text.slice(lineStart, end));
      continue;
    }
    const key = text.slice(lineStart, colon);
    const value = valueAt(text, colon, end);
    addField(message, key, value);
    if (first && key === 'Response' && value === 'Follows') {
      follows = true;
      output = [];
    }
    first = false;
  }
  if (output) message.Output = output;
  return message;
}

function valueAt(text: string, colon: number, end: number): string {
  // Asterisk writes "Name: value"; only that one space is syntax, the rest (indentation) is data.
  const start = colon + 1 < end && text.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1;
  return text.slice(start, end);
}

const FOLLOWS_HEADERS = ['privilege', 'actionid', 'message'];

function isFollowsHeader(text: string, start: number, end: number): boolean {
  const colon = text.indexOf(':', start);
  if (colon < 0 || colon >= end) return false;
  return FOLLOWS_HEADERS.includes(text.slice(start, colon).toLowerCase());
}
