/**
 * A message as Asterisk sent it: header names exactly as they were on the wire, each
 * value a string, or a string array (in wire order) when the header repeated.
 */
export interface AmiMessage {
  readonly [header: string]: string | string[] | undefined;
}

/** A message that answers an action (it carries `Response:`). */
export interface AmiResponse extends AmiMessage {
  /** `Success`, `Error`, `Follows` or `Goodbye`; what the action's outcome was. */
  readonly Response: string;
  /** The ActionID of the action this answers. */
  readonly ActionID?: string;
  /** Usually one line; an array where Asterisk repeats it (PresenceState sends two). */
  readonly Message?: string | string[];
  /** Command output, one entry per line, indentation kept (both the ≤13 and ≥14 forms). */
  readonly Output?: string[];
}

/** An event (it carries `Event:`). */
export interface AmiEvent extends AmiMessage {
  /** The event name, e.g. `Newchannel`. */
  readonly Event: string;
  /** Set on events that answer an action (list items), to the ActionID of that action. */
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
  /** The AMI action name, e.g. `Originate`. */
  readonly Action: string;
  /** Correlates the answer; the client sets a unique one when omitted. */
  readonly ActionID?: string;
  readonly [header: string]: AmiFieldValue;
}

/**
 * What an event-list action resolves with. Items and closing event may be any event type, also
 * the generated interfaces that (unlike `AmiEvent`) have no index signature.
 */
export interface AmiListResult<
  E extends { readonly Event: string } = AmiEvent,
  C extends { readonly Event: string } = AmiEvent,
> {
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
 *
 * Also the way to read a header the typed event and response interfaces do not declare
 * (`ChanVariable(…)`, custom `UserEvent` headers, a newer release's additions): those interfaces
 * have no catch-all index signature, so `event.Cuase` fails to compile, while
 * `getField(event, 'X-Custom')` reads whatever arrived.
 */
export function getField(message: object, name: string): string | string[] | undefined {
  const headers = message as AmiMessage;
  const exact = headers[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const key in headers) {
    if (key.length === name.length && key.toLowerCase() === lower) return headers[key];
  }
  return undefined;
}

/** Like {@link getField}, but a repeated header gives its first value. */
export function getFieldString(message: object, name: string): string | undefined {
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
