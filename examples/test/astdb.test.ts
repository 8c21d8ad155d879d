// Testing your own AMI code without an Asterisk: @tsami/core/testing's FakeAmiServer speaks the
// protocol on a local port, logs clients in, and answers each action with what you tell it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmiClient } from '@tsami/core';
import { FakeAmiServer, eventListFrames } from '@tsami/core/testing';
import { dbDel, dbGet, dbPut } from '../src/custom-action-set/astdb.js';

describe('the AstDB action set, against the fake server', () => {
  let server: FakeAmiServer;
  let client: AmiClient;
  const database = new Map<string, string>();

  beforeEach(async () => {
    database.clear();
    server = await FakeAmiServer.start({ users: { app: 'app-secret' } });
    // A tiny AstDB: what a real Asterisk answers, including its errors for missing keys.
    server.handle('DBPut', (action) => {
      database.set(`${String(action.Family)}/${String(action.Key)}`, String(action.Val ?? ''));
      return { Message: 'Updated database successfully' };
    });
    server.handle('DBGet', (action) => {
      const value = database.get(`${String(action.Family)}/${String(action.Key)}`);
      if (value === undefined) return { Response: 'Error', Message: 'Database entry not found' };
      const item = { Event: 'DBGetResponse', Family: String(action.Family), Key: String(action.Key), Val: value };
      return eventListFrames(String(action.ActionID), [item], 'DBGetComplete');
    });
    server.handle('DBDel', (action) =>
      database.delete(`${String(action.Family)}/${String(action.Key)}`)
        ? { Message: 'Key deleted successfully' }
        : { Response: 'Error', Message: 'Database entry not found' },
    );
    client = new AmiClient({ url: server.url, reconnect: false });
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('writes DBPut with exactly the headers Asterisk expects', async () => {
    await dbPut(client, { Family: 'callers', Key: '100' }, 'VIP');
    const put = server.received.find((action) => action.Action === 'DBPut');
    expect(put).toMatchObject({ Action: 'DBPut', Family: 'callers', Key: '100', Val: 'VIP' });
  });

  it('reads back a stored value from the DBGetResponse event', async () => {
    await dbPut(client, { Family: 'callers', Key: '100' }, 'VIP');
    await expect(dbGet(client, { Family: 'callers', Key: '100' })).resolves.toBe('VIP');
  });

  it('turns "Database entry not found" into undefined and false', async () => {
    await expect(dbGet(client, { Family: 'callers', Key: '404' })).resolves.toBeUndefined();
    await expect(dbDel(client, { Family: 'callers', Key: '404' })).resolves.toBe(false);
  });

  it('refuses a missing key before anything is sent', async () => {
    await expect(dbGet(client, { Family: 'callers', Key: '' })).rejects.toMatchObject({
      code: 'AMI_INPUT',
      field: 'Key',
    });
    expect(server.received.some((action) => action.Action === 'DBGet')).toBe(false);
  });
});
