import type { AmiResponse } from '../protocol/message.js';

/** Output kept in an error message at most (the whole output stays in `error.response.Output`). */
const MAX_OUTPUT_CHARS = 400;

/**
 * The message of an `AmiActionError`: the action and Asterisk's reason (`Message`), and for a
 * failed `Command` the output lines, which carry the actual reason, cut to a readable length.
 */
export function actionErrorMessage(action: string, response: AmiResponse): string {
  const message = response.Message;
  let reason = typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : '';
  const output = response.Output?.map((line) => line.trim()).filter((line) => line.length > 0);
  if (output && output.length > 0) {
    let text = output.join(' / ');
    if (text.length > MAX_OUTPUT_CHARS) text = `${text.slice(0, MAX_OUTPUT_CHARS)}… (${output.length} lines)`;
    // "Command output follows" says nothing: the output is the reason.
    reason = reason === '' || /^command output follows$/i.test(reason) ? text : `${reason}: ${text}`;
  }
  return `${action} failed: ${reason === '' ? 'Response: Error' : reason}`;
}
