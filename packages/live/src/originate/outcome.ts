/** Why a call was not answered, in one word. */
export type CallFailureOutcome =
  'busy' | 'no-answer' | 'congestion' | 'no-such-extension' | 'unavailable' | 'rejected' | 'cancelled' | 'failed';

/** The facts of a failed call. */
export interface CallFailure {
  /** Why, in one word. */
  readonly outcome: CallFailureOutcome;
  /** OriginateResponse `Reason` (0 failure, 1 hung up, 3 ring timeout, 5 busy, 8 congestion), when it came. */
  readonly reason: number | undefined;
  /** The `Reason` in words (`busy`, `ring timeout`, …), or the error that refused the Originate. */
  readonly reasonText: string | undefined;
  /** Q.850 hangup cause of the originated channel (0 when it never existed). */
  readonly cause: number;
  /** The hangup cause in words, e.g. `User busy`. */
  readonly causeText: string;
  /** DialEnd `DialStatus` of the originated channel (`BUSY`, `NOANSWER`, `CONGESTION`, …), when it came. */
  readonly dialStatus: string | undefined;
}

/** OriginateResponse `Reason` values: Asterisk's control frame that ended the attempt. */
const REASONS: Readonly<Record<number, string>> = {
  0: 'failed',
  1: 'hung up',
  3: 'ring timeout',
  4: 'answered',
  5: 'busy',
  8: 'congestion',
};

export function reasonText(reason: number | undefined): string | undefined {
  return reason === undefined ? undefined : (REASONS[reason] ?? 'unknown');
}

/** The hangup cause to report when the channel never sent a Hangup (it was never created). */
export function causeForReason(reason: number | undefined): { cause: number; causeText: string } {
  switch (reason) {
    case 1:
      return { cause: 16, causeText: 'Normal Clearing' };
    case 3:
      return { cause: 19, causeText: 'No user responding' };
    case 5:
      return { cause: 17, causeText: 'User busy' };
    case 8:
      return { cause: 34, causeText: 'Circuit/channel congestion' };
    default:
      return { cause: 0, causeText: 'Unknown' };
  }
}

export interface FailureFacts {
  readonly reason: number | undefined;
  readonly cause: number;
  readonly causeText: string;
  readonly dialStatus: string | undefined;
  /** Set when the user's signal hung the call up. */
  readonly cancelled: boolean;
  /**
   * The called half of a Local channel hung up without running any dialplan: the extension
   * does not exist (Asterisk reports cause 0 and reason 0 then).
   */
  readonly calledSideRanNoDialplan: boolean;
}

/**
 * Classifies a failed call. The hangup cause is the most specific fact, then DialEnd's status,
 * then OriginateResponse's reason (Local channels report reason 0 for busy, for instance).
 */
export function classifyFailure(facts: FailureFacts): CallFailure {
  const base = {
    reason: facts.reason,
    reasonText: reasonText(facts.reason),
    cause: facts.cause,
    causeText: facts.causeText,
    dialStatus: facts.dialStatus,
  };
  return { ...base, outcome: outcomeOf(facts) };
}

function outcomeOf(facts: FailureFacts): CallFailureOutcome {
  if (facts.cancelled) return 'cancelled';
  const status = facts.dialStatus?.toUpperCase();
  switch (facts.cause) {
    case 17:
      return 'busy';
    case 18:
    case 19:
      return 'no-answer';
    case 34:
    case 38:
    case 42:
      return 'congestion';
    case 1:
    case 3:
      return 'no-such-extension';
    case 20:
    case 27:
      return 'unavailable';
    case 21:
      return 'rejected';
  }
  if (status === 'BUSY' || facts.reason === 5) return 'busy';
  if (status === 'NOANSWER' || facts.reason === 3) return 'no-answer';
  if (status === 'CONGESTION' || facts.reason === 8) return 'congestion';
  if (status === 'CHANUNAVAIL') return 'unavailable';
  if (facts.calledSideRanNoDialplan) return 'no-such-extension';
  return 'failed';
}
