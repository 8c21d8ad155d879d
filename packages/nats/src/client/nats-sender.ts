import {
  NoRespondersError,
  RequestError,
  TimeoutError,
  headers as natsHeaders,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  AmiAbortError,
  AmiConnectionError,
  AmiTimeoutError,
  newActionId,
  type AmiAction,
  type AmiEvent,
  type AmiListResult,
  type AmiResponse,
  type AmiSender,
  type SendListOptions,
  type SendOptions,
} from '@tsami/core';
import { checkServerName, subjects } from '../subjects.js';
import {
  CANCEL_HEADER,
  KIND_HEADER,
  TIMEOUT_HEADER,
  decodeJson,
  encodeRequest,
  fromWireError,
  type ActionReply,
  type ActionRequest,
} from '../wire.js';

/** Options of `natsSender`: timeouts of the actions sent over the bus. */
export interface NatsSenderOptions {
  /** Timeout of an action that names none; carried to the bridge, which applies it. Default 10 000 ms. */
  actionTimeoutMs?: number;
  /**
   * Extra time the caller waits beyond the action's timeout, so the bridge's own answer (which
   * knows whether the action was sent) arrives before the caller gives up. Default 2 000 ms.
   */
  replyMarginMs?: number;
  /** First token of the subjects, as configured on the bridge. Default `ami`. */
  prefix?: string;
}

/**
 * An `AmiSender` that runs actions on the Asterisk server `server` through its bridge:
 * every generated action works over the bus unchanged.
 *
 * ```ts
 * const pbx1 = natsSender(nc, 'pbx1');
 * await originate(pbx1, { Channel: 'PJSIP/100', Exten: '200', Context: 'default', Priority: 1 });
 * ```
 *
 * Each action gets an ActionID (unless it has one) that the bridge uses to recognise a
 * repeated request: a retry with the same action object and ActionID never runs twice. Errors
 * are core's classes with `sent` telling whether the action may have reached Asterisk.
 */
export function natsSender(nc: NatsConnection, server: string, options: NatsSenderOptions = {}): AmiSender {
  checkServerName(server);
  const subject = subjects(options.prefix).action(server);
  const defaultTimeoutMs = options.actionTimeoutMs ?? 10_000;
  const marginMs = options.replyMarginMs ?? 2_000;

  async function request(
    action: AmiAction,
    send: SendOptions,
    completeEvent?: readonly string[],
  ): Promise<ActionReply> {
    const { signal } = send;
    const timeoutMs = send.timeoutMs ?? defaultTimeoutMs;
    if (signal?.aborted) throw new AmiAbortError(`${action.Action} aborted`, { cause: signal.reason, sent: false });
    const actionId = action.ActionID ?? newActionId();
    const body: ActionRequest = {
      action: { ...action, ActionID: actionId },
      ...(completeEvent ? { completeEvent } : {}),
    };
    const headers = natsHeaders();
    headers.set(TIMEOUT_HEADER, String(timeoutMs));
    headers.set(KIND_HEADER, completeEvent ? 'list' : 'send');
    const answer = nc
      .request(subject, encodeRequest(body), { timeout: timeoutMs + marginMs, headers })
      .catch((error: unknown) => Promise.reject(requestFailure(error, action.Action, timeoutMs)));
    const reply = signal ? await untilAborted(answer, signal, action.Action, () => cancel(actionId)) : await answer;
    return decodeJson(reply.data) as ActionReply;
  }

  /** Maps a failed NATS request to core's errors. */
  function requestFailure(error: unknown, name: string, timeoutMs: number): Error {
    const cause = error instanceof RequestError && error.cause !== undefined ? error.cause : error;
    if (cause instanceof NoRespondersError) {
      // Nobody subscribed: the request reached no bridge.
      return new AmiConnectionError(`${name}: no bridge serves ${server} (nothing listens on ${subject})`, {
        cause,
        sent: false,
      });
    }
    if (cause instanceof TimeoutError) {
      return new AmiTimeoutError(
        `${name}: no answer from the bridge of ${server} within ${timeoutMs + marginMs} ms`,
        timeoutMs,
        {
          cause,
          sent: true,
        },
      );
    }
    return new AmiConnectionError(`${name}: the NATS request failed: ${(cause as Error).message}`, {
      cause,
      sent: true,
    });
  }

  /** Tells the bridge the caller stopped waiting, so it stops waiting too (and never writes an action not yet written). */
  function cancel(actionId: string): void {
    const headers = natsHeaders();
    headers.set(CANCEL_HEADER, actionId);
    try {
      nc.publish(subject, undefined, { headers });
    } catch {
      // Connection closed: the bridge still ends the wait by its timeout.
    }
  }

  return {
    async send(action: AmiAction, send: SendOptions = {}): Promise<AmiResponse> {
      const reply = await request(action, send);
      if (!reply.ok) throw fromWireError(reply.error);
      if ('response' in reply) return reply.response;
      return reply.list.response;
    },
    async sendList<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent>(
      action: AmiAction,
      send: SendListOptions = {},
    ): Promise<AmiListResult<E, C>> {
      const complete = send.completeEvent;
      const reply = await request(
        action,
        send,
        complete === undefined ? [] : typeof complete === 'string' ? [complete] : complete,
      );
      if (!reply.ok) throw fromWireError(reply.error);
      if (!('list' in reply))
        throw new AmiConnectionError(`${action.Action}: the bridge answered without a list`, { sent: true });
      return reply.list as AmiListResult<E, C>;
    },
  };
}

/** Resolves with `answer` unless `signal` fires first: then `onAbort` runs and it rejects with `AmiAbortError`. */
async function untilAborted<T>(answer: Promise<T>, signal: AbortSignal, name: string, onAbort: () => void): Promise<T> {
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort();
      // The request is on the bus: the bridge may have written the action already.
      reject(new AmiAbortError(`${name} aborted`, { cause: signal.reason, sent: true }));
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    return await Promise.race([answer, aborted]);
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
  }
}
