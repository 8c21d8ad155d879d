import type { AmiMessage, AmiResponse } from '../protocol/message.js';

/** Stable machine-readable codes, one per error class. */
export type AmiErrorCode =
  | 'AMI_ERROR'
  | 'AMI_CONNECTION'
  | 'AMI_CLOSED'
  | 'AMI_TIMEOUT'
  | 'AMI_AUTH'
  | 'AMI_ACTION'
  | 'AMI_PROTOCOL'
  | 'AMI_INPUT'
  | 'AMI_ABORTED'
  | 'AMI_LIMIT'
  | 'AMI_POOL_EXHAUSTED'
  | 'AMI_POOL_CLOSED'
  | 'AMI_POOL_MISUSE'
  | 'AMI_EVENT_OVERFLOW'
  | 'AMI_VERSION_MISMATCH';

/** Options of the errors that say whether the action reached the socket. */
export interface AmiSendErrorOptions extends ErrorOptions {
  /** True once the action was handed to the socket (Asterisk may have run it). Default false. */
  sent?: boolean;
}

// Names are set explicitly on each class (not from `new.target.name`): minifiers rename classes.

/** Base class of every error tsami throws. Check `code` rather than the message text. */
export class AmiError extends Error {
  /** The error class name, set explicitly (not taken from the constructor) so minified builds keep it. */
  override name = 'AmiError';
  /** Stable code of the error class; switch on it rather than on the message. */
  readonly code: AmiErrorCode = 'AMI_ERROR';
}

/**
 * An error that can end an action, saying whether the action had been written to the socket:
 * `sent: false` means Asterisk never saw it and retrying is safe; `sent: true` means it may
 * have run (a retried Originate may ring a second time).
 */
export abstract class AmiSendError extends AmiError {
  /** Whether the action had been written to the socket (false: never reached Asterisk). */
  readonly sent: boolean;
  constructor(message: string, options?: AmiSendErrorOptions) {
    super(message, options);
    this.sent = options?.sent ?? false;
  }
}

/** The connection could not be opened, dropped, or was closed while the action was in flight. */
export class AmiConnectionError extends AmiSendError {
  /** Always `'AmiConnectionError'`, set explicitly so minified builds keep it. */
  override name = 'AmiConnectionError';
  /** Stable code: `'AMI_CONNECTION'`, or `'AMI_CLOSED'` on the subclass {@link AmiClosedError}. */
  override readonly code: 'AMI_CONNECTION' | 'AMI_CLOSED' = 'AMI_CONNECTION';
}

/**
 * The client was closed by its user (`close()` or `destroy()`) before the action was answered
 * or before `connect()` completed. A subclass of `AmiConnectionError` with its own code.
 */
export class AmiClosedError extends AmiConnectionError {
  /** Always `'AmiClosedError'`, set explicitly so minified builds keep it. */
  override name = 'AmiClosedError';
  /** Stable code of this error class: `'AMI_CLOSED'`. */
  override readonly code = 'AMI_CLOSED';
}

/**
 * An action (or connect, or a pool acquire) took longer than its timeout, or its signal fired
 * with a `TimeoutError` reason (`AbortSignal.timeout()`). `sent` as on `AmiSendError`.
 */
export class AmiTimeoutError extends AmiSendError {
  /** Always `'AmiTimeoutError'`, set explicitly so minified builds keep it. */
  override name = 'AmiTimeoutError';
  /** Stable code of this error class: `'AMI_TIMEOUT'`. */
  override readonly code = 'AMI_TIMEOUT';
  constructor(
    message: string,
    /** The timeout that expired; undefined when it came from a signal's `TimeoutError`. */
    readonly timeoutMs: number | undefined,
    options?: AmiSendErrorOptions,
  ) {
    super(message, options);
  }
}

