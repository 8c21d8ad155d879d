import { AmiInputError } from '../errors/errors.js';
import type { AmiAction, AmiFieldValue } from './message.js';

/**
 * Asterisk reads each action line into a 1025-byte buffer (`inbuf` in main/manager.c) and
 * drops a line that does not end within 1024 bytes, terminator included.
 */
export const MAX_LINE_BYTES = 1024;

/** Asterisk keeps at most this many headers of one action (`AST_MAX_MANHEADERS`) and ignores the rest. */
export const MAX_HEADERS = 128;

type Scalar = string | number | boolean | bigint;

function scalarToString(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}

/** Header names are tokens: visible ASCII without `:`, never empty. */
function checkName(name: string): void {
  if (name.length === 0) throw new AmiInputError('header name must not be empty', name);
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || code === 0x3a) {
      throw new AmiInputError(
        `header name ${JSON.stringify(name)} contains ${describe(code)}; names must be visible ASCII without ":" or spaces`,
        name,
      );
    }
  }
}

/** A CR or LF would end the line early and let the rest be read as headers of its own. */
function checkValue(name: string, value: string): void {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x0d || code === 0x0a || code === 0) {
      throw new AmiInputError(`value of "${name}" contains ${describe(code)}, which AMI cannot carry`, name);
    }
  }
}

function describe(code: number): string {
  if (code === 0x0d) return 'a carriage return (CR)';
  if (code === 0x0a) return 'a line feed (LF)';
  if (code === 0) return 'a NUL byte';
  if (code === 0x20) return 'a space';
  if (code === 0x3a) return 'a colon';
  return `the character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
}

/**
 * Characters that Asterisk's argument splitter (`__ast_app_separate_args`) treats as syntax
 * inside a `Variable:` value: `,` separates pairs, quotes and brackets group, `\` escapes.
 * A backslash before each keeps the value exactly as given.
 */
function escapeVariablePart(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \ , " ( ) [ ]
    if (c === 0x5c || c === 0x2c || c === 0x22 || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d) {
      out += text.slice(last, i) + '\\';
      last = i;
    }
  }
  return out === '' ? text : out + text.slice(last);
}

class LineWriter {
  private readonly lines: string[] = [];

  add(name: string, value: string): void {
    checkValue(name, value);
    const line = `${name}: ${value}\r\n`;
    // A UTF-16 code unit is at most 3 UTF-8 bytes: short lines need no byte count.
    const bytes = line.length * 3 <= MAX_LINE_BYTES ? line.length : Buffer.byteLength(line);
    if (bytes > MAX_LINE_BYTES) {
      throw new AmiInputError(
        `header "${name}" is ${bytes} bytes long with its line end; Asterisk drops lines over ${MAX_LINE_BYTES} bytes`,
        name,
      );
    }
    this.lines.push(line);
    if (this.lines.length > MAX_HEADERS) {
      throw new AmiInputError(`action has more than ${MAX_HEADERS} headers; Asterisk ignores the rest`, name);
    }
  }

  finish(): string {
    return this.lines.join('') + '\r\n';
  }
}

function addField(writer: LineWriter, name: string, value: AmiFieldValue): void {
  if (value === undefined || value === null) return;
  if (isScalar(value)) {
    writer.add(name, scalarToString(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value as readonly unknown[]) {
      if (!isScalar(item)) throw new AmiInputError(`"${name}" must hold strings, numbers or booleans`, name);
      writer.add(name, scalarToString(item));
    }
    return;
  }
  if (typeof value === 'object') {
    // { FOO: 'bar' } → one `Name: FOO=bar` line per pair, escaped so Asterisk reads it back as given.
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || item === null) continue;
      if (!isScalar(item)) throw new AmiInputError(`"${name}.${key}" must be a string, number or boolean`, name);
      if (key.length === 0 || key.includes('=')) {
        throw new AmiInputError(`"${name}" key ${JSON.stringify(key)} must be non-empty and contain no "="`, name);
      }
      checkValue(name, key);
      writer.add(name, `${escapeVariablePart(key)}=${escapeVariablePart(scalarToString(item))}`);
    }
    return;
  }
  throw new AmiInputError(`"${name}" has an unsupported value of type ${typeof value}`, name);
}

/**
 * Turns an action into the bytes to write: `Action` first, then `ActionID`, then the other
 * headers in the object's order, then the blank line. Throws `AmiInputError` naming the field
 * when anything could break the framing; in that case nothing at all is produced.
 */
export function serializeAction(action: AmiAction, actionId: string): string {
  const writer = new LineWriter();
  if (typeof action.Action !== 'string' || action.Action.length === 0) {
    throw new AmiInputError('"Action" must be a non-empty string', 'Action');
  }
  writer.add('Action', action.Action);
  writer.add('ActionID', actionId);
  for (const name of Object.keys(action)) {
    if (name === 'Action' || name === 'ActionID') continue;
    checkName(name);
    const lower = name.toLowerCase();
    // Asterisk reads the first occurrence of a header without regard to case, so a second
    // "actionid" or "action" would be ignored or, written first, hijack the action.
    if (lower === 'action' || lower === 'actionid') {
      throw new AmiInputError(`"${name}" duplicates a reserved header; use "Action"/"ActionID"`, name);
    }
    addField(writer, name, action[name]);
  }
  return writer.finish();
}
