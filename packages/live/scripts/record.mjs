// Records what a live Asterisk sends while calls are placed and objects change, as fixtures for
// the unit tests in test/. Needs AMI_URL (a user with all rights) and the sandbox's tsami-test
// dialplan and tsami-queue (see tools/asterisk-sandbox/). Run after building @tsami/core:
//
//   node packages/live/scripts/record.mjs            # every scenario
//   node packages/live/scripts/record.mjs busy model # some
//
// Ids are chosen per run (tag `recNNN`) and stored as `rec`, so fixtures do not change in
// meaningless ways. Only messages about the recording's own channels are kept for call
// scenarios; the model scenario keeps every event (its lists show the other users' channels too).
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AmiClient } from '@tsami/core';

const OUT = new URL('../test/fixtures/', import.meta.url);
const url = process.env.AMI_URL;
if (!url) throw new Error('AMI_URL is not set');

const CALLS = {
  answer: { ext: 'answer', description: 'answered; the originated channel runs Wait(1) and hangs up (cause 16)' },
  busy: { ext: 'busy', description: 'the called side runs Hangup(17): never answered, user busy' },
  noanswer: { ext: 'noanswer', description: 'the called side rings; the Originate Timeout (1500 ms) expires' },
  hangup: { ext: 'hangup', description: 'answered and hung up at once by the called side (cause 16)' },
  nosuchext: {
    ext: 'tsami-no-such-extension',
    description: 'the Local channel points at an extension that does not exist',
  },
};

async function connect() {
  const client = new AmiClient({ url, reconnect: false });
  await client.connect();
  const version = (await client.send({ Action: 'Command', Command: 'core show version' })).Output?.[0] ?? '';
  return { client, asterisk: /^Asterisk (\S+)/.exec(version)?.[1] ?? version };
}

function normalize(value, tag) {
  return JSON.parse(JSON.stringify(value).replaceAll(tag, 'rec'));
}

