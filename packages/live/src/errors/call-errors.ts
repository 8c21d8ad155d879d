import { LiveError } from './errors.js';
import type { CallFailure } from '../originate/outcome.js';

/**
 * The call ended without being answered. `outcome` says why in one word; `reason` (the
 * OriginateResponse `Reason`), `hangupCause` (the Q.850 hangup cause), `dialStatus` (DialEnd) are
 * the raw facts it was derived from.
 */
export class CallFailedError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'CallFailedError';
  /** Why, in one word. */
  readonly outcome: CallFailure['outcome'];
  /** OriginateResponse `Reason` (0 failure, 1 hung up, 3 ring timeout, 5 busy, 8 congestion), when it came. */
  readonly reason: number | undefined;
  /** The `Reason` in words, or the error that refused the Originate. */
  readonly reasonText: string | undefined;
  /** Q.850 hangup cause of the originated channel (0 when unknown). */
  readonly hangupCause: number;
  /** The hangup cause in words, e.g. `User busy`. */
  readonly hangupCauseText: string;
  /** DialEnd `DialStatus` (`BUSY`, `NOANSWER`, `CONGESTION`, …), when it came. */
  readonly dialStatus: string | undefined;

  constructor(failure: CallFailure, options?: ErrorOptions) {
    super(
      'LIVE_CALL_FAILED',
      `call not answered: ${failure.outcome} (cause ${failure.cause} ${failure.causeText}` +
        `${failure.reason === undefined ? '' : `, originate reason ${failure.reason} ${failure.reasonText ?? ''}`.trimEnd()}` +
        `${failure.dialStatus ? `, dial status ${failure.dialStatus}` : ''})`,
      options,
    );
    this.outcome = failure.outcome;
    this.reason = failure.reason;
    this.reasonText = failure.reasonText;
    this.hangupCause = failure.cause;
    this.hangupCauseText = failure.causeText;
    this.dialStatus = failure.dialStatus;
  }
}

/** The call's signal fired before it was answered; the channel was hung up. */
export class CallAbortedError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'CallAbortedError';
  constructor(message: string, options?: ErrorOptions) {
    super('LIVE_CALL_ABORTED', message, options);
  }
}

/** Asterisk did not report the call's outcome within `timeoutMs` plus a grace period; the channel was hung up. */
export class CallTimeoutError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'CallTimeoutError';
  constructor(
    message: string,
    /** The ring timeout (`timeoutMs`) the call was given. */
    readonly timeoutMs: number,
  ) {
    super('LIVE_CALL_TIMEOUT', message);
  }
}

/**
 * The call's fate is unknown: the Originate could not be confirmed (the connection dropped
 * before its answer), or the channel vanished while events were missed.
 */
export class CallLostError extends LiveError {
  /** Fixed class name (survives minification). */
  override name = 'CallLostError';
  constructor(message: string, options?: ErrorOptions) {
    super('LIVE_CALL_LOST', message, options);
  }
}
