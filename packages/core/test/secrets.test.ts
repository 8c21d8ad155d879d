import { format, inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AmiAuthError, AmiClient, AmiConnectionError, AmiInputError, AmiPool, parseAmiUrl } from '../src/index.js';
import { Secret } from '../src/connection/secret.js';
import { FakeAmiServer } from '../src/testing/index.js';

// A secret with characters a URL must encode, and the forms in which it could leak.
const SECRET = 'Tr0ub4dor&3@x/y';
const LEAKS = [SECRET, encodeURIComponent(SECRET), 'Tr0ub4dor'];

/** Every way an object ends up in a log. */
function renderings(value: unknown): string[] {
  const rendered = [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    // bypassing the objects' own inspect hooks must not reveal it either
    inspect(value, { depth: Infinity, showHidden: true, customInspect: false }),
    format('%s %o %O %j', value, value, value, value),
    format(value),
    String(value),
  ];
  try {
    rendered.push(JSON.stringify(value) ?? '');
  } catch (error) {
    rendered.push(String(error));
  }
  return rendered;
}

function expectNoSecret(value: unknown): void {
  for (const text of renderings(value)) for (const leak of LEAKS) expect(text).not.toContain(leak);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

let server: FakeAmiServer;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  server = await FakeAmiServer.start({ users: { admin: SECRET } });
});

afterEach(async () => {
  vi.useRealTimers();
  for (const close of closers.splice(0)) await close();
  await server.close();
});

describe('secrets never print', () => {
  it('a Secret prints as *** everywhere and reveals itself only on request', () => {
    const secret = new Secret(SECRET);
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal prints is the point
    expect(`${secret}`).toBe('***');
    expect(JSON.stringify({ secret })).toBe('{"secret":"***"}');
    expect(inspect({ secret })).toBe('{ secret: *** }');
    expectNoSecret(secret);
    expect(secret.reveal()).toBe(SECRET);
  });

  it('AmiClient: before connecting, connected (MD5 and plain login), and closed', async () => {
    for (const authType of ['md5', 'plain'] as const) {
      const fromUrl = new AmiClient({ url: server.url, reconnect: false, authType });
      const fields = { host: server.host, port: server.port, username: 'admin', secret: SECRET };
      const fromFields = new AmiClient({ ...fields, reconnect: false, authType });
      for (const client of [fromUrl, fromFields]) {
        closers.push(() => client.close());
        expectNoSecret(client);
        await client.connect();
        expect(client.connected).toBe(true);
        expectNoSecret(client);
        const shown = { host: '127.0.0.1', port: server.port, username: 'admin', tls: false, state: 'connected' };
        expect(inspect(client, { breakLength: Infinity })).toBe(
          `AmiClient ${inspect(shown, { breakLength: Infinity })}`,
        );
        expect(JSON.parse(JSON.stringify(client))).toEqual(shown);
        await client.close();
        expectNoSecret(client);
      }
    }
  });

  it('AmiPool and its pooled connections', async () => {
    const pools = [
      new AmiPool({ url: server.url, minConnections: 1 }),
      new AmiPool({ host: server.host, port: server.port, username: 'admin', secret: SECRET, minConnections: 1 }),
    ];
    for (const pool of pools) {
      closers.push(() => pool.destroy());
      expectNoSecret(pool);
      await pool.connect();
      const connection = await pool.acquire();
      expectNoSecret(pool);
      expectNoSecret(connection);
      const oneLine = { breakLength: Infinity };
      expect(inspect(connection, oneLine)).toMatch(
        /^PooledConnection \{ released: false, client: AmiClient \{ .*state: 'connected' \} \}$/,
      );
      expect(inspect(pool, oneLine)).toMatch(/^AmiPool \{ host: '127\.0\.0\.1'.*inUse: 1.*closed: false \}$/);
      pool.release(connection);
      await pool.close();
      expectNoSecret(pool);
    }
  });

  it('errors of a refused login, a lost server and a pool that cannot connect', async () => {
    const wrong = new AmiClient({ url: server.url.replace(encodeURIComponent(SECRET), 'nope'), reconnect: false });
    const refused = await wrong.connect().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AmiAuthError);
    expectNoSecret(refused);

    const gone = await FakeAmiServer.start({ users: { admin: SECRET } });
    const url = gone.url;
    await gone.close();
    const client = new AmiClient({ url, reconnect: false });
    const unreachable = await client.connect().catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(AmiConnectionError);
    expectNoSecret(unreachable);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const pool = new AmiPool({ url, minConnections: 0, acquireTimeoutMs: 1_000 });
    closers.push(() => pool.destroy());
    const failedToOpen = new Promise((resolve) => pool.once('error', resolve));
    const acquired = pool.acquire().catch((e: unknown) => e);
    expectNoSecret(await failedToOpen);
    await vi.advanceTimersByTimeAsync(1_000);
    const noConnection = await acquired;
    expect(noConnection).toBeInstanceOf(AmiConnectionError);
    expect((noConnection as Error).cause).toBeDefined();
    expectNoSecret(noConnection);
  });
});

describe('ami:// URL errors', () => {
  const invalid: [string, string][] = [
    // an @ in the secret, and a port that is not one: the URL parser fails
    ['@ in the secret', `ami://admin:${SECRET}:x@host:99999`],
    // the @host forgotten: the secret reads as a port
    ['no @host', 'ami://admin:Tr0ub4dor'],
    // an unencoded / moves the rest of the secret into a path
    ['/ in the secret', 'ami://admin:12/Tr0ub4dor@host'],
    ['# in the secret', 'ami://admin:Tr0ub4dor#1@host'],
    ['? in the secret', 'ami://admin:Tr0ub4dor?1@host'],
  ];

  it.each(invalid)('mask the whole user info (%s)', (_, url) => {
    const error = caught(() => parseAmiUrl(url));
    expect(error).toBeInstanceOf(AmiInputError);
    expect((error as AmiInputError).field).toBe('url');
    expectNoSecret(error);
    // and the same through the constructors
    expectNoSecret(caught(() => new AmiClient({ url })));
    expectNoSecret(caught(() => new AmiPool({ url })));
  });

  it('show the host of a URL without user info', () => {
    expect((caught(() => parseAmiUrl('ami://pbx.example:99999')) as Error).message).toContain(
      '"ami://pbx.example:99999"',
    );
    expect((caught(() => parseAmiUrl(`ami://admin:${SECRET}:x@pbx.example:99999`)) as Error).message).toContain(
      '"ami://***@pbx.example:99999"',
    );
  });

  it('throw AmiInputError, not URIError, for a malformed % escape, without showing it', () => {
    for (const url of [
      'ami://admin:Tr0ub4dor%zz@host',
      'ami://Tr0ub4dor%E0%A4%A@host',
      'ami://admin:Tr0ub4dor%@host',
    ]) {
      const error = caught(() => parseAmiUrl(url));
      expect(error).toBeInstanceOf(AmiInputError);
      expect((error as AmiInputError).message).toMatch(/malformed %-escape/);
      expectNoSecret(error);
    }
  });

  it('still decode what is encoded', () => {
    expect(parseAmiUrl(`amis://admin:${encodeURIComponent(SECRET)}@pbx.example/`)).toEqual({
      host: 'pbx.example',
      port: 5039,
      username: 'admin',
      secret: SECRET,
      tls: true,
    });
  });
});
