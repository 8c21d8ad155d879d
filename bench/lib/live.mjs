// The `live` scenario: how many events per second a LiveState (@tsami/live) absorbs into its
// model, against the bare tsami client, in the same run and on the same bytes. Both count the
// events their client hands out; for `tsami-live` the LiveState's listener was attached first,
// so each event counted has already been applied to the model.
import { importCore } from './clients.mjs';

/** Clients of this scenario: the bare client and the client with a LiveState. */
export const LIVE_SCENARIO_CLIENTS = ['tsami', 'tsami-live'];

const tsamiLive = {
  name: 'tsami-live',
  async connect({ host, port, username, secret }) {
    const { AmiClient } = await importCore();
    const { LiveState } = await import('@tsami/live');
    const client = new AmiClient({ host, port, username, secret, events: 'on', reconnect: false });
    await client.connect();
    const state = new LiveState(client);
    await state.start();
    return {
      onEvent(callback) {
        client.on('event', callback);
      },
      ping() {
        return client.send({ Action: 'Ping' });
      },
      client,
      state,
      close: () => {
        state.close();
        client.destroy();
      },
    };
  },
};

export const LIVE_CLIENTS = { 'tsami-live': tsamiLive };

const LISTS = {
  CoreShowChannels: 'CoreShowChannelsComplete',
  BridgeList: 'BridgeListComplete',
  QueueStatus: 'QueueStatusComplete',
  DeviceStateList: 'DeviceStateListComplete',
  ExtensionStateList: 'ExtensionStateListComplete',
};

/** Makes the flood server answer the lists LiveState seeds from, empty (the flood starts from nothing). */
export function answerLiveLists(server) {
  for (const [action, complete] of Object.entries(LISTS)) {
    server.handle(action, (request, connection) => {
      const id = request.ActionID;
      connection.write(
        `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Events will follow\r\n\r\n` +
          `Event: ${complete}\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`,
      );
      return undefined;
    });
  }
}

/**
 * The recorded stream once per replay, each copy with other Uniqueids and Linkedids (the
 * recording's `179593…` timestamps get a per-replay prefix of the same length), so every
 * replay creates and ends new channels in the model instead of repeating hung-up ones.
 */
export function variedReplays(bytes, replays) {
  const text = bytes.toString('latin1');
  return Array.from({ length: replays }, (_, r) =>
    Buffer.from(text.replaceAll('179593', String(900_000 + r)), 'latin1'),
  );
}
