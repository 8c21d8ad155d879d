// Uses the custom action set of ./custom-action-set/astdb.ts: stores, reads and deletes a value
// in Asterisk's internal database.
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 npx tsx src/custom-action-set.ts
import { randomUUID } from 'node:crypto';
import { AmiClient } from '@tsami/core';
import { dbDel, dbGet, dbPut, type AstDbKey } from './custom-action-set/astdb.js';
import { amiUrl } from './lib/settings.js';

const client = new AmiClient({ url: amiUrl(), events: 'off', reconnect: false });
await client.connect({ signal: AbortSignal.timeout(10_000) });

try {
  // A family of our own, so that nothing else in the database is touched.
  const key: AstDbKey = { Family: `tsami-example-${randomUUID().slice(0, 8)}`, Key: 'greeting' };
  await dbPut(client, key, 'hello from tsami');
  console.log(`${key.Family}/${key.Key} = ${await dbGet(client, key)}`);
  console.log(`deleted: ${await dbDel(client, key)}`);
  console.log(`after delete: ${(await dbGet(client, key)) ?? '(no such key)'}`);
} finally {
  await client.close();
}
