import type { AmiSender, SendOptions } from '../connection/sender.js';
import { AmiError } from '../errors/errors.js';

export interface CheckAsteriskReleaseOptions extends SendOptions {
  /** Named in the error or warning, e.g. `@tsami/ami-v22`. */
  readonly packageName: string;
  /** The Asterisk majors the package fits. */
  readonly majors: readonly number[];
  /** `throw` (default) rejects; `warn` emits a process warning and resolves. */
  readonly onMismatch?: 'throw' | 'warn';
}

/** Checks that the server (CoreSettings' `AsteriskVersion`) runs one of `majors`; resolves with that version. */
export async function checkAsteriskRelease(sender: AmiSender, options: CheckAsteriskReleaseOptions): Promise<string> {
  const { packageName, majors, onMismatch = 'throw', ...sendOptions } = options;
  const response = await sender.send({ Action: 'CoreSettings' }, sendOptions);
  const full = String(response.AsteriskVersion ?? '');
  if (majors.includes(Number.parseInt(full, 10))) return full;
  const message = `${packageName} is made for Asterisk ${majors.join(', ')}, but the server runs ${full || 'an unknown release'}`;
  if (onMismatch === 'throw') throw new AmiError(message);
  process.emitWarning(message, { type: 'AmiVersionMismatchWarning', code: 'AMI_VERSION_MISMATCH' });
  return full;
}