async function recordCall(name) {
  const { ext, description } = CALLS[name];
  const { client, asterisk } = await connect();
  const tag = `rec${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const ids = { actionId: `${tag}-o`, channelId: `${tag}-1`, otherChannelId: `${tag}-2` };
  const messages = [];
  let hungUp = false;
  let responded = false;
  let otherHungUp = false;
  const done = new Promise((resolve) => {
    const check = () => hungUp && responded && otherHungUp && setTimeout(resolve, 300);
    client.on('event', (event) => {
      const mine = [event.Uniqueid, event.DestUniqueid, event.ActionID].some(
        (v) => typeof v === 'string' && v.startsWith(tag),
      );
      if (!mine) return;
      messages.push(event);
      if (event.Event === 'Hangup' && event.Uniqueid === ids.channelId) hungUp = true;
      if (event.Event === 'Hangup' && event.Uniqueid === ids.otherChannelId) otherHungUp = true;
      if (event.Event === 'OriginateResponse') responded = true;
      check();
    });
  });
  const action = {
    Action: 'Originate',
    ActionID: ids.actionId,
    Channel: `Local/${ext}@tsami-test`,
    Application: 'Wait',
    Data: '1',
    Timeout: '1500',
    Async: 'true',
    ChannelId: ids.channelId,
    OtherChannelId: ids.otherChannelId,
  };
  const response = await client.send(action);
  // The action's own answer, at the place it arrived among the events.
  messages.splice(messages.findIndex((m) => m.Event === 'OriginateResponse') + 1 || messages.length, 0, response);
  await Promise.race([done, sleep(10_000)]);
  await client.close();
  return normalize(
    {
      asterisk,
      amiVersion: client.amiVersion,
      recordedWith: 'packages/live/scripts/record.mjs',
      scenario: `call-${name}`,
      description: `Async Originate of Local/${ext}@tsami-test with ChannelId/OtherChannelId: ${description}. Messages about the call in arrival order (the Originate response is placed where it arrived relative to OriginateResponse, approximately).`,
      action,
      ids,
      messages,
    },
    tag,
  );
}

async function lists(client) {
  const list = async (action, extra = {}) => {
    try {
      return (await client.sendList({ Action: action, ...extra })).events;
    } catch (error) {
      return { error: String(error.message) };
    }
  };
  const bridges = await list('BridgeList');
  const bridgeMembers = {};
  for (const bridge of Array.isArray(bridges) ? bridges : []) {
    const members = await list('BridgeInfo', { BridgeUniqueid: bridge.BridgeUniqueid });
    bridgeMembers[bridge.BridgeUniqueid] = Array.isArray(members)
      ? members.filter((m) => m.Event === 'BridgeInfoChannel')
      : [];
  }
  return {
    channels: await list('CoreShowChannels'),
    bridges,
    bridgeMembers,
    queues: await list('QueueStatus', { Queue: 'tsami-queue' }),
    devices: await list('DeviceStateList'),
    extensions: await list('ExtensionStateList'),
  };
}

/** Lists, then a sequence of changes (calls, a bridge, queue members, hangups) as events, then the lists again. */
async function recordModel() {
  const { client, asterisk } = await connect();
  const tag = `rec${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const events = [];
  client.on('event', (event) => events.push(event));
  const before = await lists(client);
  const startIndex = events.length;
  const originate = (n, exten) =>
    client.send({
      Action: 'Originate',
      Channel: 'Local/answer@tsami-test',
      Context: 'tsami-test',
      Exten: exten,
      Priority: 1,
      Async: 'true',
      ChannelId: `${tag}-${n}a`,
      OtherChannelId: `${tag}-${n}b`,
    });
  await originate(1, 'echo');
  await originate(2, 'hold');
  await originate(3, 'hold');
  await sleep(700);
  await client.send({ Action: 'Bridge', Channel1: `${tag}-1a`, Channel2: `${tag}-2a` });
  const member = (n) => `Local/${tag}-member${n}@tsami-test`;
  await client.send({ Action: 'QueueAdd', Queue: 'tsami-queue', Interface: member(1), MemberName: `${tag} one` });
  await client.send({
    Action: 'QueueAdd',
    Queue: 'tsami-queue',
    Interface: member(2),
    MemberName: `${tag} two`,
    Paused: 'true',
  });
  await client.send({
    Action: 'QueuePause',
    Queue: 'tsami-queue',
    Interface: member(1),
    Paused: 'true',
    Reason: 'lunch',
  });
  await client.send({ Action: 'QueuePause', Queue: 'tsami-queue', Interface: member(2), Paused: 'false' });
  await client.send({ Action: 'QueueRemove', Queue: 'tsami-queue', Interface: member(2) });
  await client.send({ Action: 'Hangup', Channel: `${tag}-3a` });
  await sleep(700);
  const eventsBeforeAfterLists = events.length;
  const after = await lists(client);
  // Clean up what the recording created.
  await client.send({ Action: 'QueueRemove', Queue: 'tsami-queue', Interface: member(1) }).catch(() => undefined);
  for (const id of [`${tag}-1a`, `${tag}-2a`, `${tag}-3a`])
    await client.send({ Action: 'Hangup', Channel: id }).catch(() => undefined);
  await client.close();
  return normalize(
    {
      asterisk,
      amiVersion: client.amiVersion,
      recordedWith: 'packages/live/scripts/record.mjs',
      scenario: 'model',
      description:
        'Lists (CoreShowChannels, BridgeList + BridgeInfo, QueueStatus of tsami-queue, DeviceStateList, ExtensionStateList), then every event while three Local calls are placed (echo, hold, hold), two are joined with the Bridge action, two queue members are added, paused, unpaused, one removed, one call is hung up; then the lists again. `events` are the events between the two list readings, in arrival order.',
      before,
      events: events.slice(startIndex, eventsBeforeAfterLists),
      after,
    },
    tag,
  );
}

const wanted = process.argv.slice(2);
const all = [...Object.keys(CALLS), 'model'];
for (const name of wanted.length ? wanted : all) {
  const fixture = name === 'model' ? await recordModel() : await recordCall(name);
  const file = new URL(`${fixture.scenario}.json`, OUT);
  writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${fixture.scenario}: ${fixture.messages?.length ?? fixture.events.length} messages`);
}
