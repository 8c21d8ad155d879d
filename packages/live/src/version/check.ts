import { getFieldString, type AmiSender } from '@tsami/core';
import { UnsupportedAsteriskError } from '../errors/errors.js';

/** What the check needs of a client: the banner's AMI version, and CoreSettings when the banner says nothing. */
export interface VersionSource extends AmiSender {
  readonly amiVersion: string | undefined;
}

/**
 * Asterisk 12 changed the event model (Newchannel/Newstate/BridgeEnter/DialBegin, Linkedid, …)
 * and announces AMI 2.0.0 and later (Asterisk 22 says 11.0.0); Asterisk 10 and 11 say 1.2 and 1.3
 * (core's `AMI_VERSION_OF_RELEASE`).
 */
export const MIN_AMI_MAJOR = 2;

/** Throws `UnsupportedAsteriskError` unless the server runs Asterisk 12 or later. */
export async function assertModernAsterisk(client: VersionSource, what: string): Promise<void> {
  let version = client.amiVersion;
  if (version === undefined) {
    const settings = await client.send({ Action: 'CoreSettings' });
    version = getFieldString(settings, 'AMIversion');
  }
  const major = version === undefined ? Number.NaN : Number.parseInt(version, 10);
  if (!(major >= MIN_AMI_MAJOR)) {
    throw new UnsupportedAsteriskError(
      `${what} needs Asterisk 12 or later (AMI 2.0+); the server announces AMI ${version ?? 'of an unknown version'} ` +
        '(Asterisk 10 and 11 use the old event model)',
      version,
    );
  }
}
