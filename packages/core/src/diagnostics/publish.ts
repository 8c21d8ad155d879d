import { AmiAbortError, AmiActionError, AmiConnectionError, AmiTimeoutError } from '../errors/errors.js';
import { SECRET_MASK } from '../connection/secret.js';
import type { AmiAction } from '../protocol/message.js';
import { channels, type ActionOutcome, type ConnectionInfo } from './channels.js';

// Publishing costs one `hasSubscribers` check when nobody listens.

/** How an action's error reads as an outcome. */
export function outcomeOf(error: unknown): ActionOutcome {
  if (error instanceof AmiActionError) return 'error';
  if (error instanceof AmiTimeoutError) return 'timeout';
  if (error instanceof AmiAbortError) return 'aborted';
  if (error instanceof AmiConnectionError) return 'lost';
  return 'error';
}

const SECRET_FIELDS = new Set(['secret', 'key']);

function maskedFields(action: AmiAction): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(action))
    fields[name] = SECRET_FIELDS.has(name.toLowerCase()) ? SECRET_MASK : value;
  return fields;
}

/**
 * Publishes the start of an action and, once `answer` settles, its end. Returns `answer`
 * itself: the caller's promise is never wrapped.
 */
export function publishAction<T>(
  connection: ConnectionInfo,
  action: AmiAction,
  actionId: string,
  withFields: boolean,
  answer: Promise<T>,
): Promise<T> {
  if (channels.actionStart.hasSubscribers) {
    channels.actionStart.publish({
      connection,
      action: action.Action,
      actionId,
      fields: withFields ? maskedFields(action) : undefined,
    });
  }
  if (channels.actionEnd.hasSubscribers) {
    const started = performance.now();
    const end = (outcome: ActionOutcome, error?: unknown): void => {
      const message = { connection, action: action.Action, actionId, durationMs: performance.now() - started, outcome };
      channels.actionEnd.publish(error === undefined ? message : { ...message, error });
    };
    answer.then(
      () => end('success'),
      (error: unknown) => end(outcomeOf(error), error),
    );
  }
  return answer;
}

/** Publishes the end of a connection attempt. */
export function publishConnect(
  connection: ConnectionInfo,
  startedAt: number,
  amiVersion: string | undefined,
  error?: unknown,
): void {
  if (!channels.connect.hasSubscribers) return;
  const message = { connection, durationMs: performance.now() - startedAt, amiVersion };
  channels.connect.publish(error === undefined ? message : { ...message, error });
}
