import { afterAll, describe, expect, it } from 'vitest';
import { AmiVersionMismatchError, asteriskVersion, checkAsteriskRelease } from '../../src/index.js';
import { AMI_CALL_URL, closeAll, connectClient, hasAsterisk } from './env.js';

describe.skipIf(!hasAsterisk)('asteriskVersion against the live Asterisk 22', () => {
  afterAll(closeAll);

  it('reads the release from CoreSettings, the same one `core show version` prints', async () => {
    const client = await connectClient({ events: 'off' });
    const version = await asteriskVersion(client);
    expect(version.kind).toBe('release');
    expect(version.major).toBe(22);
    expect(version.amiVersion).toBe(client.amiVersion);
    const shown = await client.send({ Action: 'Command', Command: 'core show version' });
    expect(shown.Output?.[0]).toContain(`Asterisk ${version.full} `);
    expect(version.full).toMatch(new RegExp(`^${version.major}\\.${version.minor}\\.${version.patch}`));
  });

  it.skipIf(!AMI_CALL_URL)('guesses from the banner for a user CoreSettings refuses (write=call)', async () => {
    const client = await connectClient({ url: AMI_CALL_URL, events: 'off' });
    expect(await asteriskVersion(client)).toMatchObject({
      kind: 'guess',
      major: 22,
      majors: [22],
      from: 'ami-version',
      amiVersion: client.amiVersion,
    });
  });

  it('checkAsteriskRelease accepts 22 and refuses a package for 20', async () => {
    const client = await connectClient({ events: 'off' });
    expect((await checkAsteriskRelease(client, { packageName: '@tsami/ami-v22', majors: [22] })).major).toBe(22);
    await expect(checkAsteriskRelease(client, { packageName: '@tsami/ami-v20', majors: [20] })).rejects.toBeInstanceOf(
      AmiVersionMismatchError,
    );
  });
});
