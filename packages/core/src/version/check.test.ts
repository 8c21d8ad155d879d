import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { AmiClient } from '../connection/client.js';
import { FakeAmiServer, type FakeActionHandler } from '../testing/fake-server.js';
import { AmiVersionMismatchError, checkAsteriskRelease } from './check.js';

let server: FakeAmiServer | undefined;
let client: AmiClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function connect(banner: string, coreSettings: FakeActionHandler): Promise<AmiClient> {
  server = await FakeAmiServer.start({ banner: `Asterisk Call Manager/${banner}` });
  server.handle('CoreSettings', coreSettings);
  client = new AmiClient({ url: server.url, reconnect: false });
  await client.connect();
  return client;
}

const asterisk =
  (version: string, ami = '11.0.0'): FakeActionHandler =>
  () => ({ AMIversion: ami, AsteriskVersion: version });
const refused: FakeActionHandler = () => ({ Response: 'Error', Message: 'Permission denied' });

describe('checkAsteriskRelease', () => {
  it('resolves with the version when the major fits', async () => {
    const sender = await connect('11.0.0', asterisk('22.10.1'));
    expect(await checkAsteriskRelease(sender, { packageName: '@tsami/ami-v22', majors: [22] })).toMatchObject({
      major: 22,
      minor: 10,
    });
  });

  it('rejects with AmiVersionMismatchError naming the package and both releases', async () => {
    const sender = await connect('9.0.0', asterisk('20.20.1', '9.0.0'));
    const error = await checkAsteriskRelease(sender, { packageName: '@tsami/ami-v22', majors: [22] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AmiVersionMismatchError);
    const mismatch = error as AmiVersionMismatchError;
    expect(mismatch.code).toBe('AMI_VERSION_MISMATCH');
    expect(mismatch.packageName).toBe('@tsami/ami-v22');
    expect(mismatch.majors).toEqual([22]);
    expect(mismatch.version).toMatchObject({ kind: 'release', major: 20 });
    expect(mismatch.message).toBe('@tsami/ami-v22 is made for Asterisk 22, but the server runs 20.20.1');
  });

  it('emits a process warning instead when asked to', async () => {
    const sender = await connect('9.0.0', asterisk('20.20.1', '9.0.0'));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const version = await checkAsteriskRelease(sender, {
        packageName: '@tsami/ami-v22',
        majors: [22],
        onMismatch: 'warn',
      });
      expect(version.major).toBe(20);
      // process warnings are delivered on the next tick
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ name: 'AmiVersionMismatchWarning', code: 'AMI_VERSION_MISMATCH' });
    expect(warnings[0]!.message).toMatch(/made for Asterisk 22, but the server runs 20\.20\.1/);
  });

  it('accepts a guess when any major it allows fits, and says where a mismatching guess came from', async () => {
    const sender = await connect('2.5.0', refused);
    expect(await checkAsteriskRelease(sender, { packageName: '@tsami/ami-v13', majors: [13] })).toMatchObject({
      kind: 'guess',
      majors: [12, 13],
    });
    await expect(checkAsteriskRelease(sender, { packageName: '@tsami/ami-v14', majors: [14] })).rejects.toThrow(
      '@tsami/ami-v14 is made for Asterisk 14, but the server runs 12 or 13 (from AMI version 2.5.0)',
    );
  });

  it('names a development build', async () => {
    const sender = await connect('11.0.0', asterisk('GIT-22-1a2b3c4'));
    await expect(checkAsteriskRelease(sender, { packageName: '@tsami/ami-v20', majors: [20] })).rejects.toThrow(
      'the server runs GIT-22-1a2b3c4 (a 22 development build)',
    );
  });
});

describe('types', () => {
  it('a release has numbers where a guess has undefined, told apart by kind', () => {
    type Version = Awaited<ReturnType<typeof checkAsteriskRelease>>;
    expectTypeOf<Extract<Version, { kind: 'release' }>['minor']>().toEqualTypeOf<number>();
    expectTypeOf<Extract<Version, { kind: 'guess' }>['minor']>().toEqualTypeOf<undefined>();
    expectTypeOf<Version['major']>().toEqualTypeOf<number>();
  });

  it('onMismatch is throw or warn', () => {
    expectTypeOf(checkAsteriskRelease)
      .parameter(1)
      .toHaveProperty('onMismatch')
      .toEqualTypeOf<'throw' | 'warn' | undefined>();
    const options: Parameters<typeof checkAsteriskRelease>[1] = {
      packageName: 'x',
      majors: [22],
      // @ts-expect-error a misspelled policy does not compile
      onMismatch: 'warning',
    };
    expect(options.majors).toEqual([22]);
  });
});
