import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../connection/client.js';
import { AmiProtocolError, AmiTimeoutError } from '../errors/errors.js';
import { AmiPool } from '../pool/pool.js';
import { FakeAmiServer, type FakeActionHandler } from '../testing/fake-server.js';
import { AMI_VERSION_OF_RELEASE, asteriskMajorsOfAmiVersion } from './ami-version.js';
import { asteriskVersion, parseAsteriskVersion } from './version.js';

describe('parseAsteriskVersion', () => {
  it.each([
    ['22.10.1', 22, 10, 1, undefined],
    ['22.10.1+dfsg+~cs6.17.60671434-1', 22, 10, 1, undefined],
    ['20.5.0-rc1', 20, 5, 0, undefined],
    ['1.8.32.3', 1, 8, 32, undefined],
    ['18.9-cert5', 18, 9, 0, 5],
    ['certified/18.9-cert5', 18, 9, 0, 5],
    ['certified/13.21-cert6', 13, 21, 0, 6],
  ])('%s is release %i.%i.%i', (full, major, minor, patch, certified) => {
    expect(parseAsteriskVersion(full, '11.0.0')).toEqual({
      kind: 'release',
      major,
      minor,
      patch,
      full,
      certified,
      amiVersion: '11.0.0',
    });
  });

  it('takes the major of a branch build from its name', () => {
    expect(parseAsteriskVersion('GIT-22-1a2b3c4M', '11.0.0')).toMatchObject({
      kind: 'guess',
      major: 22,
      majors: [22],
      from: 'branch',
      minor: undefined,
    });
  });

  it('guesses the major of other builds from the AMI version', () => {
    expect(parseAsteriskVersion('GIT-master-1a2b3c4', '12.0.0')).toMatchObject({
      kind: 'guess',
      major: 23,
      majors: [23],
      from: 'ami-version',
      full: 'GIT-master-1a2b3c4',
    });
    expect(parseAsteriskVersion('SVN-trunk-r1234', '2.5.0')).toMatchObject({
      kind: 'guess',
      major: 13,
      majors: [12, 13],
    });
  });

  it('gives up when neither the string nor the AMI version tells the major', () => {
    expect(parseAsteriskVersion('GIT-master-1a2b3c4')).toBeUndefined();
    expect(parseAsteriskVersion('', '1.1')).toBeUndefined();
  });
});

describe('asteriskMajorsOfAmiVersion', () => {
  it.each(Object.entries(AMI_VERSION_OF_RELEASE))(
    'Asterisk %s (AMI %s) is among the majors of its AMI version',
    (release, ami) => {
      expect(asteriskMajorsOfAmiVersion(ami)).toContain(Number(release));
    },
  );

  it('tells 12 and 13 apart only above 2.5', () => {
    expect(asteriskMajorsOfAmiVersion('2.5.0')).toEqual([12, 13]);
    expect(asteriskMajorsOfAmiVersion('2.8.0')).toEqual([13]);
  });

  it('knows nothing of AMI 1.1 (Asterisk 1.8) or of garbage', () => {
    expect(asteriskMajorsOfAmiVersion('1.1')).toEqual([]);
    expect(asteriskMajorsOfAmiVersion('x')).toEqual([]);
  });
});

describe('asteriskVersion', () => {
  let server: FakeAmiServer | undefined;
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await Promise.allSettled(closers.splice(0).map((close) => close()));
    await server?.close();
  });

  async function connect(banner: string, coreSettings: FakeActionHandler): Promise<AmiClient> {
    server = await FakeAmiServer.start({ banner: `Asterisk Call Manager/${banner}` });
    server.handle('CoreSettings', coreSettings);
    const client = new AmiClient({ url: server.url, reconnect: false });
    closers.push(() => client.close());
    await client.connect();
    return client;
  }

  const refused: FakeActionHandler = () => ({ Response: 'Error', Message: 'Permission denied' });

  it('reads CoreSettings', async () => {
    const client = await connect('11.0.0', () => ({ AMIversion: '11.0.0', AsteriskVersion: '22.10.1' }));
    expect(await asteriskVersion(client)).toEqual({
      kind: 'release',
      major: 22,
      minor: 10,
      patch: 1,
      full: '22.10.1',
      certified: undefined,
      amiVersion: '11.0.0',
    });
    expect(server!.received.map((a) => a.Action)).toContain('CoreSettings');
  });

  it("falls back to the banner's AMI version when CoreSettings is refused", async () => {
    const client = await connect('7.0.3', refused);
    expect(await asteriskVersion(client)).toMatchObject({
      kind: 'guess',
      major: 18,
      majors: [18],
      from: 'ami-version',
      amiVersion: '7.0.3',
      full: undefined,
    });
  });

  it('finds the banner of a pooled connection too', async () => {
    server = await FakeAmiServer.start({ banner: 'Asterisk Call Manager/9.0.0' });
    server.handle('CoreSettings', refused);
    const pool = new AmiPool({ url: server.url, minConnections: 1, maxConnections: 1 });
    closers.push(() => pool.closeAll());
    await pool.connect();
    expect(await pool.use((connection) => asteriskVersion(connection))).toMatchObject({ kind: 'guess', major: 20 });
  });

  it('rejects with AmiProtocolError when nothing tells the release', async () => {
    const client = await connect('1.1', refused);
    const error = await asteriskVersion(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiProtocolError);
    expect((error as Error).message).toMatch(/CoreSettings was refused and the AMI version is "1.1"/);
  });

  it('passes other failures through', async () => {
    const client = await connect('11.0.0', () => new Promise<undefined>(() => undefined));
    await expect(asteriskVersion(client, { timeoutMs: 1 })).rejects.toBeInstanceOf(AmiTimeoutError);
  });
});
