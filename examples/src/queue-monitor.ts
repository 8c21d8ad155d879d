// Queue monitor: prints the queues with their members and waiting callers, then one line per
// change (a caller joins or leaves, a member is called, answers, pauses, changes state).
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 [QUEUE=support] npx tsx src/queue-monitor.ts
//
// Runs until Ctrl-C (or for EXAMPLE_DURATION_MS).
import { AmiClient } from '@tsami/core';
import { queueStatus, type AmiV22EventMap } from '@tsami/ami-v22';
import { amiUrl, stopSignal } from './lib/settings.js';

const onlyQueue = process.env.QUEUE;
const signal = stopSignal();

// Device states as app_queue reports them in a member's Status.
const deviceStates: Record<string, string> = {
  '0': 'unknown',
  '1': 'not in use',
  '2': 'in use',
  '3': 'busy',
  '4': 'invalid',
  '5': 'unavailable',
  '6': 'ringing',
  '7': 'ringing, in use',
  '8': 'on hold',
};
const state = (status: string | undefined) => deviceStates[status ?? ''] ?? `status ${status}`;

const queueEvents = [
  'QueueCallerJoin',
  'QueueCallerLeave',
  'QueueCallerAbandon',
  'QueueMemberAdded',
  'QueueMemberRemoved',
  'QueueMemberPause',
  'QueueMemberStatus',
  'AgentCalled',
  'AgentConnect',
  'AgentComplete',
  'AgentRingNoAnswer',
] as const;

// Typed by Asterisk 22's event map: events are typed by name, and only these are built.
const client = new AmiClient<AmiV22EventMap>({ url: amiUrl(), events: ['agent'] });
await client.connect({ signal: AbortSignal.timeout(10_000) });

try {
  // Subscribe first, then take the snapshot, so no change falls between the two.
  const changes = client.events({
    names: queueEvents,
    signal,
    filter: (event) => !onlyQueue || event.Queue === onlyQueue,
  });

  const { events: status } = await queueStatus(client, onlyQueue ? { Queue: onlyQueue } : {});
  for (const item of status) {
    if (item.Event === 'QueueParams') {
      console.log(
        `queue ${item.Queue}: ${item.Strategy}, ${item.Calls} waiting, ${item.Completed} completed, ${item.Abandoned} abandoned`,
      );
    } else if (item.Event === 'QueueMember') {
      const paused = item.Paused === '1' ? `, paused${item.PausedReason ? ` (${item.PausedReason})` : ''}` : '';
      console.log(
        `  member ${item.Name} (${item.StateInterface}): ${state(item.Status)}, ${item.CallsTaken} calls${paused}`,
      );
    } else if (item.Event === 'QueueEntry') {
      console.log(
        `  caller ${item.Position}: ${item.CallerIDNum ?? ''} ${item.CallerIDName ?? ''} waiting ${item.Wait}s`,
      );
    }
  }
  console.log('watching for changes; Ctrl-C stops');

  for await (const event of changes) {
    const time = new Date().toISOString().slice(11, 19);
    switch (event.Event) {
      case 'QueueCallerJoin':
        console.log(`${time} ${event.Queue}: ${event.CallerIDNum} joined at position ${event.Position}`);
        break;
      case 'QueueCallerLeave':
        console.log(`${time} ${event.Queue}: ${event.CallerIDNum} left`);
        break;
      case 'QueueCallerAbandon':
        console.log(`${time} ${event.Queue}: ${event.CallerIDNum} hung up after ${event.HoldTime}s`);
        break;
      case 'QueueMemberStatus':
        console.log(`${time} ${event.Queue}: ${event.MemberName} is ${state(event.Status)}`);
        break;
      case 'QueueMemberPause':
        console.log(`${time} ${event.Queue}: ${event.MemberName} ${event.Paused === '1' ? 'paused' : 'resumed'}`);
        break;
      case 'AgentConnect':
        console.log(`${time} ${event.Queue}: ${event.MemberName} answered after ${event.RingTime}s`);
        break;
      default:
        console.log(`${time} ${event.Queue}: ${event.Event} ${'MemberName' in event ? event.MemberName : ''}`);
    }
  }
} finally {
  await client.close();
}
