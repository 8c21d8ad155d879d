import { AmiInputError } from '@tsami/core';

/** The default first token of every subject. */
export const DEFAULT_PREFIX = 'ami';

/** The subjects of one prefix (default `ami`). */
export interface Subjects {
  /** Where the bridge publishes each event of `server` (into the stream). */
  event(server: string, eventName: string): string;
  /** Where the bridge of `server` serves actions (request/reply, in no stream). */
  action(server: string): string;
  /** Where the bridge of `server` publishes its state (connected, reconnecting, gap, ...; also into the stream). */
  status(server: string): string;
  /** Everything of `server`, or of every server: what an event consumer filters on. */
  server(server: string | undefined): string;
  /** The subjects the event stream holds. */
  readonly stream: readonly string[];
}

/**
 * Subject layout on the bus: `<prefix>.<server>.event.<EventName>`, `<prefix>.<server>.action`,
 * `<prefix>.<server>.status`. Requests stay outside the stream's subjects on purpose: a stream
 * that covers a request subject answers the requests itself.
 */
export function subjects(prefix: string = DEFAULT_PREFIX): Subjects {
  if (!TOKEN.test(prefix))
    throw new AmiInputError(`subject prefix ${JSON.stringify(prefix)} must be one token`, 'prefix');
  return {
    event: (server, eventName) => `${prefix}.${server}.event.${eventToken(eventName)}`,
    action: (server) => `${prefix}.${server}.action`,
    status: (server) => `${prefix}.${server}.status`,
    server: (server) => `${prefix}.${server ?? '*'}.>`,
    stream: [`${prefix}.*.event.>`, `${prefix}.*.status`],
  };
}

// A server name or prefix is one subject token: no dots, wildcards or whitespace.
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` can be one subject token (also a valid durable consumer name): 1-64 letters, digits, "_" or "-". */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Throws `AmiInputError` unless `name` can be a server's subject token. */
export function checkServerName(name: string): void {
  if (!TOKEN.test(name)) {
    throw new AmiInputError(
      `server name ${JSON.stringify(name)} must be 1-64 letters, digits, "_" or "-" (it becomes a NATS subject token)`,
      'server',
    );
  }
}

/** An event name as a subject token; characters NATS reserves become `_`. */
function eventToken(name: string): string {
  return name.replace(/[.*>\s]/g, '_') || '_';
}
