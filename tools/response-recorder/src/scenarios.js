// What gets recorded: every action the sandbox answers without touching anything but what the
// recorder creates itself (AstDB families, a custom presence, a queue member, calls and their
// variables and bridges; all removed or hung up afterwards) and its own connection's settings
// (Events, Filter). One scenario per action; a scenario may record several samples (e.g. Getvar
// of a global and of a channel variable).
import { TEST_CONTEXT, originateToHold, unique } from './session.js';

/** @typedef {import('../index.js').Scenario} Scenario */

/** @type {Scenario[]} */
export const scenarios = [
  { action: 'Ping', run: (s) => s.single('keepalive', { Action: 'Ping' }) },
  { action: 'Challenge', run: (s) => s.single('md5', { Action: 'Challenge', AuthType: 'MD5' }) },
  { action: 'CoreStatus', run: (s) => s.single('status', { Action: 'CoreStatus' }) },
  { action: 'CoreSettings', run: (s) => s.single('settings', { Action: 'CoreSettings' }) },
  {
    action: 'Command',
    run: async (s) => {
      await s.single('one output line', { Action: 'Command', Command: 'core show version' });
      await s.single('several output lines', { Action: 'Command', Command: 'core show uptime' });
    },
  },
  {
    action: 'Getvar',
    run: async (s) => {
      await s.single('global variable', { Action: 'Getvar', Variable: 'TSAMI_GLOBAL' });
      await s.single('unset global variable', { Action: 'Getvar', Variable: `TSAMI_UNSET_${unique('x').slice(2)}` });
      const { channel } = await s.call();
      await s.single('function on a channel', { Action: 'Getvar', Channel: channel, Variable: 'CHANNEL(name)' });
    },
  },
  onOwnCall('Setvar', 'channel variable', { Variable: 'TSAMI_RECORDED', Value: 'yes' }),
  {
    action: 'ExtensionState',
    run: (s) =>
      s.single('extension without hint', { Action: 'ExtensionState', Exten: 'answer', Context: TEST_CONTEXT }),
  },
  {
    action: 'MailboxCount',
    run: (s) => s.single('unknown mailbox', { Action: 'MailboxCount', Mailbox: `${unique('tsami')}@default` }),
  },
  {
    action: 'MailboxStatus',
    run: (s) => s.single('unknown mailbox', { Action: 'MailboxStatus', Mailbox: `${unique('tsami')}@default` }),
  },
  { action: 'ModuleCheck', run: (s) => s.single('loaded module', { Action: 'ModuleCheck', Module: 'app_queue' }) },
  {
    action: 'ListCategories',
    run: (s) => s.single('queues.conf', { Action: 'ListCategories', Filename: 'queues.conf' }),
  },
  { action: 'GetConfig', run: (s) => s.single('queues.conf', { Action: 'GetConfig', Filename: 'queues.conf' }) },
  {
    action: 'GetConfigJSON',
    run: (s) => s.single('queues.conf', { Action: 'GetConfigJSON', Filename: 'queues.conf' }),
  },
  { action: 'Events', run: (s) => s.single('events off', { Action: 'Events', EventMask: 'off' }) },
  {
    action: 'UserEvent',
    run: (s) =>
      s.single('own event name', { Action: 'UserEvent', UserEvent: unique('TsamiRecorder'), Source: 'recorder' }),
  },
  {
    action: 'Filter',
    run: (s) =>
      s.single('filter on this session', {
        Action: 'Filter',
        Operation: 'Add',
        Filter: `Event: ${unique('TsamiNone')}`,
      }),
  },
  {
    action: 'DBPut',
    run: async (s) => {
      const family = unique('tsami-rec');
      await s.single('new key', { Action: 'DBPut', Family: family, Key: 'k', Val: 'v' });
      await s.client.send({ Action: 'DBDelTree', Family: family });
    },
  },
  {
    action: 'DBGet',
    run: async (s) => {
      await withOwnKey(s, (family) => s.list('own key', { Action: 'DBGet', Family: family, Key: 'k' }));
    },
  },
  {
    action: 'DBDel',
    run: async (s) => {
      const family = unique('tsami-rec');
      await s.client.send({ Action: 'DBPut', Family: family, Key: 'k', Val: 'v' });
      await s.single('own key', { Action: 'DBDel', Family: family, Key: 'k' });
    },
  },
  {
    action: 'DBDelTree',
    run: async (s) => {
      const family = unique('tsami-rec');
      await s.client.send({ Action: 'DBPut', Family: family, Key: 'k', Val: 'v' });
      await s.single('own family', { Action: 'DBDelTree', Family: family });
    },
  },
  { action: 'QueueSummary', run: (s) => s.list('sandbox queue', { Action: 'QueueSummary', Queue: 'tsami-queue' }) },
  { action: 'QueueStatus', run: (s) => s.list('sandbox queue', { Action: 'QueueStatus', Queue: 'tsami-queue' }) },
  {
    action: 'ShowDialPlan',
    run: (s) => s.list('sandbox context', { Action: 'ShowDialPlan', Context: TEST_CONTEXT, Extension: 'answer' }),
  },
  {
    action: 'Status',
    run: async (s) => {
      const { channel } = await s.call();
      await s.list('one own channel', { Action: 'Status', Channel: channel });
    },
  },
  {
    action: 'Originate',
    run: async (s) => {
      const sync = { ChannelId: unique('rec'), OtherChannelId: unique('rec') };
      await s.single('synchronous', { ...originateToHold(), Async: 'false', ...sync }, { timeoutMs: 30_000 });
      await s.channelsOf([sync.ChannelId]);
      const queued = { ChannelId: unique('rec'), OtherChannelId: unique('rec') };
      await s.single('asynchronous', { ...originateToHold(), Async: 'true', ...queued });
      await s.channelsOf([queued.ChannelId]);
    },
  },
  onOwnCall('Hangup', 'one own channel', { Cause: '16' }),
  {
    action: 'Redirect',
    run: async (s) => {
      const first = await s.call();
      await s.single('one channel', {
        Action: 'Redirect',
        Channel: first.channel,
        Context: TEST_CONTEXT,
        Exten: 'hold',
        Priority: '1',
      });
      const second = await s.call();
      await s.single('both halves', {
        Action: 'Redirect',
        Channel: second.channel,
        Context: TEST_CONTEXT,
        Exten: 'hold',
        Priority: '1',
        ExtraChannel: second.peer,
        ExtraContext: TEST_CONTEXT,
        ExtraExten: 'hold',
        ExtraPriority: '1',
      });
    },
  },
  onOwnCall('AbsoluteTimeout', 'own channel', { Timeout: '600' }),
  onOwnCall('PlayDTMF', 'own channel', { Digit: '1' }),
  onOwnCall('MuteAudio', 'own channel', { Direction: 'in', State: 'on' }),
  onOwnCall('LocalOptimizeAway', 'own Local channel', {}),
  {
    action: 'Bridge',
    run: (s) => bridgedCalls(s, (bridge) => s.single('two own channels', bridge)),
  },
  {
    action: 'BlindTransfer',
    run: async (s) => {
      const one = await bridgedCalls(s);
      await s.single('bridged own channel', {
        Action: 'BlindTransfer',
        Channel: one.channel,
        Context: TEST_CONTEXT,
        Exten: 'hold',
      });
    },
  },
  {
    action: 'BridgeKick',
    run: async (s) => {
      const one = await bridgedCalls(s);
      const bridge = await bridgeOf(s, one.channel);
      await s.list('own bridge', { Action: 'BridgeInfo', BridgeUniqueid: bridge });
      await s.single('own channel', { Action: 'BridgeKick', BridgeUniqueid: bridge, Channel: one.channel });
    },
  },
  {
    action: 'BridgeDestroy',
    run: async (s) => {
      const one = await bridgedCalls(s);
      await s.single('own bridge', { Action: 'BridgeDestroy', BridgeUniqueid: await bridgeOf(s, one.channel) });
    },
  },
  {
    action: 'Atxfer',
    run: async (s) => {
      const one = await bridgedCalls(s);
      // The sandbox's features.conf has no atxfer code: the answer is the refusal.
      await s.refused('no feature code', {
        Action: 'Atxfer',
        Channel: one.channel,
        Context: TEST_CONTEXT,
        Exten: 'hold',
      });
    },
  },
  onOwnCall('SendText', 'own channel', { Message: 'hello' }, 'peer'),
  onOwnCall('PlayMF', 'own channel', { Digit: '1' }),
  onOwnCall('SendFlash', 'own channel', {}),
  onOwnCall('Park', 'own channel', { Parkinglot: 'default', Timeout: '60000' }, 'peer'),
  {
    action: 'CoreShowChannelMap',
    run: async (s) => {
      const { channel } = await s.call();
      await s.list('own channel', { Action: 'CoreShowChannelMap', Channel: channel });
    },
  },
  {
    action: 'QueueAdd',
    run: async (s) => {
      const member = { Queue: 'tsami-queue', Interface: `Local/${unique('member')}@${TEST_CONTEXT}` };
      await s.single('own member', { Action: 'QueueAdd', ...member, MemberName: 'recorder member', Penalty: '3' });
      try {
        await s.single('own member', { Action: 'QueuePause', ...member, Paused: 'true', Reason: 'recording' });
        await s.single('own member', { Action: 'QueuePenalty', ...member, Penalty: '5' });
        await s.single('own member', { Action: 'QueueMemberRingInUse', ...member, RingInUse: 'false' });
        await s.single('own member', {
          Action: 'QueueLog',
          Queue: member.Queue,
          Event: 'TSAMIREC',
          Interface: member.Interface,
          Message: 'recorded',
        });
      } finally {
        await s.single('own member', { Action: 'QueueRemove', ...member });
      }
    },
  },
  {
    action: 'PresenceState',
    run: async (s) => {
      await s.single('unset custom presence', {
        Action: 'PresenceState',
        Provider: `CustomPresence:${unique('tsami')}`,
      });
      // A state with subtype and message: func_presencestate keeps it in AstDB (CustomPresence/<name>).
      const name = unique('tsami');
      await s.client.send({
        Action: 'Setvar',
        Variable: `PRESENCE_STATE(CustomPresence:${name})`,
        Value: 'away,lunch,back soon',
      });
      try {
        await s.single('custom presence with subtype and message', {
          Action: 'PresenceState',
          Provider: `CustomPresence:${name}`,
        });
      } finally {
        await s.client.send({ Action: 'DBDel', Family: 'CustomPresence', Key: name }).catch(() => undefined);
      }
    },
  },
  { action: 'FAXStats', run: (s) => s.single('no faxes', { Action: 'FAXStats' }) },
  {
    action: 'VoicemailRefresh',
    run: (s) =>
      s.single('unknown mailbox', { Action: 'VoicemailRefresh', Context: 'default', Mailbox: unique('tsami') }),
  },
  { action: 'DeviceStateList', run: (s) => s.list('all', { Action: 'DeviceStateList' }) },
  { action: 'ExtensionStateList', run: (s) => s.list('all', { Action: 'ExtensionStateList' }) },
  { action: 'PresenceStateList', run: (s) => s.list('all', { Action: 'PresenceStateList' }) },
  { action: 'BridgeTechnologyList', run: (s) => s.list('all', { Action: 'BridgeTechnologyList' }) },
  { action: 'Parkinglots', run: (s) => s.list('all', { Action: 'Parkinglots' }) },
  {
    action: 'DBGetTree',
    run: async (s) => {
      await withOwnKey(s, (family) => s.list('own family', { Action: 'DBGetTree', Family: family }));
    },
  },
];

