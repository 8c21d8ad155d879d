import type { AmiSender, SendOptions } from '../connection/sender.js';
import { AmiError } from '../errors/errors.js';
import { asteriskVersion, type AsteriskVersion } from './version.js';

/** The server runs an Asterisk release the action package was not generated for. */
export class AmiVersionMismatchError extends AmiError {
  /** Fixed class name (survives minification). */
  override name = 'AmiVersionMismatchError';
  /** Stable code of this error class: `'AMI_VERSION_MISMATCH'`. */
  override readonly code = 'AMI_VERSION_MISMATCH';
  constructor(
    message: string,
    /** The package that checked, e.g. `@tsami/ami-v22`. */
    readonly packageName: string,
    /** The majors it supports. */
    readonly majors: readonly number[],
    /** What the server reported. */
    readonly version: AsteriskVersion,
  ) {
    super(message);
  }
}

export interface CheckAsteriskReleaseOptions extends SendOptions {
  /** Named in the error or warning, e.g. `@tsami/ami-v22`. */
  readonly packageName: string;
  /** The Asterisk majors the package fits. */
  readonly majors: readonly number[];
  /**
   * `throw` (default): reject with `AmiVersionMismatchError`. `warn`: emit a process warning
   * (`AmiVersionMismatchWarning`, code `AMI_VERSION_MISMATCH`) and resolve.
   */
  readonly onMismatch?: 'throw' | 'warn';
}

/**
 * Checks that the server runs one of `majors` and resolves with its version. A guessed version
 * (see {@link asteriskVersion}) fits when any major it allows is among `majors`.
 */
export async function checkAsteriskRelease(
  sender: AmiSender,
  options: CheckAsteriskReleaseOptions,
): Promise<AsteriskVersion> {
  const { packageName, majors, onMismatch = 'throw', ...sendOptions } = options;
  const version = await asteriskVersion(sender, sendOptions);
  const candidates = version.kind === 'release' ? [version.major] : version.majors;
  if (candidates.some((major) => majors.includes(major))) return version;
  const message = `${packageName} is made for Asterisk ${majors.join(', ')}, but the server runs ${describeVersion(version)}`;
  if (onMismatch === 'warn') {
    process.emitWarning(message, { type: 'AmiVersionMismatchWarning', code: 'AMI_VERSION_MISMATCH' });
    return version;
  }
  throw new AmiVersionMismatchError(message, packageName, majors, version);
}

function describeVersion(version: AsteriskVersion): string {
  if (version.kind === 'release') return version.full;
  const majors = version.majors.join(' or ');
  return version.from === 'branch'
    ? `${version.full} (a ${majors} development build)`
    : `${majors} (from AMI version ${version.amiVersion})`;
}
