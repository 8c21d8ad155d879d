import type { AmiSender, SendListOptions, SendOptions } from '../connection/sender.js';
import { AmiInputError } from '../errors/errors.js';
import type { AmiAction, AmiEvent, AmiFieldValue, AmiListResult, AmiResponse } from '../protocol/message.js';

/** Parameters of an action, keyed by their exact AMI names. */
export type ActionParams = { readonly [name: string]: AmiFieldValue };

/**
 * Checks that every required parameter is present (not `undefined`, `null` or an empty
 * string) and throws `AmiInputError` naming the first missing one, before anything is sent.
 */
export function checkRequired(action: string, params: ActionParams | undefined, required: readonly string[]): void {
  for (const name of required) {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new AmiInputError(`${action}: missing required parameter "${name}"`, name);
    }
  }
}

function buildAction(action: string, params: ActionParams | undefined, required: readonly string[]): AmiAction {
  checkRequired(action, params, required);
  if (params && Object.prototype.hasOwnProperty.call(params, 'Action')) {
    throw new AmiInputError(`${action}: "Action" is set by the action itself and cannot be a parameter`, 'Action');
  }
  return { Action: action, ...params };
}

/**
 * Runs an action that answers with a single response. The building block of the generated
 * action sets; custom action sets can use it the same way.
 */
export function sendAction(
  sender: AmiSender,
  action: string,
  params: ActionParams | undefined,
  required: readonly string[],
  options?: SendOptions,
): Promise<AmiResponse> {
  try {
    return sender.send(buildAction(action, params, required), options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Runs an action that answers with an event list closed by `completeEvent`. */
export function sendListAction<E extends { readonly Event: string } = AmiEvent, C extends { readonly Event: string } = AmiEvent>(
  sender: AmiSender,
  action: string,
  params: ActionParams | undefined,
  required: readonly string[],
  completeEvent: string | readonly string[],
  options?: SendOptions,
): Promise<AmiListResult<E, C>> {
  try {
    const listOptions: SendListOptions = { ...options, completeEvent };
    return sender.sendList<E, C>(buildAction(action, params, required), listOptions);
  } catch (error) {
    return Promise.reject(error);
  }
}
