import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';

/** Per-action options. */
export interface SendOptions {
  /** Abort waiting for the answer. The action may still run on the server if it was already written. */
  signal?: AbortSignal;
  /** Overrides the client's `actionTimeoutMs` for this action. */
  timeoutMs?: number;
}

/** Options of an event-list action. */
export interface SendListOptions extends SendOptions {
  /**
   * Event name(s) that close the list, besides any event carrying `EventList: Complete`.
   * Compared without regard to case. Needed for Asterisk ≤12, whose closing events may lack
   * `EventList: Complete`, and for actions that answer with a single follow-up event.
   */
  completeEvent?: string | readonly string[];
}

/**
 * Anything that can run AMI actions: an `AmiClient`, an `AmiPool` (each action on a free connection), or a
 * connection taken from a pool.
 * The per-release action packages take an `AmiSender`.
 */
export interface AmiSender {
  /** Sends an action and resolves with its response; rejects with `AmiActionError` on `Response: Error`. */
  send(action: AmiAction, options?: SendOptions): Promise<AmiResponse>;
  /** Sends an action that answers with an event list and resolves once the list is complete. */
  sendList<E extends { readonly Event: string } = AmiEvent, C extends { readonly Event: string } = AmiEvent>(
    action: AmiAction,
    options?: SendListOptions,
  ): Promise<AmiListResult<E, C>>;
}
