import { StringDecoder } from 'node:string_decoder';
import { AmiProtocolError } from '../errors/errors.js';
import type { AmiMessage } from './message.js';
import { MessageShapes, buildFields, type Fields, type MessageShape } from './message-shapes.js';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
/** Bytes decoded at once (cut at a line end): bounds what one retained header value keeps alive. */
const DECODE_BLOCK = 4096;

/** Default limit of one message. Asterisk's biggest answers (long Command output) stay far below it. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Header arrays longer than this are not kept for the next message. */
const MAX_KEPT_FIELDS = 256;

/** Default limit of the banner line (Asterisk's is about 30 characters). */
export const DEFAULT_MAX_BANNER_BYTES = 512;

/** Asterisk ≤ 13 answers `Command` with `Response: Follows`, raw text and this marker. */
const END_COMMAND = '--END COMMAND--';
/** Headers Asterisk ≤ 13 writes before the raw text of a `Follows` answer. */
const FOLLOWS_HEADERS = ['privilege', 'actionid', 'message'];

/** Options of an `AmiParser`: the bounds that keep a hostile server from exhausting memory. */
export interface AmiParserOptions {
  /**
   * Largest message accepted, counted in characters of decoded text (one per byte for ASCII);
   * a bigger one makes `parse` throw `AmiProtocolError`.
   */
  maxMessageBytes?: number;
  /** Longest banner line accepted, line end excluded; a longer one throws `AmiProtocolError`. Default 512. */
  maxBannerBytes?: number;
  /** The stream starts with Asterisk's one-line banner (`Asterisk Call Manager/x.y.z`). Default true. */
  expectBanner?: boolean;
  /** Called once with the banner line. */
  onBanner?: (banner: string) => void;
  /**
   * Called with the name of each event whose first line is `Event:`; when it returns true the
   * rest of that event is skipped (its lines are counted against the size limit, never built
   * into an object) and no message is delivered for it.
   */
  skipEvent?: (name: string) => boolean;
}

/** Receives each complete message and its size on the wire (characters, blank line included). */
export type MessageCallback = (message: AmiMessage, bytes: number) => void;

/**
 * Incremental AMI parser. Feed it the socket's chunks in order; it calls back once per complete
 * message, whatever the chunk boundaries are.
 *
 * Each chunk is decoded once (a `StringDecoder` keeps a UTF-8 character split between reads
 * whole) and walked line by line with `String#indexOf`; header lines go straight into the
 * message being built, so only an incomplete last line is ever kept between chunks.
 */
export class AmiParser {
  private readonly maxMessageBytes: number;
  private readonly maxBannerBytes: number;
  private readonly onBanner: ((banner: string) => void) | undefined;
  private readonly skipEvent: ((name: string) => boolean) | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private expectBanner: boolean;
  // Text of an incomplete line, in the pieces it arrived in (joined once its line feed comes).
  private partial: string[] = [];
  private partialLength = 0;
  // The headers of the message being read, and how much of it has been read.
  private names: string[] = [];
  private values: string[] = [];
  private count = 0;
  private size = 0;
  // What messages with the current one's first line looked like last time; unset once it differs.
  private readonly shapes = new MessageShapes();
  private shape: MessageShape | undefined;
  // Set while reading the raw text of an Asterisk ≤ 13 `Response: Follows` answer.
  private output: string[] | undefined;
  private outputEnded = false;
  // Set while passing over the lines of an event nobody wants.
  private skipping = false;
  private failed = false;

  constructor(options: AmiParserOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxBannerBytes = options.maxBannerBytes ?? DEFAULT_MAX_BANNER_BYTES;
    this.expectBanner = options.expectBanner ?? true;
    this.onBanner = options.onBanner;
    this.skipEvent = options.skipEvent;
  }

  /** Characters received that do not yet form a complete message. */
  get bufferedBytes(): number {
    return this.size + this.partialLength;
  }

