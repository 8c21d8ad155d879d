import { AmiActionError, type AmiEvent, type AmiSender } from '@tsami/core';
import { text } from '../events/fields.js';

/** What the list actions reported; `undefined` where the server does not answer that list. */
export interface ListResults {
  readonly channels: AmiEvent[];
  readonly bridges: AmiEvent[];
  /** Members of each listed bridge, by bridge id. */
  readonly bridgeMembers: ReadonlyMap<string, AmiEvent[]>;
  readonly queues: AmiEvent[] | undefined;
  readonly devices: AmiEvent[] | undefined;
  readonly extensions: AmiEvent[] | undefined;
}

/** A list the server refused (module not loaded, no permission): the model leaves that part empty. */
async function optional(list: Promise<{ events: AmiEvent[] }>): Promise<AmiEvent[] | undefined> {
  try {
    return (await list).events;
  } catch (error) {
    if (error instanceof AmiActionError) return undefined;
    throw error;
  }
}

/**
 * Reads every list the model is seeded from. Channels and bridges are required (Asterisk 12+
 * always has them); queues, device and extension states are read where the server answers.
 * Connection errors propagate: the caller retries after the next reconnect.
 */
export async function readLists(client: AmiSender, signal: AbortSignal, maxBridges: number): Promise<ListResults> {
  const options = { signal };
  const [channels, bridges, queues, devices, extensions] = await Promise.all([
    client.sendList({ Action: 'CoreShowChannels' }, { ...options, completeEvent: 'CoreShowChannelsComplete' }),
    client.sendList({ Action: 'BridgeList' }, { ...options, completeEvent: 'BridgeListComplete' }),
    optional(client.sendList({ Action: 'QueueStatus' }, { ...options, completeEvent: 'QueueStatusComplete' })),
    optional(client.sendList({ Action: 'DeviceStateList' }, { ...options, completeEvent: 'DeviceStateListComplete' })),
    optional(
      client.sendList({ Action: 'ExtensionStateList' }, { ...options, completeEvent: 'ExtensionStateListComplete' }),
    ),
  ]);
  const bridgeMembers = new Map<string, AmiEvent[]>();
  // One BridgeInfo per bridge, for no more bridges than the model may hold.
  await Promise.all(
    bridges.events.slice(0, maxBridges).map(async (bridge) => {
      const id = text(bridge, 'BridgeUniqueid');
      if (id === undefined) return;
      // A bridge destroyed since BridgeList answers with an error: it has no members.
      const members = await optional(
        client.sendList(
          { Action: 'BridgeInfo', BridgeUniqueid: id },
          { ...options, completeEvent: 'BridgeInfoComplete' },
        ),
      );
      bridgeMembers.set(
        id,
        (members ?? []).filter((item) => item.Event === 'BridgeInfoChannel'),
      );
    }),
  );
  return { channels: channels.events, bridges: bridges.events, bridgeMembers, queues, devices, extensions };
}
