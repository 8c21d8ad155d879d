import { EventEmitter } from 'node:events';
import { AmiActionError, type AmiEvent } from '@tsami/core';
import { CallAbortedError, CallFailedError, CallLostError } from '../errors/call-errors.js';
import type { LiveError } from '../errors/errors.js';
import { int, text } from '../events/fields.js';
import { causeForReason, classifyFailure, type CallFailureOutcome } from './outcome.js';

/** Where a call is: placed, ringing (the called side reported Ringing), answered (Up), or over. */
export type CallState = 'dialing' | 'ringing' | 'answered' | 'ended';

/** How a call ended. */
export interface CallEnd {
  /** Q.850 hangup cause of the originated channel (16 normal clearing, 17 busy, …; 0 unknown). */
  readonly cause: number;
  /** The cause in words, e.g. `Normal Clearing`. */
  readonly causeText: string;
  /** True when the call had been answered. */
  readonly answered: boolean;
  /** Why it was not answered, when it was not. */
  readonly outcome: CallFailureOutcome | 'answered' | 'lost';
}

/** Events of a `Call`. */
export interface CallEvents {
  /** The state changed. */
  state: [state: CallState, previous: CallState];
  /** Every AMI event about the call's two channels, and its OriginateResponse, in arrival order. */
  event: [event: AmiEvent];
  /** The originated channel is Up. */
  answered: [];
  /** The call is over; `ended` resolves with the same value. */
  ended: [end: CallEnd];
}

/** What a call needs from whoever placed it. */
export interface CallControl {
  /** Sends a Hangup for the channel; errors (the channel is already gone) are ignored. */
  hangup(channelId: string, cause: number): Promise<void>;
  /** The call is over: forget it, stop routing events to it. */
  release(call: Call): void;
}

/** How long to wait for the last missing piece of news (OriginateResponse after Hangup, or the reverse). */
export const SETTLE_MS = 5_000;

/**
 * A call placed with `originateCall`. Its channel ids were chosen before the Originate was sent,
 * so every event is matched to it by id whatever order Asterisk sends them in.
 *
 * ```ts
 * const call = originateCall(client, { channel: 'PJSIP/alice', context: 'internal', exten: '100' });
 * call.on('state', (state) => console.log(state));
 * await call.answered;           // rejects with CallFailedError (busy, no-answer, …)
 * const { cause } = await call.ended;
 * ```
 */
export class Call extends EventEmitter<CallEvents> {
  /** Resolves when the originated channel is Up; rejects with a `LiveError` when it never is. */
  readonly answered: Promise<void>;
  /** Resolves when the call is over, answered or not. Never rejects. */
  readonly ended: Promise<CallEnd>;
  /** The channel name, once Asterisk reported it (`Local/100@internal-0000002a;1`). */
  channel: string | undefined;
  private currentState: CallState = 'dialing';
  private resolveAnswered!: () => void;
  private rejectAnswered!: (error: LiveError) => void;
  private resolveEnded!: (end: CallEnd) => void;
  private channelSeen = false;
  private response: { success: boolean; reason: number | undefined } | undefined;
  private hangupCause: { cause: number; causeText: string } | undefined;
  private dialStatus: string | undefined;
  private otherSideRanDialplan = false;
  private otherSideHungUp = false;
  /** Events were missed (reconnect): the OriginateResponse may never come. */
  private eventsMissed = false;
  private hangupWanted: { cause: number } | undefined;
  private failure: LiveError | undefined;
  private cancelled = false;
  private settleTimer: NodeJS.Timeout | undefined;

