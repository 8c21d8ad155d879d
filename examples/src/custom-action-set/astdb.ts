// A custom action set: typed functions for the actions your application uses, built on the same
// helpers as the generated @tsami/ami-vNN packages. Useful for actions a module of your own adds,
// or to give a few actions the exact types and return values your code wants.
import {
  AmiActionError,
  sendAction,
  sendListAction,
  type AmiEvent,
  type AmiSender,
  type SendOptions,
} from '@tsami/core';

/** Where a value lives in Asterisk's internal database (AstDB). */
export interface AstDbKey {
  readonly Family: string;
  readonly Key: string;
}

/** The event that carries the value of a `DBGet`. */
export interface DbGetResponseEvent extends AmiEvent {
  readonly Event: 'DBGetResponse';
  readonly Family: string;
  readonly Key: string;
  readonly Val: string;
}

/** Stores `value` under the key (the `DBPut` action). */
export async function dbPut(sender: AmiSender, key: AstDbKey, value: string, options?: SendOptions): Promise<void> {
  await sendAction(sender, 'DBPut', { ...key, Val: value }, ['Family', 'Key'], options);
}

/**
 * Reads a key (the `DBGet` action, which answers with a one-item event list): its value, or
 * `undefined` when the key does not exist (Asterisk answers that with an error).
 */
export async function dbGet(sender: AmiSender, key: AstDbKey, options?: SendOptions): Promise<string | undefined> {
  try {
    const { events } = await sendListAction<DbGetResponseEvent>(
      sender,
      'DBGet',
      { ...key },
      ['Family', 'Key'],
      'DBGetComplete',
      options,
    );
    return events[0]?.Val;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes a key (the `DBDel` action); `false` when there was nothing to delete. */
export async function dbDel(sender: AmiSender, key: AstDbKey, options?: SendOptions): Promise<boolean> {
  try {
    await sendAction(sender, 'DBDel', { ...key }, ['Family', 'Key'], options);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

// Asterisk answers a missing key with `Response: Error` and `Message: Database entry not found`.
function isNotFound(error: unknown): boolean {
  return error instanceof AmiActionError && /not found/i.test(String(error.response.Message));
}