  /**
   * Parses the next chunk of the stream. Throws `AmiProtocolError` when a message exceeds the
   * size limit; the parser is unusable afterwards (the connection must be dropped).
   */
  parse(chunk: Buffer, onMessage: MessageCallback): void {
    // Decoded in blocks of whole lines: header values are slices of the decoded text, and a
    // message kept by the application must not pin a whole 64 KiB read.
    let start = 0;
    while (chunk.length - start > DECODE_BLOCK) {
      let cut = chunk.lastIndexOf(LF, start + DECODE_BLOCK - 1);
      if (cut < start) cut = chunk.indexOf(LF, start + DECODE_BLOCK);
      if (cut < 0) break;
      this.feed(this.decoder.write(chunk.subarray(start, cut + 1)), onMessage);
      start = cut + 1;
    }
    this.feed(this.decoder.write(start === 0 ? chunk : chunk.subarray(start)), onMessage);
  }

  /** Parses already decoded text (what `parse` does after decoding). */
  feed(chunkText: string, onMessage: MessageCallback): void {
    if (this.failed) throw new AmiProtocolError('parser already failed');
    let text = chunkText;
    if (this.partialLength > 0) {
      if (text.indexOf('\n') < 0) {
        this.keep(text);
        return;
      }
      this.partial.push(text);
      text = this.partial.join('');
      this.partial = [];
      this.partialLength = 0;
    }

    const length = text.length;
    let pos = 0;
    if (this.expectBanner) {
      const lf = text.indexOf('\n');
      if (lf < 0) {
        this.keep(text);
        return;
      }
      if (lf > this.maxBannerBytes + 1) this.bannerOverflow(lf);
      this.expectBanner = false;
      this.onBanner?.(text.slice(0, lf > 0 && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf));
      pos = lf + 1;
    }

    while (pos < length) {
      const lf = text.indexOf('\n', pos);
      if (lf < 0) break;
      let end = lf;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      this.size += lf + 1 - pos;
      if (this.size > this.maxMessageBytes) this.overflow();

      if (this.skipping) {
        if (end === pos) {
          this.skipping = false;
          this.size = 0;
        }
        pos = lf + 1;
        continue;
      }

      if (end === pos) {
        // A blank line ends the message, except inside old Command output.
        if (this.output && !this.outputEnded) {
          this.output.push('');
        } else if (this.count > 0) {
          this.emit(onMessage);
        } else {
          // stray line ends between messages carry nothing
          this.size = 0;
        }
        pos = lf + 1;
        continue;
      }

      if (this.output === undefined) {
        this.headerLine(text, pos, end);
      } else if (this.rawLine(text, pos, end)) {
        // A `Follows` answer that lost its end marker: it ended at the blank line before this
        // line, which starts the next message.
        this.output.pop();
        const lineBytes = lf + 1 - pos;
        this.size -= lineBytes;
        this.emit(onMessage);
        this.size = lineBytes;
        this.headerLine(text, pos, end);
      }
      pos = lf + 1;
    }
    if (pos < length) this.keep(pos === 0 ? text : text.slice(pos));
  }

  private emit(onMessage: MessageCallback): void {
    const message = this.build();
    if (this.output) message.Output = this.output;
    const bytes = this.size;
    this.count = 0;
    this.shape = undefined;
    this.output = undefined;
    this.outputEnded = false;
    this.size = 0;
    onMessage(message, bytes);
  }

