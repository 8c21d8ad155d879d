import { AmiInputError, getField, type AmiActionError, type AmiClient } from '@tsami/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agents,
  bridgeInfo,
  bridgeList,
  bridgeTechnologyList,
  bridgeTechnologySuspend,
  challenge,
  command,
  confbridgeList,
  confbridgeListRooms,
  coreSettings,
  coreShowChannelMap,
  coreStatus,
  dbDel,
  dbGetTree,
  deviceStateList,
  dialplanExtensionAdd,
  dialplanExtensionRemove,
  events,
  extensionState,
  extensionStateList,
  faxSession,
  faxSessions,
  faxStats,
  filter,
  getConfig,
  getConfigJSON,
  getvar,
  isKnownEvent,
  listCategories,
  mailboxCount,
  mailboxStatus,
  moduleCheck,
  parkedCalls,
  parkinglots,
  ping,
  pjsipQualify,
  pjsipShowAors,
  pjsipShowAuths,
  pjsipShowContacts,
  pjsipShowEndpoint,
  pjsipShowEndpoints,
  pjsipShowMaintenance,
  pjsipShowRegistrationInboundContactStatuses,
  pjsipShowRegistrationsInbound,
  pjsipShowRegistrationsOutbound,
  pjsipShowResourceLists,
  pjsipShowSubscriptionsInbound,
  pjsipShowSubscriptionsOutbound,
  presenceState,
  presenceStateList,
  queueRule,
  queueStatus,
  queueSummary,
  setvar,
  showDialPlan,
  sorceryMemoryCacheStale,
  status,
  voicemailBoxSummary,
  voicemailUsersList,
  voicemailUserStatus,
  waitEvent,
} from '../../src/index.js';
import { actionError, closeAll, connectClient, expectCompleteList, hasAsterisk, unique } from './env.js';

