import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AmiActionError, computePrivileges, type AmiEvent, type PrivilegeMeta } from '../../src/index.js';
import { AMI_URL, closeAll, connectClient, eventually, hasAsterisk } from './env.js';

/**
 * The sandbox's manager.conf has a user, `tsami-least`, with exactly the classes computePrivileges
 * gives for USE (checked here), and this test runs as that user: every action of USE succeeds,
 * every event of USE arrives, and an action outside it is refused.
 */
const USE = {
  actions: ['Ping', 'Originate', 'CoreShowChannels', 'Getvar', 'Setvar', 'UserEvent', 'Hangup'],
  events: ['Newchannel', 'VarSet', 'UserEvent', 'Hangup'],
} as const;
const USER = 'tsami-least';

const meta = JSON.parse(
  readFileSync(new URL('../fixtures/privileges-22.json', import.meta.url), 'utf8'),
) as PrivilegeMeta;

/** The `key = value` lines of one section of the sandbox's manager.conf. */
function managerUser(name: string): Record<string, string> {
  const conf = readFileSync(new URL('../../../../tools/asterisk-sandbox/conf/manager.conf', import.meta.url), 'utf8');
  const section: Record<string, string> = {};
  let current: string | undefined;
  for (const raw of conf.split('\n')) {
    const line = raw.replace(/;.*/, '').trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1];
    else if (current === name && line.includes('=')) {
      const [key, ...value] = line.split('=');
      section[key!.trim()] = value.join('=').trim();
    }
  }
  return section;
}

const classes = (line: string | undefined) =>
  (line ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .sort();

describe.skipIf(!hasAsterisk)('least privilege on the live Asterisk 22', () => {
  afterAll(closeAll);

  const user = managerUser(USER);

  it(`${USER} in the sandbox's manager.conf has exactly the computed classes`, () => {
    expect(computePrivileges(meta, USE)).toEqual({ read: classes(user.read), write: classes(user.write) });
  });

  it("the fixture's write classes are the live server's (ListCommands)", async () => {
    const admin = await connectClient({ events: 'off' });
    const { Response: _response, ActionID: _id, ...registered } = await admin.send({ Action: 'ListCommands' });
    const differing = Object.entries(registered).flatMap(([name, text]) => {
      // "(Priv: call,reporting,all)" closes each entry; every class implies `all`
      const priv = /\(Priv: ([^)]*)\)\s*$/.exec(String(text))?.[1];
      const live = priv === '<none>' ? [] : classes(priv).filter((c) => c !== 'all');
      const fixture = meta.actions[name] ? [...meta.actions[name]].sort() : undefined;
      return fixture?.join() === live.join()
        ? []
        : [`${name}: live ${live.join()}, fixture ${fixture?.join() ?? '(missing)'}`];
    });
    expect(Object.keys(registered).length).toBeGreaterThan(100);
    expect(differing).toEqual([]);
  });

  it(`${USER} runs those actions, receives those events, and is refused others`, async () => {
    const url = new URL(AMI_URL!);
    url.username = USER;
    url.password = user.secret ?? '';
    const least = await connectClient({ url: url.href, events: 'on' });
    const events: AmiEvent[] = [];
    least.on('event', (event) => events.push(event));
    const tag = randomBytes(5).toString('hex');
    const ids = { ChannelId: `least-${tag}-1`, OtherChannelId: `least-${tag}-2` };
    const admin = await connectClient({ events: 'off' });
    try {
      expect((await least.send({ Action: 'Ping' })).Ping).toBe('Pong');
      const originate = {
        Action: 'Originate',
        Channel: 'Local/answer@tsami-test',
        Context: 'tsami-test',
        Exten: 'hold',
        Priority: 1,
      };
      await least.send({ ...originate, Async: 'false', Timeout: 10_000, ...ids }, { timeoutMs: 30_000 });
      const channels = await least.sendList({ Action: 'CoreShowChannels' });
      const channel = channels.events.find((e) => e.Uniqueid === ids.ChannelId)?.Channel;
      expect(channel).toEqual(expect.any(String));
      expect((await least.send({ Action: 'Getvar', Channel: channel, Variable: 'CHANNEL(name)' })).Value).toBe(channel);
      await least.send({ Action: 'Setvar', Channel: channel, Variable: 'TSAMI_LEAST', Value: tag });
      await least.send({ Action: 'UserEvent', UserEvent: `TsamiLeast-${tag}` });
      await least.send({ Action: 'Hangup', Channel: channel });

      const seen = (name: string, match: (e: AmiEvent) => boolean) => () =>
        events.some((e) => e.Event === name && match(e));
      await eventually(
        seen('Newchannel', (e) => e.Uniqueid === ids.ChannelId),
        Boolean,
      );
      await eventually(
        seen('VarSet', (e) => e.Uniqueid === ids.ChannelId && e.Variable === 'TSAMI_LEAST' && e.Value === tag),
        Boolean,
      );
      await eventually(
        seen('UserEvent', (e) => e.UserEvent === `TsamiLeast-${tag}`),
        Boolean,
      );
      await eventually(
        seen('Hangup', (e) => e.Uniqueid === ids.ChannelId),
        Boolean,
      );

      for (const refused of [
        { Action: 'Command', Command: 'core show uptime' },
        { Action: 'DBPut', Family: `least-${tag}`, Key: 'k', Val: 'v' },
      ]) {
        const error = await least.send(refused).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AmiActionError);
        expect((error as AmiActionError).response.Message).toBe('Permission denied');
      }
    } finally {
      const { events: left } = await admin.sendList({ Action: 'CoreShowChannels' });
      for (const e of left.filter((e) => e.Uniqueid === ids.ChannelId || e.Uniqueid === ids.OtherChannelId)) {
        await admin.send({ Action: 'Hangup', Channel: e.Channel }).catch(() => undefined);
      }
    }
  });
});
