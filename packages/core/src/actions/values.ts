import type { AmiFieldValue } from '../protocol/message.js';

/**
 * A value of a required action parameter: anything a header accepts except `null` and
 * `undefined`. The generated action packages type their required parameters with it.
 */
export type AmiValue = Exclude<AmiFieldValue, null | undefined>;

/**
 * Headers any event may carry besides its own: the base of the generated event interfaces, which
 * (unlike `AmiEvent`) have no catch-all index signature, so a misspelt header fails to compile.
 * Read headers outside the spec with `getField(event, name)`.
 */
export interface AmiEventHeaders {
  /** The event name, e.g. `Newchannel`. */
  readonly Event: string;
  /** The event's read classes as Asterisk lists them (`call,all`). */
  readonly Privilege?: string;
  /** Present on events that answer an action: list items and closing events. */
  readonly ActionID?: string;
  /** The server's `systemname` from asterisk.conf, when it is set (Asterisk 12 and later). */
  readonly SystemName?: string;
}
