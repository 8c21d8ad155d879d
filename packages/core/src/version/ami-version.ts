/**
 * The AMI protocol version (the banner's `Asterisk Call Manager/<version>` and CoreSettings'
 * `AMIversion`) at the newest release of each Asterisk line, read from Asterisk's source
 * (`AMI_VERSION` in main/manager.c at each tag).
 */
export const AMI_VERSION_OF_RELEASE: Readonly<Record<number, string>> = {
  10: '1.2', // 10.12.4
  11: '1.3', // 11.25.3
  12: '2.5.0', // 12.8.2
  13: '2.10.6', // 13.38.3
  14: '3.2.2', // 14.7.8
  16: '5.0.5', // 16.30.1
  18: '7.0.3', // 18.26.4
  20: '9.0.0', // 20.20.1
  22: '11.0.0', // 22.10.1
  23: '12.0.0', // 23.4.1
};

/**
 * The Asterisk major releases that send `amiVersion`, as far as known; empty when unknown.
 *
 * - `1.2` is 10 and `1.3` is 11 (Asterisk 1.8 and older: unknown).
 * - `2.x` is 12 or 13; above `2.5`, only 13 (12 ended at 2.5.0, and the AMI version only grows
 *   along a line).
 * - From `3.x` on, each Asterisk major has its own AMI major, 11 lower: 3 is 14, 5 is 16, 7 is 18,
 *   9 is 20, 11 is 22, 12 is 23. The releases in between (15, 17, 19, 21) follow the same rule.
 */
export function asteriskMajorsOfAmiVersion(amiVersion: string): readonly number[] {
  const match = /^(\d+)\.(\d+)/.exec(amiVersion.trim());
  if (!match) return [];
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 1) return minor === 2 ? [10] : minor === 3 ? [11] : [];
  if (major === 2) return minor > 5 ? [13] : [12, 13];
  return major >= 3 ? [major + 11] : [];
}
