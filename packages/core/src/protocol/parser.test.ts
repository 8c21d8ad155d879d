import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AmiProtocolError } from '../errors/errors.js';
import type { AmiMessage } from './message.js';
import { AmiParser, parseMessage } from './parser.js';

interface Parsed {
  banner: string | undefined;
  messages: AmiMessage[];
}

function parseChunks(chunks: readonly Buffer[], options: { expectBanner?: boolean } = {}): Parsed {
  const result: Parsed = { banner: undefined, messages: [] };
  const parser = new AmiParser({ ...options, onBanner: (banner) => (result.banner = banner) });
  for (const chunk of chunks) parser.parse(chunk, (message) => result.messages.push(message));
  return result;
}

function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const cut of sorted) {
    chunks.push(bytes.subarray(last, cut));
    last = cut;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

const STREAM = Buffer.from(
  BANNER +
    'Response: Success\r\nActionID: 1\r\nPing: Pong\r\nTimestamp: 1700000000.000000\r\n\r\n' +
    'Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Greeting\r\nText: héllo wörld 👋 — 日本語\r\nURL: http://x:8088/a?b=c:d\r\nEmpty:\r\n\r\n' +
    'Response: Success\r\nActionID: 2\r\nMessage: Command output follows\r\nOutput: Name   State\r\nOutput:   indented line\r\nOutput: \r\n\r\n' +
    'Event: VarSet\nChannel: Local/a@b-0001;1\nVariable: X\nValue: 1\n\n' +
    'Event: OriginateResponse\r\nChanVariable(Local/a@b-0001;1): A=1\r\nChanVariable(Local/a@b-0001;1): B=2\r\n\r\n',
);

describe('AmiParser', () => {
  const whole = parseChunks([STREAM]);

  it('parses banner, responses, events, repeated headers and odd values', () => {
    expect(whole.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(whole.messages).toEqual([
      { Response: 'Success', ActionID: '1', Ping: 'Pong', Timestamp: '1700000000.000000' },
      {
        Event: 'UserEvent',
        Privilege: 'user,all',
        UserEvent: 'Greeting',
        Text: 'héllo wörld 👋 — 日本語',
        URL: 'http://x:8088/a?b=c:d',
        Empty: '',
      },
      {
        Response: 'Success',
        ActionID: '2',
        Message: 'Command output follows',
        Output: ['Name   State', '  indented line', ''],
      },
      { Event: 'VarSet', Channel: 'Local/a@b-0001;1', Variable: 'X', Value: '1' },
      { Event: 'OriginateResponse', 'ChanVariable(Local/a@b-0001;1)': ['A=1', 'B=2'] },
    ]);
  });

  it('gives the same messages for a split at every byte offset', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      expect(parseChunks(splitAt(STREAM, [cut]))).toEqual(whole);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    expect(parseChunks(bytes)).toEqual(whole);
  });

  it('gives the same messages for any random chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 40 }), (cuts) => {
        expect(parseChunks(splitAt(STREAM, cuts))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('reads big chunks with multi-byte characters and lines longer than a decode block', () => {
    const events = Array.from(
      { length: 300 },
      (_, i) =>
        `Event: UserEvent\r\nN: ${i}\r\nText: ${'ü日本'.repeat(i % 7)}✓\r\n${i % 50 === 0 ? `Long: ${'é'.repeat(6000)}\r\n` : ''}\r\n`,
    ).join('');
    const bytes = Buffer.from(events);
    const oneChunk = parseChunks([bytes], { expectBanner: false }).messages;
    expect(oneChunk).toHaveLength(300);
    expect(oneChunk[3]).toEqual({ Event: 'UserEvent', N: '3', Text: `${'ü日本'.repeat(3)}✓` });
    expect(oneChunk[50]!.Long).toBe('é'.repeat(6000));
    const oddChunks = splitAt(
      bytes,
      Array.from({ length: 60 }, (_, i) => i * 4099 + 1),
    );
    expect(parseChunks(oddChunks, { expectBanner: false }).messages).toEqual(oneChunk);
  });

  it('always makes Output an array, even with a single line', () => {
    const [message] = parseChunks([Buffer.from('Response: Success\r\nOutput: only\r\n\r\n')], {
      expectBanner: false,
    }).messages;
    expect(message).toEqual({ Response: 'Success', Output: ['only'] });
  });

  it('reads Asterisk ≤ 13 Command output (Follows … --END COMMAND--) into the same Output lines', () => {
    const old =
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n' +
      'Channel              Location\n  first: indented\n\nafter blank\n--END COMMAND--\r\n\r\n' +
      'Response: Success\r\nActionID: 8\r\n\r\n';
    const expected = [
      {
        Response: 'Follows',
        Privilege: 'Command',
        ActionID: '7',
        Output: ['Channel              Location', '  first: indented', '', 'after blank'],
      },
      { Response: 'Success', ActionID: '8' },
    ];
    const bytes = Buffer.from(old);
    expect(parseChunks([bytes], { expectBanner: false }).messages).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseChunks(splitAt(bytes, [cut]), { expectBanner: false }).messages).toEqual(expected);
    }
  });

  it('handles --END COMMAND-- glued to the last output line', () => {
    const text = 'Response: Follows\r\nPrivilege: Command\r\nlast line--END COMMAND--\r\n\r\n';
    expect(parseMessage(text)).toEqual({ Response: 'Follows', Privilege: 'Command', Output: ['last line'] });
  });

  it('tolerates the \\r\\n\\n terminator Asterisk has been seen to send', () => {
    const bytes = Buffer.from('Event: CoreShowChannelMap\r\nChannel: X\r\n\nEvent: B\r\n\r\n');
    expect(parseChunks([bytes], { expectBanner: false }).messages).toEqual([
      { Event: 'CoreShowChannelMap', Channel: 'X' },
      { Event: 'B' },
    ]);
  });

  it('skips blank lines between messages', () => {
    const bytes = Buffer.from('\r\n\r\nEvent: A\r\n\r\n\r\n\nEvent: B\r\n\r\n');
    expect(parseChunks([bytes], { expectBanner: false }).messages).toEqual([{ Event: 'A' }, { Event: 'B' }]);
  });

  it('keeps lines without a colon instead of failing the message', () => {
    expect(parseMessage('Response: Success\r\nraw text line\r\n\r\n')).toEqual({
      Response: 'Success',
      Output: ['raw text line'],
    });
  });

  it('treats a header named __proto__ as data', () => {
    const message = parseMessage('Event: X\r\n__proto__: polluted\r\n\r\n');
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(message.__proto__).toBe('polluted');
  });

  it('refuses a banner longer than maxBannerBytes, whole or in pieces', () => {
    const hostile = Buffer.from(`Asterisk Call Manager/${'/'.repeat(100_000)} x\r\n`);
    expect(() => parseChunks([hostile])).toThrow(AmiProtocolError);
    expect(() => parseChunks(splitAt(hostile, [10, 300, 600]))).toThrow(/banner/);
    // a banner without a line end is refused once it is too long, not buffered up to the message limit
    expect(() => parseChunks([Buffer.from('x'.repeat(600))])).toThrow(/banner/);
    expect(parseChunks([Buffer.from(`Asterisk Call Manager/${'9'.repeat(400)}\r\n`)]).banner).toHaveLength(422);
  });

  it('ends a Follows answer that lost its --END COMMAND-- marker where the next message starts', () => {
    const stream =
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 1\r\nline one\n\nline three\n\r\n' +
      'Event: Hangup\r\nChannel: SIP/a\r\n\r\n' +
      'Response: Success\r\nActionID: 2\r\nPing: Pong\r\n\r\n';
    const messages: AmiMessage[] = [];
    const sizes: number[] = [];
    const parser = new AmiParser({ expectBanner: false });
    for (const chunk of splitAt(Buffer.from(stream), [70, 71, 95])) {
      parser.parse(chunk, (message, bytes) => {
        messages.push(message);
        sizes.push(bytes);
      });
    }
    expect(messages).toEqual([
      { Response: 'Follows', Privilege: 'Command', ActionID: '1', Output: ['line one', '', 'line three'] },
      { Event: 'Hangup', Channel: 'SIP/a' },
      { Response: 'Success', ActionID: '2', Ping: 'Pong' },
    ]);
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(stream.length);
  });

  it('reports the size of each message as received', () => {
    const sizes: number[] = [];
    new AmiParser().parse(STREAM, (_, bytes) => sizes.push(bytes));
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(STREAM.toString('utf8').length - BANNER.length);
  });

  it('fails with AmiProtocolError when a message exceeds the limit, across chunks', () => {
    const parser = new AmiParser({ expectBanner: false, maxMessageBytes: 64 });
    parser.parse(Buffer.from('Event: Big\r\n'), () => undefined);
    expect(() => parser.parse(Buffer.from(`Data: ${'x'.repeat(80)}`), () => undefined)).toThrow(AmiProtocolError);
    expect(() => parser.parse(Buffer.from('\r\n\r\n'), () => undefined)).toThrow(AmiProtocolError);
  });

  it('does not count bytes of finished messages against the limit', () => {
    const parser = new AmiParser({ expectBanner: false, maxMessageBytes: 64 });
    const messages: AmiMessage[] = [];
    for (let i = 0; i < 100; i++) parser.parse(Buffer.from(`Event: E\r\nN: ${i}\r\n\r\n`), (m) => messages.push(m));
    expect(messages).toHaveLength(100);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('round-trips arbitrary header values (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_()-]{0,20}$/);
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((v) => !/[\r\n]/.test(v));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 12 }),
        (pairs, cuts) => {
          const unique = new Map(pairs.filter(([n]) => n !== 'Output' && n !== 'Response'));
          unique.delete('__proto__');
          const fields = { Event: 'Test', ...Object.fromEntries(unique) };
          const text = Object.entries(fields)
            .map(([n, v]) => `${n}: ${v}\r\n`)
            .join('');
          const bytes = Buffer.from(`${text}\r\n`);
          const { messages } = parseChunks(splitAt(bytes, cuts), { expectBanner: false });
          expect(messages).toEqual([fields]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('AmiParser: messages of a kind seen before (shapes)', () => {
  /** Parses `texts` in order through one parser, so later messages reuse earlier shapes. */
  function parseInSequence(texts: readonly string[]): AmiMessage[] {
    const messages: AmiMessage[] = [];
    const parser = new AmiParser({ expectBanner: false });
    for (const text of texts) parser.feed(text, (message) => messages.push(message));
    return messages;
  }

  /** Each message as a fresh parser reads it: what the shared parser must give too. */
  function parseAlone(texts: readonly string[]): AmiMessage[] {
    return texts.map((text) => parseMessage(text.slice(0, -2)));
  }

  it('gives each message exactly its own headers, whatever the messages of its kind before it had (property)', () => {
    const name = fc.constantFrom(
      'Channel',
      'ChannelState',
      'Cause-txt',
      'Uniqueid',
      'Linkedid',
      'Cause',
      'ChanVariable',
      'Output',
      'constructor',
      '__proto__',
      'a"]: 1, "b',
      '}; throw 1; //',
      'Value',
    );
    const header = fc.oneof(
      fc.tuple(name, fc.constantFrom('', 'x', 'SIP/100-0001', ' spaced ')).map(([n, v]) => `${n}: ${v}`),
      fc.constant('raw line without a colon'),
    );
    const message = fc
      .tuple(
        fc.constantFrom('Event: Hangup', 'Event: Newchannel', 'Response: Success'),
        fc.array(header, { maxLength: 8 }),
      )
      .map(([first, headers]) => [first, ...headers].map((line) => `${line}\r\n`).join('') + '\r\n');
    // Messages of a kind repeat, so that shapes are learned, built, matched and broken.
    const stream = fc
      .array(fc.tuple(message, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 30 })
      .map((runs) => runs.flatMap(([text, times]) => Array<string>(times).fill(text)));
    fc.assert(
      fc.property(stream, (texts) => {
        const inSequence = parseInSequence(texts);
        const alone = parseAlone(texts);
        // (toEqual, not toStrictEqual: a header named "constructor" is an own property here.)
        expect(inSequence).toEqual(alone);
        expect(inSequence.map((m) => Object.keys(m))).toEqual(alone.map((m) => Object.keys(m)));
        for (const parsed of inSequence) {
          expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the order of the headers as received when the same kind comes in another order', () => {
    const texts = [
      'Event: Hangup\r\nChannel: A\r\nCause: 16\r\n\r\n',
      'Event: Hangup\r\nChannel: A\r\nCause: 16\r\n\r\n',
      'Event: Hangup\r\nChannel: A\r\nCause: 16\r\n\r\n',
      'Event: Hangup\r\nCause: 17\r\nChannel: B\r\n\r\n',
      'Event: Hangup\r\nChannel: C\r\n\r\n',
      'Event: Hangup\r\nChannel: D\r\nCause: 1\r\nExtra: y\r\n\r\n',
    ];
    const messages = parseInSequence(texts);
    expect(messages.map((m) => Object.keys(m))).toEqual([
      ['Event', 'Channel', 'Cause'],
      ['Event', 'Channel', 'Cause'],
      ['Event', 'Channel', 'Cause'],
      ['Event', 'Cause', 'Channel'],
      ['Event', 'Channel'],
      ['Event', 'Channel', 'Cause', 'Extra'],
    ]);
    expect(messages[3]).toEqual({ Event: 'Hangup', Cause: '17', Channel: 'B' });
  });

  it('writes header names that look like code as data', () => {
    const text = 'Event: X\r\na"]: globalThis.pwned = 1, "b: v\r\n}; globalThis.pwned = 1; //: w\r\n\r\n';
    const messages = parseInSequence([text, text, text, text]);
    expect(messages[3]).toEqual({
      Event: 'X',
      'a"]': 'globalThis.pwned = 1, "b: v',
      '}; globalThis.pwned = 1; //': 'w',
    });
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('still parses when code generation is not allowed (--disallow-code-generation-from-strings)', () => {
    const text = 'Event: Hangup\r\nChannel: A\r\nCause: 16\r\n\r\n';
    vi.stubGlobal(
      'Function',
      class {
        constructor() {
          throw new EvalError('Code generation from strings disallowed for this context');
        }
      },
    );
    try {
      expect(parseInSequence([text, text, text, text])).toEqual(
        Array<AmiMessage>(4).fill({ Event: 'Hangup', Channel: 'A', Cause: '16' }),
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