  private headerLine(text: string, start: number, end: number): void {
    const index = this.count;
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) {
      // A line that is not a header (raw text some actions write): kept, never fatal.
      this.shape = undefined;
      this.add(index, 'Output', text.slice(start, end));
      return;
    }
    // Asterisk writes "Name: value"; only that one space is syntax, the rest (indentation) is data.
    const value = text.slice(colon + 1 < end && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1, end);
    if (index === 0) {
      if (this.skipEvent && colon === start + 5 && text.startsWith('Event', start) && this.skipEvent(value)) {
        this.skipping = true;
        return;
      }
      const name = text.slice(start, colon);
      this.shape = this.shapes.find(name, value);
      this.add(0, name, value);
      if (name === 'Response' && value === 'Follows') this.output = [];
      return;
    }
    const expected = this.shape?.names[index];
    if (expected !== undefined && expected.length === colon - start && text.startsWith(expected, start)) {
      this.add(index, expected, value);
    } else {
      this.shape = undefined;
      this.add(index, text.slice(start, colon), value);
    }
  }

  private add(index: number, name: string, value: string): void {
    this.names[index] = name;
    this.values[index] = value;
    this.count = index + 1;
  }

  /** The object of the message just read: by its shape's builder when it has one. */
  private build(): Fields {
    const count = this.count;
    const shape = this.shape;
    let message: Fields;
    if (shape !== undefined && shape.names.length === count) {
      message = shape.build !== undefined ? shape.build(this.values) : buildFields(this.names, this.values, count);
      this.shapes.matched(shape);
    } else {
      message = buildFields(this.names, this.values, count);
      if (this.output === undefined) this.shapes.learn(this.names, count, this.values[0]!);
    }
    if (count > MAX_KEPT_FIELDS) {
      // One huge message must not keep its arrays' size for the connection's life.
      this.names = [];
      this.values = [];
    }
    return message;
  }

  /**
   * A line of the raw text of an old `Response: Follows` answer. Returns true when the line
   * is not part of it: the end marker never came, and after a blank line a new message starts
   * (`Event:` or `Response:`). Output that lost its marker thus costs only its own action,
   * never the messages after it.
   */
  private rawLine(text: string, start: number, end: number): boolean {
    const output = this.output!;
    if (this.outputEnded) return false;
    if (
      output.length > 0 &&
      output[output.length - 1] === '' &&
      (text.startsWith('Event:', start) || text.startsWith('Response:', start))
    ) {
      return true;
    }
    const line = text.slice(start, end);
    if (line.endsWith(END_COMMAND)) {
      // The marker may be glued to the last line when the output lacks a final line feed.
      if (line.length > END_COMMAND.length) output.push(line.slice(0, line.length - END_COMMAND.length));
      this.outputEnded = true;
      return false;
    }
    if (output.length === 0) {
      const colon = line.indexOf(':');
      if (colon > 0 && FOLLOWS_HEADERS.includes(line.slice(0, colon).toLowerCase())) {
        this.headerLine(text, start, end);
        return false;
      }
    }
    output.push(line);
    return false;
  }

  private keep(text: string): void {
    this.partial.push(text);
    this.partialLength += text.length;
    if (this.size + this.partialLength > this.maxMessageBytes) this.overflow();
    if (this.expectBanner && this.partialLength > this.maxBannerBytes + 1) this.bannerOverflow(this.partialLength);
  }

  private bannerOverflow(seen: number): never {
    this.failed = true;
    this.partial = [];
    this.partialLength = 0;
    throw new AmiProtocolError(
      `the banner line exceeds ${this.maxBannerBytes} bytes (at least ${seen} received): not an AMI server`,
    );
  }

  private overflow(): never {
    const seen = this.size + this.partialLength;
    this.failed = true;
    this.partial = [];
    this.partialLength = 0;
    this.count = 0;
    this.shape = undefined;
    this.names = [];
    this.values = [];
    this.size = 0;
    throw new AmiProtocolError(
      `message exceeds the limit of ${this.maxMessageBytes} bytes (at least ${seen} received)`,
    );
  }
}

/**
 * Parses the text of one complete message (header lines, optionally followed by the blank
 * line). Exported for tests and tools.
 */
export function parseMessage(text: string): AmiMessage {
  let parsed: AmiMessage = {};
  const parser = new AmiParser({ expectBanner: false, maxMessageBytes: Number.POSITIVE_INFINITY });
  parser.feed(`${text}\n\n`, (message) => {
    parsed = message;
  });
  return parsed;
}
