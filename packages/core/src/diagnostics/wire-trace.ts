import { debuglog } from 'node:util';
import { SECRET_MASK } from '../connection/secret.js';

/** Receives every frame written to or read from the socket, secrets masked. */
export type WireTrace = (direction: 'out' | 'in', text: string) => void;

// Header values that let someone log in: the secret, the MD5 key, the challenge it answers.
const SECRET_HEADERS = /^(Secret|Key|Challenge)(:[ \t]*)(.*)$/gim;

/** The frame with the values of `Secret`, `Key` and `Challenge` headers replaced by `***`. */
export function maskFrame(text: string): string {
  return text.replace(SECRET_HEADERS, (_line, name: string, colon: string) => `${name}${colon}${SECRET_MASK}`);
}

/**
 * The trace a client uses: its `trace` option, or `NODE_DEBUG=tsami` (printed to stderr by
 * Node's `util.debuglog`), or none.
 */
export function wireTrace(option: WireTrace | undefined): WireTrace | undefined {
  if (option) return (direction, text) => option(direction, maskFrame(text));
  const log = debuglog('tsami');
  if (!log.enabled) return undefined;
  return (direction, text) => log('%s %s', direction === 'out' ? '>>' : '<<', maskFrame(text).trimEnd());
}
