// @ts-check
/** @import { AmiAction, AmiResponse } from '@tsami/core' */
/** @import { RecordedCall } from '../index.js' */

/** @type {typeof import('../index.js').recordingSender} */
export const recordingSender = (headers = {}) => {
  /** @type {RecordedCall[]} */
  const calls = [];
  /** @type {(action: AmiAction) => AmiResponse} */
  const response = (action) => ({ Response: 'Success', ActionID: action.ActionID ?? 'stub', ...headers });
  return {
    calls,
    send(action, options) {
      calls.push({ kind: 'send', action, options });
      return Promise.resolve(response(action));
    },
    sendList(action, options) {
      calls.push({ kind: 'sendList', action, options });
      // the stub answers every list the same way, whatever item and closing types the caller expects
      const result = /** @type {import('@tsami/core').AmiListResult<any, any>} */ ({
        response: response(action),
        events: [],
        complete: { Event: 'StubComplete' },
      });
      return Promise.resolve(result);
    },
  };
};

/** @type {typeof import('../index.js').requiredParams} */
export const requiredParams = (required) => Object.fromEntries(required.map((name) => [name, `value-of-${name}`]));
