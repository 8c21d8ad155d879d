import type { AmiSender, SendListOptions, SendOptions } from '../connection/sender.js';
import { AmiInputError } from '../errors/errors.js';
import type { AmiAction, AmiEvent, AmiFieldValue, AmiListResult, AmiResponse } from '../protocol/message.js';

/** Parameters of an action, keyed by their exact AMI names. */
export type ActionParams = { readonly [name: string]: AmiFieldValue };

/**
 * What a parameter type must be: every property a header value. Written over the type's own
 * keys so that an `interface` (which has no index signature) fits as well as a type literal.
 */
export type ActionParamsOf<P> = { readonly [K in keyof P]: AmiFieldValue };

/** The parameter names of `P`, for the `required` list (not inferred from it). */
type ParamName<P> = NoInfer<Extract<keyof P, string>>;

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
 * action sets; custom action sets can use it the same way. `params` may be an `interface`;
 * each name in `required` must be one of its keys, so a misspelt one does not compile. `R` is
 * what the caller knows of the success response (the generated packages pass theirs).
 */
export function sendAction<
  P extends ActionParamsOf<P> = ActionParams,
  R extends { readonly Response: string } = AmiResponse,
>(
  sender: AmiSender,
  action: string,
  params: P | undefined,
  required: readonly ParamName<P>[],
  options?: SendOptions,
): Promise<R> {
  try {
    return sender.send(buildAction(action, params, required), options) as Promise<unknown> as Promise<R>;
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs an action that answers with an event list closed by `completeEvent`. `params` and
 * `required` are checked as in {@link sendAction}; `E` and `C` type the items and the closing event.
 */
export function sendListAction<
  E extends { readonly Event: string } = AmiEvent,
  C extends { readonly Event: string } = AmiEvent,
  P extends ActionParamsOf<P> = ActionParams,
>(
  sender: AmiSender,
  action: string,
  params: P | undefined,
  required: readonly ParamName<P>[],
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
