import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmiClient, type AmiEvent } from '../src/index.js';
import { frame, FakeAmiServer, responseFrame } from '../src/testing/index.js';

// The biggest answers a real Asterisk gives must pass the default limits untouched.

let server: FakeAmiServer;
let client: AmiClient;

beforeEach(async () => {
  server = await FakeAmiServer.start();
  client = new AmiClient({ url: server.url, reconnect: false });
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

/** A CoreShowChannel item as Asterisk 22 writes it (from the recorded transcript). */
function channelItem(actionId: string, n: number): string {
  return frame({
    Event: 'CoreShowChannel',
    ActionID: actionId,
    Channel: `PJSIP/trunk-provider-${String(n).padStart(8, '0')}`,
    ChannelState: 6,
    ChannelStateDesc: 'Up',
    CallerIDNum: '+4930123456789',
    CallerIDName: 'A caller with a long name',
    ConnectedLineNum: '+4930987654321',
    ConnectedLineName: 'Someone else entirely',
    Language: 'en',
    AccountCode: 'account-0001',
    Context: 'from-trunk-with-a-long-name',
    Exten: '+4930987654321',
    Priority: 12,
    Uniqueid: `1795933438.${n}`,
    Linkedid: `1795933438.${n}`,
    Application: 'Dial',
    ApplicationData: 'PJSIP/operator-desk-0001,60,tTkK',
    Duration: '00:12:34',
    BridgeId: '8d3f2a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  });
}

describe('default limits carry the biggest real answers', () => {
  it('a 100,000-channel CoreShowChannels list', { timeout: 60_000 }, async () => {
    const count = 100_000;
    server.handle('CoreShowChannels', (action, connection) => {
      const id = action.ActionID!;
      connection.write(responseFrame(id, { EventList: 'start', Message: 'Channels will follow' }));
      let batch = '';
      for (let n = 0; n < count; n++) {
        batch += channelItem(id, n);
        if (batch.length > 1_000_000) {
          connection.write(batch);
          batch = '';
        }
      }
      connection.write(
        batch + frame({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: count }),
      );
      return undefined;
    });
    await client.connect();
    const leaked: AmiEvent[] = [];
    client.on('event', (e) => leaked.push(e));
    const list = await client.sendList({ Action: 'CoreShowChannels' }, { timeoutMs: 60_000 });
    expect(list.events).toHaveLength(count);
    expect(list.events[count - 1]!.Channel).toBe(`PJSIP/trunk-provider-${String(count - 1).padStart(8, '0')}`);
    expect(list.complete.ListItems).toBe(String(count));
    expect(leaked).toEqual([]);
  });

  it('a 5 MB Command output, in both the Asterisk ≥ 14 and the ≤ 13 (Follows) form', { timeout: 60_000 }, async () => {
    const lines = Array.from({ length: 60_000 }, (_, n) => `line ${n} ${'x'.repeat(80)}`);
    const total = lines.reduce((sum, line) => sum + line.length + 1, 0);
    expect(total).toBeGreaterThan(5_000_000);
    server.handle('Command', (action) => {
      if (action.Command === 'new') return { Message: 'Command output follows', Output: lines };
      return `Response: Follows\r\nPrivilege: Command\r\nActionID: ${action.ActionID}\r\n${lines.join('\n')}\n--END COMMAND--\r\n\r\n`;
    });
    await client.connect();
    const modern = await client.send({ Action: 'Command', Command: 'new' });
    expect(modern.Output).toEqual(lines);
    const old = await client.send({ Action: 'Command', Command: 'old' });
    expect(old.Output).toEqual(lines);
  });

  it('20,000 actions sent at once', { timeout: 60_000 }, async () => {
    await client.connect();
    const answers = await Promise.all(
      Array.from({ length: 20_000 }, () => client.send({ Action: 'Ping' }, { timeoutMs: 60_000 })),
    );
    expect(answers.every((a) => a.Ping === 'Pong')).toBe(true);
    expect(server.received.filter((a) => a.Action === 'Ping')).toHaveLength(20_000);
  });
});