// Side-effect-free queries through the generated functions, against what the sandbox configures.
describe.skipIf(!hasAsterisk)('integration: queries on the live Asterisk 22', () => {
  let client: AmiClient;
  beforeAll(async () => {
    client = await connectClient();
  });
  afterAll(closeAll);

  describe('core', () => {
    it('ping, coreStatus, coreSettings', async () => {
      const pong = await ping(client);
      expect(pong.Ping).toBe('Pong');
      expect(pong.Timestamp).toMatch(/^\d+\.\d+$/);
      const core = await coreStatus(client);
      expect(core.CoreCurrentCalls).toMatch(/^\d+$/);
      expect(core.CoreStartupDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const settings = await coreSettings(client);
      expect(settings.AsteriskVersion).toMatch(/^22\.\d+\.\d+/);
      expect(settings.CoreMaxCalls).toMatch(/^\d+$/);
    });

    it('command returns the CLI output as lines', async () => {
      const response = await command(client, { Command: 'core show version' });
      expect(response.Output).toHaveLength(1);
      expect(response.Output[0]).toMatch(/^Asterisk 22\.\d+\.\d+.* built by /);
      const error = await actionError(command(client, { Command: 'no such cli command' }));
      expect(error.response.Message).toBe('Command output follows');
    });

    it('getvar reads the global variable of the sandbox dialplan', async () => {
      const response = await getvar(client, { Variable: 'TSAMI_GLOBAL' });
      expect(response.Variable).toBe('TSAMI_GLOBAL');
      expect(response.Value).toBe('tsami-global-value');
    });

    it('moduleCheck: loaded and unknown modules', async () => {
      // Asterisk 22 no longer reports module versions; the header stays, empty.
      expect((await moduleCheck(client, { Module: 'app_queue' })).Version).toBe('');
      expect((await moduleCheck(client, { Module: 'res_pjsip.so' })).Response).toBe('Success');
      const error = await actionError(moduleCheck(client, { Module: unique('mod_nope') }));
      expect(error.response.Message).toBe('Module not loaded');
    });

    it('challenge answers a numeric MD5 challenge', async () => {
      expect((await challenge(client, { AuthType: 'MD5' })).Challenge).toMatch(/^\d+$/);
    });

    it('events and filter change only this connection', async () => {
      const own = await connectClient({ events: 'on' });
      expect((await events(own, { EventMask: 'off' })).Events).toBe('Off');
      const added = await filter(own, { Operation: 'Add', Filter: 'Event: NoSuchEvent' });
      expect(added.Message).toBe('Success');
    });

    it('waitEvent ends with WaitEventComplete', async () => {
      // Any new event on the server ends the wait early, so its length says nothing here;
      // without events on this connection none is forwarded into the list.
      const own = await connectClient({ events: 'off' });
      const result = await waitEvent(own, { Timeout: 1 }, { timeoutMs: 5_000 });
      expect(result.response.Message).toBe('Waiting for Event completed.');
      expect(result.complete.Event).toBe('WaitEventComplete');
      expect(result.complete.ActionID).toBe(result.response.ActionID);
      expect(result.events).toEqual([]);
    });

    it('status lists channels completely (with Items as well as ListItems)', async () => {
      const result = await status(client);
      expectCompleteList(result, 'StatusComplete', ['Status']);
      expect(result.complete.Items).toBe(result.complete.ListItems);
    });

    it('coreShowChannelMap needs a channel although the spec calls it optional', async () => {
      // the override makes Channel required: refused before sending, as Asterisk would refuse it
      // @ts-expect-error Channel is required
      await expect(coreShowChannelMap(client, {})).rejects.toBeInstanceOf(AmiInputError);
      const raw = await client.sendList({ Action: 'CoreShowChannelMap' }).catch((e: unknown) => e);
      expect((raw as AmiActionError).response.Message).toBe('CoreShowChannelMap requires a channel.');
      const unknown = await actionError(coreShowChannelMap(client, { Channel: 'Local/nobody@nowhere-00000000;1' }));
      expect(unknown.response.Message).toBe('Could not get channel snapshot');
    });
  });

  describe('configuration and dialplan', () => {
    it('listCategories, getConfig, getConfigJSON of extensions.conf', async () => {
      const categories = await listCategories(client, { Filename: 'extensions.conf' });
      const names = Object.entries(categories)
        .filter(([header]) => header.startsWith('Category-'))
        .map(([, value]): unknown => value);
      expect(names).toContain('tsami-test');
      expect(names).toContain('globals');

      const config = await getConfig(client, { Filename: 'extensions.conf', Category: 'tsami-test' });
      expect(getField(config, 'Category-000000')).toBe('tsami-test');
      expect(Object.values(config)).toContain('exten=answer,1,Answer()');

      const json = await getConfigJSON(client, { Filename: 'extensions.conf', Category: 'globals' });
      expect(JSON.parse(String(json.JSON))).toEqual({ globals: { TSAMI_GLOBAL: 'tsami-global-value' } });

      const missing = await actionError(getConfig(client, { Filename: `${unique('nope')}.conf` }));
      expect(missing.response.Message).toBe('Config file not found');
    });

    it('showDialPlan lists one extension with its priorities and counts', async () => {
      const result = await showDialPlan(client, { Context: 'tsami-test', Extension: 'answer' });
      expectCompleteList(result, 'ShowDialPlanComplete', ['ListDialplan']);
      expect(result.events.map((e) => `${e.Priority} ${e.Application}(${e.AppData})`)).toEqual([
        '1 Answer()',
        '2 Wait(60)',
        '3 Hangup()',
      ]);
      expect(result.complete.ListExtensions).toBe('1');
      expect(result.complete.ListPriorities).toBe('3');
      expect(result.complete.ListContexts).toBe('1');
    });
  });

  describe('AstDB, device and presence state, hints', () => {
    it('a hint on a custom device shows in extensionState(List), deviceStateList and presenceState(List)', async () => {
      // no '-': Asterisk ignores dashes when it matches extension names
      const name = unique('tsv22').replace('-', '');
      const context = 'tsami-v22-hints';
      const device = `Custom:${name}`;
      const presentity = `CustomPresence:${name}`;
      await dialplanExtensionAdd(client, { Context: context, Extension: name, Priority: 'hint', Application: device });
      try {
        await setvar(client, { Variable: `DEVICE_STATE(${device})`, Value: 'INUSE' });
        await setvar(client, { Variable: `PRESENCE_STATE(${presentity})`, Value: 'away,,Lunch' });

        const state = await extensionState(client, { Exten: name, Context: context });
        expect([state.Hint, state.Status, state.StatusText]).toEqual([device, '1', 'InUse']);

        const hints = await extensionStateList(client);
        expectCompleteList(hints, 'ExtensionStateListComplete', ['ExtensionStatus']);
        const hint = hints.events.find((e) => e.Exten === name);
        expect(hint).toMatchObject({ Context: context, Hint: device, Status: '1', StatusText: 'InUse' });

        const devices = await deviceStateList(client);
        expectCompleteList(devices, 'DeviceStateListComplete', ['DeviceStateChange']);
        expect(devices.events.find((e) => e.Device === device)?.State).toBe('INUSE');
        expect(devices.events.find((e) => e.Device === 'PJSIP/tsami-phone')?.State).toBe('UNAVAILABLE');

        const presence = await presenceState(client, { Provider: presentity });
        expect([presence.State, presence.PresenceMessage]).toEqual(['away', 'Lunch']);
        // Asterisk repeats `Message:` (its own text, then the presence message): the header is an array.
        expect(presence.Message as unknown).toEqual(['Presence State', 'Lunch']);
        const presences = await presenceStateList(client);
        expectCompleteList(presences, 'PresenceStateListComplete', ['PresenceStateChange']);
        expect(presences.events.find((e) => e.Presentity === presentity)).toMatchObject({
          Status: 'away',
          Message: 'Lunch',
        });
      } finally {
        // func_devstate and func_presencestate persist their values in AstDB.
        await dbDel(client, { Family: 'CustomDevstate', Key: name }).catch(() => undefined);
        await dbDel(client, { Family: 'CustomPresence', Key: name }).catch(() => undefined);
        await dialplanExtensionRemove(client, { Context: context, Extension: name, Priority: 'hint' });
      }
      // an extension without a hint: answered, with state -1
      const gone = await extensionState(client, { Exten: name, Context: context });
      expect([gone.Hint, gone.Status, gone.StatusText]).toEqual(['', '-1', 'Unknown']);
      expect((await extensionStateList(client)).events.some((e) => e.Exten === name)).toBe(false);
    });

    it('dbGetTree of an unknown family is an empty, complete list', async () => {
      const result = await dbGetTree(client, { Family: unique('tsami-none') });
      expectCompleteList(result, 'DBGetTreeComplete', ['DBGetTreeResponse']);
      expect(result.events).toEqual([]);
    });
  });

  describe('queues, parking, agents, bridges', () => {
    it('queueStatus and queueSummary of tsami-queue', async () => {
      const result = await queueStatus(client, { Queue: 'tsami-queue' });
      expectCompleteList(result, 'QueueStatusComplete', ['QueueParams', 'QueueMember', 'QueueEntry']);
      expect(result.events[0]).toMatchObject({ Event: 'QueueParams', Queue: 'tsami-queue', Strategy: 'ringall' });
      const member = result.events.find(
        (e) => isKnownEvent(e, 'QueueMember') && e.Location === 'Local/answer@tsami-test',
      );
      expect(member).toMatchObject({ Membership: 'static', Name: 'Tsami Member' });

      const summary = await queueSummary(client, { Queue: 'tsami-queue' });
      expectCompleteList(summary, 'QueueSummaryComplete', ['QueueSummary']);
      expect(summary.events).toHaveLength(1);
      expect(summary.events[0]!.Queue).toBe('tsami-queue');
      expect(Number(summary.events[0]!.LoggedIn)).toBeGreaterThanOrEqual(1);

      const none = await queueStatus(client, { Queue: unique('no-queue') });
      expectCompleteList(none, 'QueueStatusComplete', []);
    });

    it('queueRule answers without rules configured', async () => {
      const response = await queueRule(client);
      expect(response.Response).toBe('Success');
      expect(Object.keys(response).sort()).toEqual(['ActionID', 'Response']);
    });

    it('parkinglots lists the default lot; parkedCalls is a complete list', async () => {
      const lots = await parkinglots(client);
      expectCompleteList(lots, 'ParkinglotsComplete', ['Parkinglot']);
      expect(lots.events.find((e) => e.Name === 'default')).toMatchObject({ StartSpace: '701', StopSpace: '720' });
      const parked = await parkedCalls(client, { ParkingLot: 'default' });
      expectCompleteList(parked, 'ParkedCallsComplete', ['ParkedCall']);
      expect(parked.complete.Total).toBe(parked.complete.ListItems);
    });

    it('agents: a complete (empty) list without agents.conf entries', async () => {
      const result = await agents(client);
      expectCompleteList(result, 'AgentsComplete', ['Agents']);
    });

    it('bridgeTechnologyList, bridgeList; bridgeInfo and suspending unknown ones fail', async () => {
      const technologies = await bridgeTechnologyList(client);
      expectCompleteList(technologies, 'BridgeTechnologyListComplete', ['BridgeTechnologyListItem']);
      expect(technologies.events.map((e) => e.BridgeTechnology)).toEqual(
        expect.arrayContaining(['simple_bridge', 'softmix', 'holding_bridge']),
      );
      const bridges = await bridgeList(client);
      expectCompleteList(bridges, 'BridgeListComplete', ['BridgeListItem']);
      const info = await actionError(bridgeInfo(client, { BridgeUniqueid: unique('no-bridge') }));
      expect(info.response.Message).toBe('Specified BridgeUniqueid not found');
      const suspend = await actionError(bridgeTechnologySuspend(client, { BridgeTechnology: unique('no-tech') }));
      expect(suspend.response.Message).toBe('BridgeTechnology not found');
    });

    it('confbridge without conferences answers errors', async () => {
      const rooms = await actionError(confbridgeListRooms(client));
      expect(rooms.response.Message).toBe('No active conferences.');
      const list = await actionError(confbridgeList(client, { Conference: unique('room') }));
      expect(list.response.Message).toBe('No active conferences.');
    });
  });

  describe('PJSIP', () => {
    it('pjsipShowEndpoints and pjsipShowEndpoint tsami-phone', async () => {
      const endpoints = await pjsipShowEndpoints(client);
      expectCompleteList(endpoints, 'EndpointListComplete', ['EndpointList']);
      expect(endpoints.events.find((e) => e.ObjectName === 'tsami-phone')).toMatchObject({
        Aor: 'tsami-phone',
        Auths: 'tsami-phone',
        DeviceState: 'Unavailable',
      });

      const detail = await pjsipShowEndpoint(client, { Endpoint: 'tsami-phone' });
      expectCompleteList(detail, 'EndpointDetailComplete', [
        'EndpointDetail',
        'IdentifyDetail',
        'ContactStatusDetail',
        'AuthDetail',
        'TransportDetail',
        'AorDetail',
      ]);
      // no transport and no contact: the endpoint, its auth and its AOR
      expect(detail.events.map((e) => e.Event)).toEqual(['EndpointDetail', 'AuthDetail', 'AorDetail']);
      // ContactStatusDetail, a possible item, has no ObjectName: read it by name
      expect(detail.events.every((e) => getField(e, 'ObjectName') === 'tsami-phone')).toBe(true);

      const unknown = await actionError(pjsipShowEndpoint(client, { Endpoint: 'no-such-endpoint' }));
      expect(unknown.response.Message).toBe('Unable to retrieve endpoint no-such-endpoint');
    });

    it('pjsipShowAors, pjsipShowAuths, pjsipShowRegistrationsInbound', async () => {
      const aors = await pjsipShowAors(client);
      expectCompleteList(aors, 'AorListComplete', ['AorList']);
      expect(aors.events.find((e) => e.ObjectName === 'tsami-phone')?.MaxContacts).toBe('1');
      const auths = await pjsipShowAuths(client);
      expectCompleteList(auths, 'AuthListComplete', ['AuthList']);
      expect(auths.events.find((e) => e.ObjectName === 'tsami-phone')?.Username).toBe('tsami-phone');
      const inbound = await pjsipShowRegistrationsInbound(client);
      expectCompleteList(inbound, 'InboundRegistrationDetailComplete', ['InboundRegistrationDetail']);
      expect(inbound.events.map((e) => e.ObjectName)).toContain('tsami-phone');
    });

    it('lists that are empty on the sandbox still complete', async () => {
      const outbound = await pjsipShowRegistrationsOutbound(client);
      expectCompleteList(outbound, 'OutboundRegistrationDetailComplete', ['OutboundRegistrationDetail']);
      expect(outbound.complete.Registered).toMatch(/^\d+$/);
      expectCompleteList(await pjsipShowSubscriptionsInbound(client), 'InboundSubscriptionDetailComplete', [
        'InboundSubscriptionDetail',
      ]);
      expectCompleteList(await pjsipShowSubscriptionsOutbound(client), 'OutboundSubscriptionDetailComplete', [
        'OutboundSubscriptionDetail',
      ]);
      expectCompleteList(await pjsipShowRegistrationInboundContactStatuses(client), 'ContactStatusDetailComplete', [
        'ContactStatusDetail',
      ]);
      expectCompleteList(await pjsipShowMaintenance(client), 'PJSIPMaintenanceStatusComplete', [
        'PJSIPMaintenanceStatus',
      ]);
    });

    it('contacts and resource lists answer errors when there are none', async () => {
      const contacts = await actionError(pjsipShowContacts(client));
      expect(contacts.response.Message).toBe('No Contacts found');
      const lists = await actionError(pjsipShowResourceLists(client));
      expect(lists.response.Message).toBe('No resource lists found');
    });

    it('pjsipQualify accepts the endpoint; sorcery caches are not configured', async () => {
      expect((await pjsipQualify(client, { Endpoint: 'tsami-phone' })).Message).toBe('Endpoint found, will qualify');
      const cache = await actionError(sorceryMemoryCacheStale(client, { Cache: unique('cache') }));
      expect(cache.response.Message).toBe('The provided cache does not exist');
    });
  });

  describe('voicemail and fax', () => {
    it('voicemailUsersList, voicemailUserStatus, voicemailBoxSummary, mailbox counts', async () => {
      const users = await voicemailUsersList(client);
      expectCompleteList(users, 'VoicemailUserEntryComplete', ['VoicemailUserEntry']);
      expect(users.events.find((e) => e.VMContext === 'default' && e.VoiceMailbox === '1234')?.Fullname).toBe(
        'Example Mailbox',
      );

      const user = await voicemailUserStatus(client, { Context: 'default', Mailbox: '1234' });
      expectCompleteList(user, 'VoicemailUserDetailComplete', ['VoicemailUserDetail']);
      expect(user.events).toHaveLength(1);
      expect(user.events[0]!.Fullname).toBe('Example Mailbox');

      const box = await voicemailBoxSummary(client, { Context: 'default', Mailbox: '1234' });
      expectCompleteList(box, 'VoicemailBoxDetailComplete', ['VoicemailBoxDetail']);

      const count = await mailboxCount(client, { Mailbox: '1234@default' });
      expect([count.NewMessages, count.OldMessages, count.UrgMessages].every((n) => /^\d+$/.test(String(n)))).toBe(
        true,
      );
      expect((await mailboxStatus(client, { Mailbox: '1234@default' })).Waiting).toMatch(/^\d+$/);
    });

    it('faxSessions is a list (answered with `EventList: Start`); faxStats and faxSession get their follow-up event', async () => {
      const faxes = await faxSessions(client);
      expectCompleteList(faxes, 'FAXSessionsComplete', ['FAXSessionsEntry']);
      expect(faxes.complete.Total).toMatch(/^\d+$/);

      const stats = await faxStats(client);
      expect(stats.response.Message).toBe('FAXStats event will follow');
      expect(stats.complete.Event).toBe('FAXStats');
      expect(stats.complete.ActionID).toBe(stats.response.ActionID);
      expect(stats.complete.CurrentSessions).toMatch(/^\d+$/);
      expect(stats.events).toEqual([]);

      const unknownFax = await actionError(faxSession(client, { SessionNumber: 999_999 }));
      expect(unknownFax.response.Message).toBe('Session not found');
    });
  });
});
