import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AmiActionError,
  AmiAuthError,
  AmiClient,
  AmiInputError,
  getFieldString,
  parseAmiUrl,
  type AmiEvent,
  type AmiFieldValue,
} from '../../src/index.js';
import { AMI_CALL_URL, AMI_TLS_URL, AMI_URL, closeAll, connectClient, eventually, hasAsterisk, tlsCa } from './env.js';

// Runs against a real Asterisk (see env.ts); skipped when AMI_URL is not set.
describe.skipIf(!hasAsterisk)('integration: real Asterisk', () => {
  afterAll(closeAll);

  /** Starts a call into the test dialplan and returns the Uniqueids of its two Local halves. */
  async function originateLocal(client: AmiClient, exten: string, extra: Record<string, AmiFieldValue> = {}) {
    const one = randomUUID();
    const two = randomUUID();
    const response = await client.send({
      Action: 'Originate',
      Channel: `Local/${exten}@tsami-test`,
      Application: 'Wait',
      Data: '30',
      Async: true,
      ChannelId: one,
      OtherChannelId: two,
      ...extra,
    });
    return { one, two, actionId: response.ActionID! };
  }

  async function hangupByUniqueid(client: AmiClient, uniqueid: string): Promise<void> {
    const { events } = await client.sendList(
      { Action: 'CoreShowChannels' },
      { completeEvent: 'CoreShowChannelsComplete' },
    );
    for (const channel of events) {
      if (channel.Uniqueid === uniqueid || channel.Linkedid === uniqueid) {
        await client.send({ Action: 'Hangup', Channel: channel.Channel }).catch(() => undefined);
      }
    }
  }

  describe('1. login', () => {
    it('logs in with MD5 and plain, and exposes the banner version', async () => {
      const md5 = await connectClient({ authType: 'md5', events: 'off' });
      const plain = await connectClient({ authType: 'plain', events: 'off' });
      expect(md5.banner).toMatch(/^Asterisk Call Manager\/\d+\.\d+\.\d+$/);
      expect(md5.amiVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(plain.amiVersion).toBe(md5.amiVersion);
    });

    it('rejects a wrong secret with AmiAuthError, for both login kinds', async () => {
      for (const authType of ['md5', 'plain'] as const) {
        const client = new AmiClient({ url: AMI_URL, secret: 'definitely-wrong', authType, reconnect: false });
        const error = await client.connect().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AmiAuthError);
        expect((error as AmiAuthError).response?.Response).toBe('Error');
      }
    });
  });

  describe('2. simple actions', () => {
    it('Ping, CoreStatus, CoreSettings', async () => {
      const client = await connectClient({ events: 'off' });
      expect((await client.send({ Action: 'Ping' })).Ping).toBe('Pong');
      const status = await client.send({ Action: 'CoreStatus' });
      expect(status.CoreCurrentCalls).toMatch(/^\d+$/);
      const settings = await client.send({ Action: 'CoreSettings' });
      expect(settings.AsteriskVersion).toMatch(/^22\./);
      expect(settings.AMIversion).toBe(client.amiVersion);
    });

    it('Command output comes back as exact lines, indentation kept', async () => {
      const client = await connectClient({ events: 'off' });
      const settings = await client.send({ Action: 'CoreSettings' });
      const version = await client.send({ Action: 'Command', Command: 'core show version' });
      expect(version.Output).toHaveLength(1);
      expect(version.Output![0]).toMatch(
        new RegExp(`^Asterisk ${String(settings.AsteriskVersion).replace(/[.+~]/g, '\\$&')} built by `),
      );

      const dialplan = await client.send({ Action: 'Command', Command: 'dialplan show answer@tsami-test' });
      const lines = dialplan.Output!;
      expect(lines).toContain("[ Context 'tsami-test' created by 'pbx_config' ]");
      // the priority lines are indented in the CLI table; the indentation must survive
      const waitLine = lines.find((line) => line.includes('Wait(60)'));
      expect(waitLine).toMatch(/^\s{2,}\S/);
      expect(lines.some((line) => /^\s+'answer' =>\s+1\. Answer\(\)/.test(line))).toBe(true);
    });

    it("a failed Command's AmiActionError says why (the output), a failed action Asterisk's Message", async () => {
      const client = await connectClient({ events: 'off' });
      const command = await client
        .send({ Action: 'Command', Command: 'tsami-no-such-command' })
        .catch((e: unknown) => e);
      expect(command).toBeInstanceOf(AmiActionError);
      expect((command as Error).message).toMatch(/^Command failed: .*tsami-no-such-command/);
      const getvar = await client
        .send({ Action: 'Getvar', Channel: 'PJSIP/tsami-no-such-channel', Variable: 'X' })
        .catch((e: unknown) => e);
      expect(getvar).toBeInstanceOf(AmiActionError);
      const reason = (getvar as AmiActionError).response.Message;
      expect((getvar as Error).message).toBe(`Getvar failed: ${String(reason)}`);
    });
  });

  describe('3. event lists', () => {
    it('CoreShowChannels lists live Local channels completely', async () => {
      const client = await connectClient({ events: 'off' });
      const calls = [await originateLocal(client, 'hold'), await originateLocal(client, 'hold')];
      const ids = calls.flatMap((call) => [call.one, call.two]);
      const list = await eventually(
        () => client.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' }),
        (l) => ids.every((id) => l.events.some((e) => e.Uniqueid === id)),
      );
      expect(list.response.EventList).toBe('start');
      expect(list.complete.Event).toBe('CoreShowChannelsComplete');
      expect(list.complete.EventList).toBe('Complete');
      expect(Number(list.complete.ListItems)).toBe(list.events.length);
      expect(list.events.every((e) => e.Event === 'CoreShowChannel' && e.ActionID === list.response.ActionID)).toBe(
        true,
      );
      for (const call of calls) {
        const half = list.events.find((e) => e.Uniqueid === call.one)!;
        expect(half.Channel).toMatch(/^Local\/hold@tsami-test-[0-9a-f]+;1$/);
        expect(half.Linkedid).toBe(call.one);
      }
      for (const call of calls) await hangupByUniqueid(client, call.one);
    });
  });

  describe('4. a real call through events()', () => {
    it('Newchannel, Newexten, Hangup (cause 16) and OriginateResponse arrive, in order', async () => {
      const client = await connectClient({ events: 'on' });
      const one = randomUUID();
      const two = randomUUID();
      const mine = (e: AmiEvent) => e.Uniqueid === one || e.Uniqueid === two || e.Event === 'OriginateResponse';
      const stream = client.events({ filter: mine, signal: AbortSignal.timeout(15_000) });
      const response = await client.send({
        Action: 'Originate',
        Channel: 'Local/hangup@tsami-test',
        Application: 'Wait',
        Data: '5',
        Async: true,
        ChannelId: one,
        OtherChannelId: two,
      });
      expect(response.Message).toBe('Originate successfully queued');
      const seen: AmiEvent[] = [];
      for await (const event of stream) {
        if (event.Event === 'OriginateResponse' && event.ActionID !== response.ActionID) continue;
        seen.push(event);
        const hungUp = seen.filter((e) => e.Event === 'Hangup').length === 2;
        if (hungUp && seen.some((e) => e.Event === 'OriginateResponse')) break;
      }
      const names = seen.map((e) => `${e.Event}:${e.Uniqueid === one ? 1 : e.Uniqueid === two ? 2 : '-'}`);
      // the called half (;2) runs the dialplan: created, runs `hangup`, hangs up
      const order = ['Newchannel:2', 'Newexten:2', 'Hangup:2'].map((n) => names.indexOf(n));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(names.indexOf('Newchannel:1')).toBeLessThan(names.indexOf('Hangup:1'));
      const hangup = seen.find((e) => e.Event === 'Hangup' && e.Uniqueid === two)!;
      expect(hangup.Cause).toBe('16');
      expect(hangup['Cause-txt']).toBe('Normal Clearing');
      const originate = seen.find((e) => e.Event === 'OriginateResponse')!;
      expect(originate.Response).toBe('Success');
      expect(originate.Uniqueid).toBe(one);
    });
  });

  describe('5. AstDB and variables', () => {
    it('DBPut / DBGet / DBDel round trip', async () => {
      const client = await connectClient({ events: 'off' });
      const key = `k-${randomUUID()}`;
      await client.send({ Action: 'DBPut', Family: 'tsami', Key: key, Val: 'v1 with spaces: and colon' });
      const got = await client.sendList(
        { Action: 'DBGet', Family: 'tsami', Key: key },
        { completeEvent: 'DBGetComplete' },
      );
      expect(got.events).toHaveLength(1);
      expect(got.events[0]!.Val).toBe('v1 with spaces: and colon');
      await client.send({ Action: 'DBDel', Family: 'tsami', Key: key });
      await expect(client.sendList({ Action: 'DBGet', Family: 'tsami', Key: key })).rejects.toBeInstanceOf(
        AmiActionError,
      );
    });

    it('Setvar / Getvar on a global and on a live channel', async () => {
      const client = await connectClient({ events: 'off' });
      const value = `g-${randomUUID()}`;
      await client.send({ Action: 'Setvar', Variable: 'TSAMI_IT_GLOBAL', Value: value });
      expect((await client.send({ Action: 'Getvar', Variable: 'TSAMI_IT_GLOBAL' })).Value).toBe(value);
      expect((await client.send({ Action: 'Getvar', Variable: 'TSAMI_GLOBAL' })).Value).toBe('tsami-global-value');

      const call = await originateLocal(client, 'hold');
      const list = await eventually(
        () => client.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' }),
        (l) => l.events.some((e) => e.Uniqueid === call.two),
      );
      const channel = list.events.find((e) => e.Uniqueid === call.two)!.Channel as string;
      await client.send({ Action: 'Setvar', Channel: channel, Variable: 'TSAMI_CHAN', Value: 'on the channel' });
      const read = await client.send({ Action: 'Getvar', Channel: channel, Variable: 'TSAMI_CHAN' });
      expect(read.Value).toBe('on the channel');
      await client.send({ Action: 'Hangup', Channel: channel });
    });

    it('Originate Variable values with , " \\ ( ) [ ] reach the channel unchanged', async () => {
      const client = await connectClient({ events: 'off' });
      // unescaped, Asterisk would split this at the comma and strip the quotes and backslashes
      const tricky = 'a,b "quoted" back\\slash (paren) [bracket] ünï';
      const call = await originateLocal(client, 'hold', { Variable: { TSAMI_IN: tricky, TSAMI_PLAIN: 'plain' } });
      const list = await eventually(
        () => client.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' }),
        (l) => l.events.some((e) => e.Uniqueid === call.one),
      );
      const channel = list.events.find((e) => e.Uniqueid === call.one)!.Channel as string;
      expect((await client.send({ Action: 'Getvar', Channel: channel, Variable: 'TSAMI_IN' })).Value).toBe(tricky);
      expect((await client.send({ Action: 'Getvar', Channel: channel, Variable: 'TSAMI_PLAIN' })).Value).toBe('plain');
      await client.send({ Action: 'Hangup', Channel: channel });
    });
  });

  describe('6. UserEvent', () => {
    it('round-trips UTF-8 and values containing ":"', async () => {
      const sender = await connectClient({ events: 'off' });
      const listener = await connectClient({ events: 'on' });
      const tag = `TsamiRT${Date.now()}`;
      const stream = listener.events({ filter: (e) => e.UserEvent === tag, signal: AbortSignal.timeout(10_000) });
      await sender.send({
        Action: 'UserEvent',
        UserEvent: tag,
        Text: 'héllo wörld 👋 日本語',
        Url: 'sip:bob@example.com:5060;transport=tcp',
      });
      const { value } = await stream.next();
      expect(value?.Text).toBe('héllo wörld 👋 日本語');
      expect(value?.Url).toBe('sip:bob@example.com:5060;transport=tcp');
      await stream.return();
    });
  });

  describe('7. event masks and filters', () => {
    it('a client logged in with events off receives none', async () => {
      const quiet = await connectClient({ events: 'off' });
      const loud = await connectClient({ events: 'on' });
      const heard: AmiEvent[] = [];
      quiet.on('event', (e) => heard.push(e));
      const tag = `TsamiOff${Date.now()}`;
      const stream = loud.events({ filter: (e) => e.UserEvent === tag, signal: AbortSignal.timeout(10_000) });
      await quiet.send({ Action: 'UserEvent', UserEvent: tag });
      await originateLocal(quiet, 'hangup');
      expect((await stream.next()).value?.UserEvent).toBe(tag);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(heard).toEqual([]);
      await stream.return();
    });

    it('a server-side Filter limits what arrives', async () => {
      const filtered = await connectClient({ events: 'on' });
      const tag = `TsamiFilter${Date.now()}`;
      await filtered.addFilter(`UserEvent: ${tag}Yes`);
      const heard: AmiEvent[] = [];
      filtered.on('event', (e) => heard.push(e));
      const sender = await connectClient({ events: 'off' });
      await sender.send({ Action: 'UserEvent', UserEvent: `${tag}No` });
      await sender.send({ Action: 'UserEvent', UserEvent: `${tag}Yes` });
      await originateLocal(sender, 'hangup');
      await eventually(
        () => heard.length,
        (n) => n > 0,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(heard.map((e) => e.UserEvent)).toEqual([`${tag}Yes`]);
    });
  });

  describe.skipIf(!AMI_CALL_URL)('8. permissions', () => {
    it('a call-only user gets AmiActionError (Permission denied), not a hang', async () => {
      const limited = await connectClient({ url: AMI_CALL_URL, events: 'off' });
      const error = await limited.send({ Action: 'Command', Command: 'core show version' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmiActionError);
      expect((error as AmiActionError).response.Message).toBe('Permission denied');
      // a call-class action is allowed
      expect((await limited.send({ Action: 'Ping' })).Ping).toBe('Pong');
    });
  });

  describe('9. pipelining', () => {
    it('1,000 actions in flight on one connection, each answer matched to its action', async () => {
      const client = await connectClient({ events: 'off' });
      const names = Array.from({ length: 1000 }, (_, i) => `TSAMI_PIPE_${i}`);
      const answers = await Promise.all(names.map((name) => client.send({ Action: 'Getvar', Variable: name })));
      expect(answers.map((a) => a.Variable)).toEqual(names);
      expect(new Set(answers.map((a) => a.ActionID)).size).toBe(1000);
    });
  });

  describe('10. header injection', () => {
    it('a value containing CR/LF is refused and Asterisk receives nothing of it', async () => {
      const attacker = await connectClient({ events: 'off' });
      const watcher = await connectClient({ events: 'on' });
      const tag = `TsamiInject${Date.now()}`;
      const seen: AmiEvent[] = [];
      watcher.on('event', (e) => {
        if (typeof e.UserEvent === 'string' && e.UserEvent.startsWith(tag)) seen.push(e);
      });
      const payload = `x\r\n\r\nAction: UserEvent\r\nUserEvent: ${tag}Injected\r\n`;
      for (const value of [payload, 'x\nAction: UserEvent', 'x\rAction: UserEvent']) {
        const error = await attacker
          .send({ Action: 'UserEvent', UserEvent: `${tag}Carrier`, Body: value })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AmiInputError);
      }
      await attacker.send({ Action: 'UserEvent', UserEvent: `${tag}Sentinel` });
      await eventually(
        () => seen.length,
        (n) => n > 0,
      );
      expect(seen.map((e) => e.UserEvent)).toEqual([`${tag}Sentinel`]);
      expect((await attacker.send({ Action: 'Ping' })).Ping).toBe('Pong');
    });
  });

  describe.skipIf(!AMI_TLS_URL)('12. TLS', () => {
    it('connects over TLS with the sandbox CA, logs in and runs actions', async () => {
      const { host } = parseAmiUrl(AMI_TLS_URL!);
      const client = await connectClient({
        url: AMI_TLS_URL,
        tls: { ca: tlsCa(), servername: host === '127.0.0.1' ? undefined : host },
        events: 'off',
      });
      expect(client.amiVersion).toMatch(/^\d+\./);
      expect((await client.send({ Action: 'Ping' })).Ping).toBe('Pong');
      const list = await client.sendList({ Action: 'CoreShowChannels' }, { completeEvent: 'CoreShowChannelsComplete' });
      expect(list.complete.EventList).toBe('Complete');
    });

    it('refuses a server certificate it cannot verify', async () => {
      const client = new AmiClient({ url: AMI_TLS_URL, tls: { ca: [] }, reconnect: false, connectTimeoutMs: 5000 });
      await expect(client.connect()).rejects.toThrow(/certificate|self.signed/i);
    });
  });

  it('reads header names case-insensitively with getField', async () => {
    const client = await connectClient({ events: 'off' });
    const status = await client.send({ Action: 'CoreStatus' });
    expect(getFieldString(status, 'corecurrentcalls')).toBe(status.CoreCurrentCalls);
  });
});
