import { AmiClient } from '../connection/client.js';
import type { AmiSender, SendOptions } from '../connection/sender.js';
import { AmiActionError, AmiProtocolError } from '../errors/errors.js';
import { PooledConnection } from '../pool/pooled-connection.js';
import { getFieldString } from '../protocol/message.js';
import { asteriskMajorsOfAmiVersion } from './ami-version.js';

/** A release number Asterisk reported (`22.10.1`, `certified/18.9-cert5`, `20.5.0-rc1`). */
export interface AsteriskRelease {
  /** Tells this from an {@link AsteriskVersionGuess}. */
  readonly kind: 'release';
  /** The major release, e.g. 22. */
  readonly major: number;
  /** The minor release, e.g. 10 in `22.10.1`. */
  readonly minor: number;
  /** 0 when the version has none (certified releases: `18.9-cert5`). */
  readonly patch: number;
  /** `AsteriskVersion` as CoreSettings sent it, including any distribution suffix. */
  readonly full: string;
  /** The certified release's revision (`cert5` → 5); undefined for standard releases. */
  readonly certified: number | undefined;
  /** The AMI version, from CoreSettings or the banner. */
  readonly amiVersion: string | undefined;
}

/**
 * Only the major release is known: the server is a development build (`GIT-22-1a2b3c4`,
 * `GIT-master-1a2b3c4`), or refused CoreSettings, so the major comes from the branch name or
 * from the AMI version.
 */
export interface AsteriskVersionGuess {
  /** Tells this from an {@link AsteriskRelease}. */
  readonly kind: 'guess';
  /** The most likely major (the newest of `majors`). */
  readonly major: number;
  /** Every major the facts allow (AMI `2.x` up to `2.5` is 12 or 13). */
  readonly majors: readonly number[];
  /** Not known for a guess. */
  readonly minor: undefined;
  /** Not known for a guess. */
  readonly patch: undefined;
  /** `AsteriskVersion` as sent, when CoreSettings answered. */
  readonly full: string | undefined;
  /** Not known for a guess. */
  readonly certified: undefined;
  /** The AMI version, from CoreSettings or the banner. */
  readonly amiVersion: string | undefined;
  /** Where the guess comes from. */
  readonly from: 'branch' | 'ami-version';
}

/** What `asteriskVersion()` found out: the exact release, or only a guess of the major. */
export type AsteriskVersion = AsteriskRelease | AsteriskVersionGuess;

const RELEASE = /^(certified\/)?(\d+)\.(\d+)(?:\.(\d+))?(?:-cert(\d+))?/;
const BRANCH_BUILD = /^GIT-(\d+)(?:\.\d+)*-/;

/**
 * Reads an `AsteriskVersion` string. `amiVersion` is the fallback when the string names no
 * release. Returns undefined when neither tells the major.
 */
export function parseAsteriskVersion(full: string, amiVersion?: string): AsteriskVersion | undefined {
  const text = full.trim();
  const release = RELEASE.exec(text);
  if (release) {
    const cert = release[5];
    return {
      kind: 'release',
      major: Number(release[2]),
      minor: Number(release[3]),
      patch: Number(release[4] ?? 0),
      full,
      certified: cert !== undefined ? Number(cert) : release[1] !== undefined ? 0 : undefined,
      amiVersion,
    };
  }
  const branch = BRANCH_BUILD.exec(text);
  if (branch) return guess([Number(branch[1])], 'branch', full, amiVersion);
  return guessFromAmiVersion(full, amiVersion);
}

function guess(
  majors: readonly number[],
  from: AsteriskVersionGuess['from'],
  full: string | undefined,
  amiVersion: string | undefined,
): AsteriskVersionGuess {
  return {
    kind: 'guess',
    major: Math.max(...majors),
    majors,
    minor: undefined,
    patch: undefined,
    full,
    certified: undefined,
    amiVersion,
    from,
  };
}

function guessFromAmiVersion(
  full: string | undefined,
  amiVersion: string | undefined,
): AsteriskVersionGuess | undefined {
  const majors = amiVersion === undefined ? [] : asteriskMajorsOfAmiVersion(amiVersion);
  return majors.length > 0 ? guess(majors, 'ami-version', full, amiVersion) : undefined;
}

/** The AMI version of the banner this sender's connection received, when it can tell. */
function bannerAmiVersion(sender: AmiSender): string | undefined {
  if (sender instanceof AmiClient) return sender.amiVersion;
  if (sender instanceof PooledConnection) return sender.client.amiVersion;
  return undefined;
}

/**
 * The Asterisk release of the server, from CoreSettings' `AsteriskVersion` (needs the `system`
 * or `reporting` write class). When CoreSettings is refused, or the version names no release,
 * the major is guessed from the AMI version (CoreSettings' `AMIversion`, else the banner of an
 * `AmiClient` or pooled connection): see {@link asteriskMajorsOfAmiVersion}.
 *
 * Rejects with `AmiProtocolError` when nothing tells the major, and with the send's own errors
 * (timeout, connection, abort).
 */
export async function asteriskVersion(sender: AmiSender, options?: SendOptions): Promise<AsteriskVersion> {
  const banner = bannerAmiVersion(sender);
  let settings;
  try {
    settings = await sender.send({ Action: 'CoreSettings' }, options);
  } catch (error) {
    if (!(error instanceof AmiActionError)) throw error;
    const fallback = guessFromAmiVersion(undefined, banner);
    if (fallback) return fallback;
    throw new AmiProtocolError(
      `cannot tell the Asterisk release: CoreSettings was refused and the AMI version is ${describe(banner)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  const full = getFieldString(settings, 'AsteriskVersion');
  const amiVersion = getFieldString(settings, 'AMIversion') ?? banner;
  const version =
    full === undefined ? guessFromAmiVersion(undefined, amiVersion) : parseAsteriskVersion(full, amiVersion);
  if (version) return version;
  throw new AmiProtocolError(
    `cannot tell the Asterisk release from AsteriskVersion ${describe(full)} and AMI version ${describe(amiVersion)}`,
    settings,
  );
}

function describe(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