/** Asterisk refused the login (wrong user or secret, or a denied address). */
export class AmiAuthError extends AmiError {
  /** Always `'AmiAuthError'`, set explicitly so minified builds keep it. */
  override name = 'AmiAuthError';
  /** Stable code of this error class: `'AMI_AUTH'`. */
  override readonly code = 'AMI_AUTH';
  constructor(
    message: string,
    /** The refusing response, when Asterisk sent one. */
    readonly response?: AmiResponse,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Asterisk answered `Response: Error`. The full response is kept. */
export class AmiActionError extends AmiError {
  /** Always `'AmiActionError'`, set explicitly so minified builds keep it. */
  override name = 'AmiActionError';
  /** Stable code of this error class: `'AMI_ACTION'`. */
  override readonly code = 'AMI_ACTION';
  constructor(
    message: string,
    /** The AMI action name that failed, e.g. `Originate`. */
    readonly action: string,
    /** The `Response: Error` message as received; `Message` says why. */
    readonly response: AmiResponse,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The server sent bytes that are not AMI, or a message over the size limit. */
export class AmiProtocolError extends AmiError {
  /** Always `'AmiProtocolError'`, set explicitly so minified builds keep it. */
  override name = 'AmiProtocolError';
  /** Stable code of this error class: `'AMI_PROTOCOL'`. */
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
  /** Always `'AmiInputError'`, set explicitly so minified builds keep it. */
  override name = 'AmiInputError';
  /** Stable code of this error class: `'AMI_INPUT'`. */
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

/** The caller's AbortSignal fired. `cause` is the signal's reason; `sent` as on `AmiSendError`. */
export class AmiAbortError extends AmiSendError {
  /** Always `'AmiAbortError'`, set explicitly so minified builds keep it. */
  override name = 'AmiAbortError';
  /** Stable code of this error class: `'AMI_ABORTED'`. */
  override readonly code = 'AMI_ABORTED';
}

/**
 * A bound was reached: the queue of actions not yet written is full (`sent` false, nothing was
 * written), or a list answer exceeded `maxListItems`/`maxListBytes` (`sent` true). `limit`
 * names the option that sets the bound. The connection stays up.
 */
export class AmiLimitError extends AmiSendError {
  /** Always `'AmiLimitError'`, set explicitly so minified builds keep it. */
  override name = 'AmiLimitError';
  /** Stable code of this error class: `'AMI_LIMIT'`. */
  override readonly code = 'AMI_LIMIT';
  constructor(
    message: string,
    /** The option that sets the bound, e.g. `maxUnwrittenBytes`. */
    readonly limit: string,
    options?: AmiSendErrorOptions,
  ) {
    super(message, options);
  }
}

/** No pooled connection became free within `acquireTimeoutMs`. `sent` is false: no action ran. */
export class AmiPoolExhaustedError extends AmiSendError {
  /** Always `'AmiPoolExhaustedError'`, set explicitly so minified builds keep it. */
  override name = 'AmiPoolExhaustedError';
  /** Stable code of this error class: `'AMI_POOL_EXHAUSTED'`. */
  override readonly code = 'AMI_POOL_EXHAUSTED';
}

/** The pool was closed. `sent` is false: no connection was lent, no action ran. */
export class AmiPoolClosedError extends AmiSendError {
  /** Always `'AmiPoolClosedError'`, set explicitly so minified builds keep it. */
  override name = 'AmiPoolClosedError';
  /** Stable code of this error class: `'AMI_POOL_CLOSED'`. */
  override readonly code = 'AMI_POOL_CLOSED';
}

/** An event consumer fell behind and its `'error'` overflow policy ended the subscription. */
export class AmiEventOverflowError extends AmiError {
  /** Always `'AmiEventOverflowError'`, set explicitly so minified builds keep it. */
  override name = 'AmiEventOverflowError';
  /** Stable code of this error class: `'AMI_EVENT_OVERFLOW'`. */
  override readonly code = 'AMI_EVENT_OVERFLOW';
}

/** A pool was used wrongly: a connection released twice, one from elsewhere, or used after release. */
export class AmiPoolMisuseError extends AmiError {
  /** Always `'AmiPoolMisuseError'`, set explicitly so minified builds keep it. */
  override name = 'AmiPoolMisuseError';
  /** Stable code of this error class: `'AMI_POOL_MISUSE'`. */
  override readonly code = 'AMI_POOL_MISUSE';
}