  /** @internal Created by `originateCall`. */
  constructor(
    /** Uniqueid of the originated channel (chosen by `originateCall`). */
    readonly channelId: string,
    /** Uniqueid of the other half, for Local channels (`;2`). */
    readonly otherChannelId: string,
    /** ActionID of the Originate. */
    readonly actionId: string,
    private readonly control: CallControl,
  ) {
    super();
    this.answered = new Promise<void>((resolve, reject) => {
      this.resolveAnswered = resolve;
      this.rejectAnswered = reject;
    });
    // A caller that only awaits `ended` must not see an unhandled rejection.
    this.answered.catch(() => undefined);
    this.ended = new Promise<CallEnd>((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** Where the call is now: `dialing`, `ringing`, `answered` or `ended`. */
  get state(): CallState {
    return this.currentState;
  }

  /**
   * Hangs the call up (before or after answer) with `cause` (default 16, normal clearing; without
   * one Asterisk reports 0). Before the channel exists, the hangup is sent as soon as it does.
   * Resolves once the Hangup was sent; `ended` tells when it is over.
   */
  hangup(cause: number = 16): Promise<void> {
    if (this.currentState === 'ended') return Promise.resolve();
    this.hangupWanted = { cause };
    if (!this.channelSeen) return Promise.resolve();
    return this.control.hangup(this.channelId, cause);
  }

  /** @internal The user's signal fired, or the local deadline passed, before answer. */
  abandon(error: LiveError): void {
    if (this.currentState === 'answered' || this.currentState === 'ended') return;
    this.failure ??= error;
    this.cancelled = error instanceof CallAbortedError;
    void this.hangup();
    // If the channel never shows up (the Originate never reached Asterisk), give up in time.
    this.armSettle();
  }

  /** @internal Nothing was sent (the signal had already fired): over at once. */
  notSent(error: LiveError): void {
    this.failure = error;
    this.finish();
  }

  /** @internal The Originate was refused, or its answer was lost. */
  sendFailed(error: unknown): void {
    if (this.currentState === 'ended') return;
    if (error instanceof AmiActionError) {
      // Refused: nothing was queued on the server, no event will follow.
      this.failure = new CallFailedError(
        {
          outcome: 'failed',
          reason: undefined,
          reasonText: error.message,
          cause: 0,
          causeText: 'Unknown',
          dialStatus: undefined,
        },
        { cause: error },
      );
      this.finish();
      return;
    }
    // Timeout or connection loss: Asterisk may or may not have the call. Events tell if it does.
    this.failure ??= new CallLostError(
      `the Originate was not confirmed: ${String((error as Error)?.message ?? error)}`,
      { cause: error },
    );
    if (!this.channelSeen) this.armSettle();
  }

  /** @internal Events were missed (reconnect). */
  missedEvents(): void {
    this.eventsMissed = true;
  }

  /** @internal After a reconnect: whether the channel still exists, and its ChannelState. */
  reconcile(listed: { state: number } | undefined): void {
    if (this.currentState === 'ended') return;
    if (listed === undefined) {
      this.hangupCause ??= { cause: 0, causeText: 'Unknown (ended while events were missed)' };
      if (this.currentState !== 'answered') {
        this.failure ??= new CallLostError('the call ended while events were missed; its outcome is unknown');
      }
      this.finish();
      return;
    }
    this.channelSeen = true;
    if (listed.state === 6) this.markAnswered();
  }

  /** @internal Routes one event about this call. */
  handle(event: AmiEvent): void {
    if (this.currentState === 'ended') return;
    const name = event.Event;
    const uniqueid = text(event, 'Uniqueid');
    if (name === 'OriginateResponse') {
      this.emit('event', event);
      this.onOriginateResponse(event);
      return;
    }
    if (name === 'DialEnd' && text(event, 'DestUniqueid') === this.channelId) {
      this.dialStatus = text(event, 'DialStatus');
    }
    if (uniqueid === this.otherChannelId) {
      this.emit('event', event);
      if (name === 'Newexten') this.otherSideRanDialplan = true;
      if (name === 'Hangup') this.otherSideHungUp = true;
      return;
    }
    this.emit('event', event);
    if (uniqueid !== this.channelId) return;
    this.onOwnChannel(event, name);
  }

  private onOwnChannel(event: AmiEvent, name: string): void {
    this.forgetUnconfirmed();
    this.channel = text(event, 'Channel') ?? this.channel;
    if (!this.channelSeen) {
      this.channelSeen = true;
      if (this.hangupWanted) void this.control.hangup(this.channelId, this.hangupWanted.cause);
      // Events flow: a timer armed because the Originate was not confirmed is not needed.
      if (!this.hangupWanted) this.disarmSettle();
    }
    if (name === 'Hangup') {
      this.hangupCause = { cause: int(event, 'Cause') ?? 0, causeText: text(event, 'Cause-txt') ?? 'Unknown' };
      if (this.response || this.currentState === 'answered' || this.eventsMissed) this.finish();
      else this.armSettle();
      return;
    }
    const state = int(event, 'ChannelState');
    if (state === 6) this.markAnswered();
    else if (state === 5 && this.currentState === 'dialing') this.transition('ringing');
  }

  /** News of the call arrived: the Originate did reach Asterisk after all. */
  private forgetUnconfirmed(): void {
    if (this.failure instanceof CallLostError) this.failure = undefined;
  }

  private onOriginateResponse(event: AmiEvent): void {
    this.forgetUnconfirmed();
    const success = text(event, 'Response')?.toLowerCase() === 'success';
    this.response = { success, reason: int(event, 'Reason') };
    if (success) {
      this.markAnswered();
      if (this.hangupCause) this.finish();
      return;
    }
    // The Hangup with the cause follows, or already came: OriginateResponse is written directly
    // while channel events travel through Asterisk's message bus, so either may come first. If
    // the channel was never created no Hangup comes, and the call settles after SETTLE_MS.
    if (this.hangupCause) this.finish();
    else this.armSettle();
  }

  private markAnswered(): void {
    if (this.currentState === 'answered' || this.currentState === 'ended') return;
    this.forgetUnconfirmed();
    this.transition('answered');
    this.resolveAnswered();
    this.emit('answered');
  }

  private transition(next: CallState): void {
    const previous = this.currentState;
    if (previous === next) return;
    this.currentState = next;
    this.emit('state', next, previous);
  }

  private armSettle(): void {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      if (!this.response && !this.hangupCause && !this.failure) {
        this.failure = new CallLostError(`no news of the call for ${SETTLE_MS} ms`);
      }
      this.finish();
    }, SETTLE_MS);
    this.settleTimer.unref();
  }

  private disarmSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }

  private finish(): void {
    if (this.currentState === 'ended') return;
    this.disarmSettle();
    const wasAnswered = this.currentState === 'answered';
    const reason = this.response?.reason;
    const { cause, causeText } = this.hangupCause ?? causeForReason(reason);
    let outcome: CallEnd['outcome'] = 'answered';
    if (!wasAnswered) {
      const error = this.failureError(reason, cause, causeText);
      outcome =
        error instanceof CallFailedError ? error.outcome : error instanceof CallLostError ? 'lost' : 'cancelled';
      this.rejectAnswered(error);
    }
    const end: CallEnd = { cause, causeText, answered: wasAnswered, outcome };
    this.transition('ended');
    this.control.release(this);
    this.resolveEnded(end);
    this.emit('ended', end);
  }

  private failureError(reason: number | undefined, cause: number, causeText: string): LiveError {
    // Set by an abort, a timeout, a refused Originate or lost news: that is the reason.
    if (this.failure) return this.failure;
    return new CallFailedError(
      classifyFailure({
        reason,
        cause,
        causeText,
        dialStatus: this.dialStatus,
        cancelled: this.cancelled,
        calledSideRanNoDialplan: this.otherSideHungUp && !this.otherSideRanDialplan,
      }),
    );
  }
}
