import type { AmiMessage, AmiResponse } from '../protocol/message.js';

/** Stable machine-readable codes, one per error class. */
export type AmiErrorCode =
  | 'AMI_ERROR'
  | 'AMI_CONNECTION'
  | 'AMI_TIMEOUT'
  | 'AMI_AUTH'
  | 'AMI_ACTION'
  | 'AMI_PROTOCOL'
  | 'AMI_INPUT'
  | 'AMI_ABORTED'
  | 'AMI_POOL_EXHAUSTED'
  | 'AMI_POOL_CLOSED'
  | 'AMI_POOL_MISUSE'
  | 'AMI_EVENT_OVERFLOW'
  | 'AMI_VERSION_MISMATCH';

/** Base class of every error tsami throws. Check `code` rather than the message text. */
export class AmiError extends Error {
  readonly code: AmiErrorCode = 'AMI_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The connection could not be opened, dropped, or was closed while the action was in flight. */
export class AmiConnectionError extends AmiError {
  override readonly code = 'AMI_CONNECTION';
}

/** An action (or connect, or a pool acquire) took longer than its timeout. */
export class AmiTimeoutError extends AmiError {
  override readonly code = 'AMI_TIMEOUT';
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Asterisk refused the login (wrong user or secret, or a denied address). */
export class AmiAuthError extends AmiError {
  override readonly code = 'AMI_AUTH';
  constructor(
    message: string,
    readonly response?: AmiResponse,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Asterisk answered `Response: Error`. The full response is kept. */
export class AmiActionError extends AmiError {
  override readonly code = 'AMI_ACTION';
  constructor(
    message: string,
    readonly action: string,
    readonly response: AmiResponse,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The server sent bytes that are not AMI, or a message over the size limit. */
export class AmiProtocolError extends AmiError {
  override readonly code = 'AMI_PROTOCOL';
  constructor(
    message: string,
    /** The offending message, when one was parsed. */
    readonly received?: AmiMessage,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An action was refused before anything was written: a bad header name or value, or a missing parameter. */
export class AmiInputError extends AmiError {
  override readonly code = 'AMI_INPUT';
  constructor(
    message: string,
    /** The offending header or parameter name. */
    readonly field: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class AmiAbortError extends AmiError {
  override readonly code = 'AMI_ABORTED';
}

/** No pooled connection became free within `acquireTimeoutMs`. */
export class AmiPoolExhaustedError extends AmiError {
  override readonly code = 'AMI_POOL_EXHAUSTED';
}

/** The pool was closed. */
export class AmiPoolClosedError extends AmiError {
  override readonly code = 'AMI_POOL_CLOSED';
}

/** An event consumer fell behind and its `'error'` overflow policy ended the subscription. */
export class AmiEventOverflowError extends AmiError {
  override readonly code = 'AMI_EVENT_OVERFLOW';
}

/** A pool was used wrongly: a connection released twice, one from elsewhere, or used after release. */
export class AmiPoolMisuseError extends AmiError {
  override readonly code = 'AMI_POOL_MISUSE';
}
