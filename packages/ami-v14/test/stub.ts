import type { AmiAction, AmiEvent, AmiListResult, AmiResponse, AmiSender, SendListOptions } from '@tsami/core';

/** One call an action function made on the sender. */
export interface RecordedCall {
  readonly kind: 'send' | 'sendList';
  readonly action: AmiAction;
  readonly options: SendListOptions | undefined;
}

/** An in-memory `AmiSender` that records what it is asked to send and answers with canned success. */
export function recordingSender(): AmiSender & { readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const response = (action: AmiAction): AmiResponse => ({ Response: 'Success', ActionID: action.ActionID ?? 'stub' });
  return {
    calls,
    send(action, options) {
      calls.push({ kind: 'send', action, options });
      return Promise.resolve(response(action));
    },
    sendList<E extends AmiEvent = AmiEvent>(action: AmiAction, options?: SendListOptions): Promise<AmiListResult<E>> {
      calls.push({ kind: 'sendList', action, options });
      return Promise.resolve({ response: response(action), events: [], complete: { Event: 'StubComplete' } });
    },
  };
}

/** A value for every required parameter of an action, so the call passes the required check. */
export function requiredParams(required: readonly string[]): Record<string, string> {
  return Object.fromEntries(required.map((name) => [name, `value-of-${name}`]));
}
