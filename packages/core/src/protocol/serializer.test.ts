import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiInputError } from '../errors/errors.js';
import type { AmiAction } from './message.js';
import { parseMessage } from './parser.js';
import { MAX_HEADERS, MAX_LINE_BYTES, serializeAction } from './serializer.js';

function inputError(fn: () => unknown): AmiInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AmiInputError);
    return error as AmiInputError;
  }
  throw new Error('expected AmiInputError');
}

describe('serializeAction', () => {
  it('writes Action, then ActionID, then the headers in order, then a blank line', () => {
    const text = serializeAction(
      { Channel: 'Local/1@x', Action: 'Originate', Priority: 1, Async: true, Timeout: 30000n },
      'id-1',
    );
    expect(text).toBe(
      'Action: Originate\r\nActionID: id-1\r\nChannel: Local/1@x\r\nPriority: 1\r\nAsync: true\r\nTimeout: 30000\r\n\r\n',
    );
  });

  it('repeats array headers and skips undefined and null', () => {
    const text = serializeAction({ Action: 'X', Variable: ['A=1', 'B=2'], Skip: undefined, Null: null }, 'i');
    expect(text).toBe('Action: X\r\nActionID: i\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n');
  });

  it('writes an object as name=value lines, escaping what Asterisk would split or strip', () => {
    const text = serializeAction(
      { Action: 'Originate', Variable: { FOO: 'bar', CSV: 'a,b', Q: 'say "hi" \\ (x) [y]' } },
      'i',
    );
    expect(text).toBe(
      'Action: Originate\r\nActionID: i\r\nVariable: FOO=bar\r\nVariable: CSV=a\\,b\r\n' +
        'Variable: Q=say \\"hi\\" \\\\ \\(x\\) \\[y\\]\r\n\r\n',
    );
  });

  it.each([
    ['CR in a value', { Action: 'Originate', CallerID: 'x\rAction: Hangup' }, 'CallerID'],
    ['LF in a value', { Action: 'Originate', CallerID: 'x\nAction: Hangup' }, 'CallerID'],
    ['CRLF in an array item', { Action: 'X', Variable: ['ok', 'a\r\nAction: Hangup'] }, 'Variable'],
    ['LF in a Variable object value', { Action: 'X', Variable: { A: 'b\nAction: Hangup' } }, 'Variable'],
    ['LF in a Variable object key', { Action: 'X', Variable: { 'A\nB': 'c' } }, 'Variable'],
    ['NUL in a value', { Action: 'X', Data: 'a\u0000b' }, 'Data'],
    ['LF in the action name', { Action: 'Ping\nAction: Hangup' }, 'Action'],
    ['a colon in a name', { Action: 'X', 'Bad:Name': '1' }, 'Bad:Name'],
    ['a space in a name', { Action: 'X', 'Bad Name': '1' }, 'Bad Name'],
    ['an empty name', { Action: 'X', '': '1' }, ''],
    ['a second actionid', { Action: 'X', actionid: 'mine' }, 'actionid'],
    ['a second action', { Action: 'X', ACTION: 'Hangup' }, 'ACTION'],
    ['an empty action', { Action: '' }, 'Action'],
  ] as [string, AmiAction, string][])('refuses %s, naming the field', (_label, action, field) => {
    expect(inputError(() => serializeAction(action, 'id')).field).toBe(field);
  });

  it('refuses an ActionID with a line break', () => {
    expect(inputError(() => serializeAction({ Action: 'Ping' }, 'x\r\nAction: Hangup')).field).toBe('ActionID');
  });

  it(`refuses a line longer than ${MAX_LINE_BYTES} bytes, counting UTF-8 bytes`, () => {
    const prefix = 'Data: '.length + 2;
    expect(() => serializeAction({ Action: 'X', Data: 'a'.repeat(MAX_LINE_BYTES - prefix) }, 'i')).not.toThrow();
    expect(
      inputError(() => serializeAction({ Action: 'X', Data: 'a'.repeat(MAX_LINE_BYTES - prefix + 1) }, 'i')).field,
    ).toBe('Data');
    // 'é' is two bytes in UTF-8
    expect(inputError(() => serializeAction({ Action: 'X', Data: 'é'.repeat(510) }, 'i')).field).toBe('Data');
  });

  it(`refuses more than ${MAX_HEADERS} headers`, () => {
    const many = Array.from({ length: MAX_HEADERS - 1 }, (_, i) => `V${i}=1`);
    expect(() => serializeAction({ Action: 'X', Variable: many.slice(0, MAX_HEADERS - 2) }, 'i')).not.toThrow();
    expect(() => serializeAction({ Action: 'X', Variable: many }, 'i')).toThrow(AmiInputError);
  });

  it('never lets CR or LF escape into the output (property)', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 30 });
    const value = fc.oneof(
      anyText,
      fc.array(anyText, { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 8 }), anyText, { maxKeys: 4 }),
      fc.integer(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), value, { maxKeys: 6 }),
        anyText,
        (headers, id) => {
          let text: string;
          try {
            text = serializeAction({ ...headers, Action: 'Test' }, id);
          } catch (error) {
            expect(error).toBeInstanceOf(AmiInputError);
            return;
          }
          const lines = text.split('\r\n');
          // Every line is one header: no stray CR or LF anywhere, and exactly one blank line at the end.
          expect(lines.slice(0, -2).every((line) => line.length > 0 && !/[\r\n]/.test(line))).toBe(true);
          expect(lines.slice(-2)).toEqual(['', '']);
          const parsed = parseMessage(text);
          expect(parsed.Action).toBe('Test');
          expect(parsed.ActionID).toBe(id);
        },
      ),
      { numRuns: 500 },
    );
  });
});
