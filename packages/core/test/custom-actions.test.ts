import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AmiClient,
  AmiInputError,
  sendAction,
  sendListAction,
  type AmiEventHeaders,
  type AmiResponse,
  type AmiSender,
  type SendOptions,
} from '../src/index.js';
import { eventListFrames, FakeAmiServer } from '../src/testing/index.js';

// The README's example: a third-party action (the Khomp channel driver's KSendSMS) with interface params.
interface KSendSMSParams {
  readonly Device: string;
  readonly Destination: string;
  readonly Message: string;
  readonly ActionID?: string;
}

function kSendSMS(sender: AmiSender, params: KSendSMSParams, options?: SendOptions): Promise<AmiResponse> {
  return sendAction(sender, 'KSendSMS', params, ['Device', 'Destination', 'Message'], options);
}

let server: FakeAmiServer;
let client: AmiClient;

beforeEach(async () => {
  server = await FakeAmiServer.start({ users: { admin: 's3cret' } });
  client = new AmiClient({ url: server.url, reconnect: false, actionTimeoutMs: 2000 });
  await client.connect();
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

describe('custom action sets', () => {
  it('send an action whose params are an interface, with every header as given', async () => {
    server.handle('KSendSMS', () => ({ Message: 'Message sent' }));
    const response = await kSendSMS(client, { Device: 'b0c4', Destination: '5551234', Message: 'hello' });
    expect(response.Message).toBe('Message sent');
    expect(server.received.at(-1)).toMatchObject({
      Action: 'KSendSMS',
      Device: 'b0c4',
      Destination: '5551234',
      Message: 'hello',
    });
  });

  it('reject a missing required parameter before sending', async () => {
    const sent = server.received.length;
    const params = { Device: 'b0c4', Destination: '5551234', Message: '' };
    await expect(kSendSMS(client, params)).rejects.toThrow(AmiInputError);
    expect(server.received).toHaveLength(sent);
  });

  it('check the required list against the parameter names at compile time (and at run time)', async () => {
    const params: KSendSMSParams = { Device: 'b0c4', Destination: '5551234', Message: 'hi' };
    const sent = server.received.length;
    // @ts-expect-error Mesage is not a parameter of KSendSMSParams
    await expect(sendAction(client, 'KSendSMS', params, ['Device', 'Mesage'])).rejects.toMatchObject({
      field: 'Mesage',
    });
    expect(server.received).toHaveLength(sent);
    expectTypeOf(kSendSMS).returns.resolves.toEqualTypeOf<AmiResponse>();
  });

  it('type list items and the closing event, with interface params', async () => {
    interface KListParams {
      readonly Device?: string;
    }
    interface KDeviceEvent extends AmiEventHeaders {
      readonly Event: 'KDevice';
      readonly Device?: string;
    }
    server.handle('KListDevices', (action) =>
      eventListFrames(action.ActionID!, [{ Event: 'KDevice', Device: 'b0c4' }], 'KListDevicesComplete'),
    );
    const params: KListParams = {};
    const list = await sendListAction<KDeviceEvent, AmiEventHeaders, KListParams>(
      client,
      'KListDevices',
      params,
      [],
      'KListDevicesComplete',
    );
    expect(list.events.map((e) => e.Device)).toEqual(['b0c4']);
    // Devcie is not a parameter of KListParams (it rejects at run time too: it is missing)
    const misspelt = sendListAction<KDeviceEvent, AmiEventHeaders, KListParams>(
      client,
      'KListDevices',
      params,
      // @ts-expect-error not a key of KListParams
      ['Devcie'],
      'X',
    );
    await expect(misspelt).rejects.toThrow(AmiInputError);
  });
});