/**
 * A scenario that starts a call and runs `action` on one of its channels (`channel`, the ;1
 * half in `hold`, or `peer`, the ;2 half).
 * @param {string} action
 * @param {string} label
 * @param {Record<string, string>} params
 * @param {'channel' | 'peer'} half
 * @returns {Scenario}
 */
function onOwnCall(action, label, params, half = 'channel') {
  return {
    action,
    run: async (s) => {
      const call = await s.call();
      await s.single(label, { Action: action, Channel: call[half], ...params });
    },
  };
}

/**
 * Two calls whose `hold` halves are bridged together; returns the first call.
 * @param {import('../index.js').RecordingSession} s
 * @param {(bridge: import('@tsami/core').AmiAction) => Promise<unknown>} send how to send the Bridge action
 */
async function bridgedCalls(s, send = (bridge) => s.client.send(bridge)) {
  const one = await s.call();
  const two = await s.call();
  await send({ Action: 'Bridge', Channel1: one.channel, Channel2: two.channel });
  return one;
}

/**
 * Runs `use` with a fresh AstDB family holding the key `k`, and deletes the family afterwards.
 * @param {import('../index.js').RecordingSession} s
 * @param {(family: string) => Promise<unknown>} use
 */
async function withOwnKey(s, use) {
  const family = unique('tsami-rec');
  await s.client.send({ Action: 'DBPut', Family: family, Key: 'k', Val: 'v' });
  try {
    await use(family);
  } finally {
    await s.client.send({ Action: 'DBDelTree', Family: family });
  }
}

/**
 * The BridgeID of a channel, from its Status entry.
 * @param {import('../index.js').RecordingSession} s
 * @param {string} channel
 */
async function bridgeOf(s, channel) {
  const { events } = await s.client.sendList({ Action: 'Status', Channel: channel });
  const bridge = events[0]?.BridgeID;
  if (typeof bridge !== 'string' || bridge === '') throw new Error(`${channel} is not in a bridge`);
  return bridge;
}
