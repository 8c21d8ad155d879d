/**
 * A message as Asterisk sent it: header names exactly as they were on the wire, each
 * value a string, or a string array (in wire order) when the header repeated.
 */
export interface AmiMessage {
  readonly [header: string]: string | string[] | undefined;
}

/** A message that answers an action (it carries `Response:`). */
export interface AmiResponse extends AmiMessage {
  readonly Response: string;
  readonly ActionID?: string;
  /** Usually one line; an array where Asterisk repeats it (PresenceState sends two). */
  readonly Message?: string | string[];
  /** Command output, one entry per line, indentation kept (both the ≤13 and ≥14 forms). */
  readonly Output?: string[];
}

/** An event (it carries `Event:`). */
export interface AmiEvent extends AmiMessage {
  readonly Event: string;
  readonly ActionID?: string;
}

/** A value an action header accepts. Arrays repeat the header; an object is written as `key=value` lines. */
export type AmiFieldValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | readonly (string | number | boolean | bigint)[]
  | { readonly [key: string]: string | number | boolean | bigint | null | undefined };

/** An action to send: `Action` plus headers keyed by their exact AMI names. */
export interface AmiAction {
  readonly Action: string;
  readonly ActionID?: string;
  readonly [header: string]: AmiFieldValue;
}

/** What an event-list action resolves with. */
export interface AmiListResult<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent> {
  /** The first answer (`Response: Success`, usually with `EventList: start`). */
  readonly response: AmiResponse;
  /** The list items, in arrival order (the closing event is not among them). */
  readonly events: E[];
  /** The event that closed the list (`EventList: Complete` or the action's `*Complete` event). */
  readonly complete: C;
}

/**
 * Reads a header by name, ignoring case: Asterisk is not consistent about header case
 * (`Uniqueid`/`UniqueID`, `CallerIDnum`/`CallerIDNum`). The exact name wins when present.
 */
export function getField(message: AmiMessage, name: string): string | string[] | undefined {
  const exact = message[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const key in message) {
    if (key.length === name.length && key.toLowerCase() === lower) return message[key];
  }
  return undefined;
}

/** Like {@link getField}, but a repeated header gives its first value. */
export function getFieldString(message: AmiMessage, name: string): string | undefined {
  const value = getField(message, name);
  return Array.isArray(value) ? value[0] : value;
}

/** True when the message is an event. */
export function isEvent(message: AmiMessage): message is AmiEvent {
  return typeof message.Event === 'string';
}

/** True when the message answers an action. */
export function isResponse(message: AmiMessage): message is AmiResponse {
  return typeof message.Response === 'string';
}
