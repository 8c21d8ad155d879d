import { randomUUID } from 'node:crypto';
import type { AmiClient } from '@tsami/core';
import { CallAbortedError, CallTimeoutError } from '../errors/call-errors.js';
import { Call } from './call.js';
import { originateAction, type OriginateParams } from './params.js';
import { CallRouter } from './router.js';

/** Options of `originateCall`. */
export interface OriginateCallOptions {
  /** Firing it before the call is answered hangs the channel up; `answered` rejects with `CallAbortedError`. */
  signal?: AbortSignal;
  /** How long the called side may ring before Asterisk gives up (the Originate `Timeout`). Default 30 000 ms. */
  timeoutMs?: number;
  /** Calls tracked at once on one client; beyond it `originateCall` throws `LiveLimitError`. Default 10 000. */
  maxCalls?: number;
}

/** Default of `timeoutMs`: how long a call may ring before it is given up. */
export const DEFAULT_RING_TIMEOUT_MS = 30_000;
/** Default of `maxCalls`: calls tracked at once on one client. */
export const DEFAULT_MAX_CALLS = 10_000;
/** Asterisk enforces the ring timeout; this much later the call is hung up from here. */
const LOCAL_DEADLINE_GRACE_MS = 5_000;

const routers = new WeakMap<AmiClient, CallRouter>();

function routerOf(client: AmiClient): CallRouter {
  let router = routers.get(client);
  if (!router) {
    router = new CallRouter(client, () => routers.delete(client));
    routers.set(client, router);
  }
  return router;
}

/**
 * Places a call with an Async Originate and tracks it. The channel ids (`ChannelId`,
 * `OtherChannelId`, Asterisk 13+) are chosen here and the call listens before the action is
 * written, so no event is missed or attributed to another call, whatever order Asterisk sends
 * OriginateResponse, Newchannel, Newstate, DialEnd and Hangup in. Any number of calls may run in
 * parallel on one client. The Originate is sent once and never re-sent.
 *
 * Throws `LiveLimitError` (nothing sent) when `maxCalls` calls are already tracked on the client.
 */
export function originateCall(client: AmiClient, params: OriginateParams, options: OriginateCallOptions = {}): Call {
  const timeoutMs = options.timeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
  const base = randomUUID();
  const ids = { actionId: `${base}-o`, channelId: `${base}-1`, otherChannelId: `${base}-2` };
  const router = routerOf(client);
  const { signal } = options;
  const timer: { deadline?: NodeJS.Timeout } = {};
  const onAbort = (): void =>
    call.abandon(new CallAbortedError('the call was aborted before it was answered', { cause: signal?.reason }));
  const stopWatching = (): void => {
    clearTimeout(timer.deadline);
    signal?.removeEventListener('abort', onAbort);
  };
  const call: Call = new Call(ids.channelId, ids.otherChannelId, ids.actionId, {
    hangup: async (channelId, cause) => {
      try {
        await client.send({ Action: 'Hangup', Channel: channelId, Cause: cause });
      } catch {
        // Already gone, or the connection is down: the Hangup event (or a reconcile) settles the call.
      }
    },
    release: (released) => {
      router.remove(released);
      stopWatching();
    },
  });
  router.add(call, options.maxCalls ?? DEFAULT_MAX_CALLS);
  if (signal?.aborted) {
    // Never written: nothing to hang up.
    call.notSent(new CallAbortedError('aborted before the Originate was sent', { cause: signal.reason }));
    return call;
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  call.once('answered', stopWatching);
  timer.deadline = setTimeout(() => {
    call.abandon(new CallTimeoutError(`not answered within ${timeoutMs} ms`, timeoutMs));
  }, timeoutMs + LOCAL_DEADLINE_GRACE_MS);
  timer.deadline.unref();
  // The user's signal is not passed on: an Originate aborted after it was written would still
  // place the call, untracked. Aborting hangs the channel up instead.
  client.send(originateAction(params, ids, timeoutMs)).then(
    () => undefined,
    (error: unknown) => call.sendFailed(error),
  );
  return call;
}
