/** Stable machine-readable codes of the errors `@tsami/live` throws. */
export type LiveErrorCode =
  | 'LIVE_UNSUPPORTED_ASTERISK'
  | 'LIVE_CALL_FAILED'
  | 'LIVE_CALL_ABORTED'
  | 'LIVE_CALL_TIMEOUT'
  | 'LIVE_CALL_LOST'
  | 'LIVE_LIMIT'
  | 'LIVE_CLOSED';

/** Base class of every error of `@tsami/live`. Check `code` rather than the message text. */
export class LiveError extends Error {
  /** Fixed class name (survives minification); each subclass sets its own. */
  override name = 'LiveError';
  /** Stable code of the error, one per class (see {@link LiveErrorCode}). */
  readonly code: LiveErrorCode;

  constructor(code: LiveErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The server speaks the Asterisk ≤11 event model (AMI 1.x); `@tsami/live` needs Asterisk 12 or later. */
export class UnsupportedAsteriskError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'UnsupportedAsteriskError';
  constructor(
    message: string,
    /** The AMI version the server announced, e.g. `1.4` for Asterisk 11. */
    readonly amiVersion: string | undefined,
  ) {
    super('LIVE_UNSUPPORTED_ASTERISK', message);
  }
}

/** A bounded collection (channels, bridges, parallel calls, buffered events, …) is full. */
export class LiveLimitError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'LiveLimitError';
  constructor(
    message: string,
    /** What is full, e.g. `channels`. */
    readonly limit: string,
    /** Its configured maximum. */
    readonly max: number,
  ) {
    super('LIVE_LIMIT', message);
  }
}

/** `LiveState` was closed, or used before `start()`. */
export class LiveClosedError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'LiveClosedError';
  constructor(message: string) {
    super('LIVE_CLOSED', message);
  }
}
