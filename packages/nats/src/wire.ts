import {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiConnectionError,
  AmiError,
  AmiInputError,
  AmiPoolClosedError,
  AmiPoolExhaustedError,
  AmiProtocolError,
  AmiSendError,
  AmiClosedError,
  AmiLimitError,
  AmiTimeoutError,
  type AmiAction,
  type AmiErrorCode,
  type AmiEvent,
  type AmiListResult,
  type AmiResponse,
} from '@tsami/core';

/** Request header carrying the caller's timeout in milliseconds. */
export const TIMEOUT_HEADER = 'Tsami-Timeout-Ms';
/** Request header naming the kind of action: `send` or `list`. */
export const KIND_HEADER = 'Tsami-Kind';
/** Header of a cancel notice: the ActionID whose waiting the caller gave up (aborted). */
export const CANCEL_HEADER = 'Tsami-Cancel';

/** The body of an action request. */
export interface ActionRequest {
  /** The action to run, as `pool.send` takes it. */
  readonly action: AmiAction;
  /** For `list` requests: the events that close the list. */
  readonly completeEvent?: readonly string[];
}

/** An error as it crosses the bus: core's code, its message, and whether the action reached Asterisk. */
export interface WireError {
  /** The core error's stable code. */
  readonly code: AmiErrorCode;
  /** The core error's message. */
  readonly message: string;
  /** False when the action was certainly never written to Asterisk. */
  readonly sent: boolean;
  /** The offending field of an `AMI_INPUT` error. */
  readonly field?: string;
  /** The action name and Asterisk's response of an `AMI_ACTION` error. */
  readonly action?: string;
  /** Asterisk's `Response: Error` of an `AMI_ACTION` error. */
  readonly response?: AmiResponse;
  /** The timeout that expired, of an `AMI_TIMEOUT` error. */
  readonly timeoutMs?: number | undefined;
  /** The option whose bound an `AMI_LIMIT` error reached. */
  readonly limit?: string;
}

/** The body of an action reply. */
export type ActionReply =
  | {
      /** The action succeeded. */
      readonly ok: true;
      /** Asterisk's response, for a `send` request. */
      readonly response: AmiResponse;
    }
  | {
      /** The action succeeded. */
      readonly ok: true;
      /** The response and the list's events, for a `list` request. */
      readonly list: AmiListResult;
    }
  | {
      /** The action failed. */
      readonly ok: false;
      /** Why, as the caller's side rebuilds it into a core error. */
      readonly error: WireError;
    };

/** An event as the bridge publishes it. */
export interface BusEventBody<E extends AmiEvent = AmiEvent> {
  /** The bridge's server name (the `<server>` of its subjects). */
  readonly server: string;
  /** When the bridge received it, ms since the epoch. */
  readonly receivedAt: number;
  /** The event as Asterisk sent it. */
  readonly event: E;
}

/** A bridge's state, published on `ami.<server>.status`. */
export type BridgeStatus =
  | {
      /** The bridge's server name (the `<server>` of its subjects). */
      readonly server: string;
      /** When the state changed, ms since the epoch. */
      readonly at: number;
      /** Logged in to Asterisk. */
      readonly state: 'connected';
    }
  | {
      /** The bridge's server name (the `<server>` of its subjects). */
      readonly server: string;
      /** When the state changed, ms since the epoch. */
      readonly at: number;
      /** The AMI connection dropped and a reconnect attempt is scheduled. */
      readonly state: 'reconnecting';
      /** The attempt about to be made, counting from 1. */
      readonly attempt: number;
      /** Why the previous connection or attempt failed. */
      readonly error?: string;
    }
  | {
      /** The bridge's server name (the `<server>` of its subjects). */
      readonly server: string;
      /** When the state changed, ms since the epoch. */
      readonly at: number;
      /** The AMI connection is down. */
      readonly state: 'disconnected';
      /** Why it went down. */
      readonly error: string;
    }
  | {
      /** The bridge's server name (the `<server>` of its subjects). */
      readonly server: string;
      /** When the state changed, ms since the epoch. */
      readonly at: number;
      /** Events may have been missed. */
      readonly state: 'gap';
      /** `reconnect`: AMI dropped; `overflow`: the bridge's own event buffer overflowed; `backlog`: NATS was too slow or down. */
      readonly reason: 'reconnect' | 'overflow' | 'backlog';
      /** Events known to be lost; 0 when unknown. */
      readonly dropped: number;
    }
  | {
      /** The bridge's server name (the `<server>` of its subjects). */
      readonly server: string;
      /** When the state changed, ms since the epoch. */
      readonly at: number;
      /** The bridge stopped. */
      readonly state: 'closed';
    };

/**
 * Whether a failed action may have reached Asterisk. Core's send errors (connection, timeout,
 * abort, limit, pool) carry `sent`; an input error was refused before anything was written; any
 * other failure counts as "maybe sent".
 */
export function wasSent(error: unknown): boolean {
  if (error instanceof AmiSendError) return error.sent;
  return !(error instanceof AmiInputError);
}

/** The error a bridge sends back for `error`, with `sent` known or assumed. */
export function toWireError(error: unknown, sent = wasSent(error)): WireError {
  if (error instanceof AmiError) {
    const base = { code: error.code, message: error.message, sent };
    if (error instanceof AmiActionError) return { ...base, action: error.action, response: error.response };
    if (error instanceof AmiInputError) return { ...base, field: error.field };
    if (error instanceof AmiTimeoutError) return { ...base, timeoutMs: error.timeoutMs };
    if (error instanceof AmiLimitError) return { ...base, limit: error.limit };
    return base;
  }
  return { code: 'AMI_ERROR', message: error instanceof Error ? error.message : String(error), sent };
}

/** Rebuilds, on the caller's side, the core error class a bridge reported, with its `sent`. */
export function fromWireError(error: WireError): AmiError {
  const message = `${error.message} (over NATS)`;
  const sent = { sent: error.sent };
  switch (error.code) {
    case 'AMI_ACTION':
      return new AmiActionError(message, error.action ?? '', error.response ?? { Response: 'Error' });
    case 'AMI_INPUT':
      return new AmiInputError(message, error.field ?? '');
    case 'AMI_TIMEOUT':
      return new AmiTimeoutError(message, error.timeoutMs, sent);
    case 'AMI_ABORTED':
      return new AmiAbortError(message, sent);
    case 'AMI_CLOSED':
      return new AmiClosedError(message, sent);
    case 'AMI_CONNECTION':
      return new AmiConnectionError(message, sent);
    case 'AMI_LIMIT':
      return new AmiLimitError(message, error.limit ?? '', sent);
    case 'AMI_POOL_EXHAUSTED':
      return new AmiPoolExhaustedError(message, sent);
    case 'AMI_POOL_CLOSED':
      return new AmiPoolClosedError(message, sent);
    case 'AMI_AUTH':
      return new AmiAuthError(message);
    case 'AMI_PROTOCOL':
      return new AmiProtocolError(message);
    default:
      return new AmiError(message);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Events, replies and statuses: strings and numbers only, so JSON's fast path applies. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** An action request: its headers may be bigints, which JSON lacks; they travel as their decimal text. */
export function encodeRequest(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function decodeJson(data: Uint8Array): unknown {
  return JSON.parse(decoder.decode(data));
}
