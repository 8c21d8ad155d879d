// @ts-check
import { AmiInputError } from '@tsami/core';
import { describe, expect, it, vi } from 'vitest';
import { goamiActions, loadSpec } from './spec.js';
import { recordingSender, requiredParams } from './stub.js';
/** @import { AmiEvent } from '@tsami/core' */
/** @import { ExpectedRequest } from '../index.js' */

/** @typedef {(sender: unknown, params?: unknown, options?: unknown) => Promise<unknown>} AnyAction */

/** @type {typeof import('../index.js').hangupAndFaxOverrides} */
export const hangupAndFaxOverrides = {
  // A plain channel name answers with one response; only `/regex/` answers with a list.
  Hangup: { kind: 'send' },
  // Ack plus exactly one follow-up event.
  FAXSession: { kind: 'sendList', completeEvent: 'FAXSession' },
  FAXStats: { kind: 'sendList', completeEvent: 'FAXStats' },
};

/**
 * Answers every release shares, checked by hand rather than taken from the spec.
 * @type {Record<string, ExpectedRequest>}
 */
const SHARED_REQUESTS = {
  Ping: { kind: 'send' },
  IAXnetstats: { kind: 'send' },
  CoreShowChannels: { kind: 'sendList', completeEvent: 'CoreShowChannelsComplete' },
  WaitEvent: { kind: 'sendList', completeEvent: 'WaitEventComplete' },
};

/** Naming-rule samples every release has. */
const SHARED_FUNCTION_NAMES = {
  DBGet: 'dbGet',
  IAXpeers: 'iaxPeers',
  IAXnetstats: 'iaxNetstats',
  AGI: 'agi',
  AOCMessage: 'aocMessage',
  DAHDIDNDoff: 'dahdiDNDoff',
  PRIShowSpans: 'priShowSpans',
  PlayDTMF: 'playDTMF',
  GetConfigJSON: 'getConfigJSON',
  Originate: 'originate',
  Events: 'events',
};

/** goami actions that never were stock Asterisk. */
const NOT_STOCK = { KSendSMS: 'third-party Khomp channel driver, not stock Asterisk' };

/** @type {typeof import('../index.js').describeActionSet} */
export const describeActionSet = ({
  release,
  majors,
  pkg,
  expectedRequests = {},
  alsoRequired = {},
  regexHangup,
  functionNames = {},
  goami,
}) => {
  const spec = loadSpec(release);
  const exported = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (pkg));
  const actions = /** @type {Record<string, AnyAction>} */ (pkg.actions);
  /** @type {(name: string) => AnyAction} */
  const fnOf = (name) => {
    const fn = actions[name];
    if (!fn) throw new Error(`no action function ${name}`);
    return fn;
  };
  /** @type {(name: string) => string[]} */
  const requiredOf = (name) =>
    (spec.actions[name]?.params ?? [])
      .filter((p) => p.required || alsoRequired[name]?.includes(p.name))
      .map((p) => p.name);
  const names = Object.keys(spec.actions).sort();
  /** @type {Record<string, ExpectedRequest>} */
  const pinned = { ...SHARED_REQUESTS, ...expectedRequests };

  describe(`every action of Asterisk ${release}`, () => {
    it.each(names)('%s sends its exact name and the right kind of request', async (name) => {
      const eventList = spec.actions[name]?.eventList;
      const sender = recordingSender();
      const required = requiredOf(name);
      await fnOf(name)(sender, requiredParams(required));

      expect(sender.calls).toHaveLength(1);
      const call = sender.calls[0];
      expect(call?.action.Action).toBe(name);
      for (const param of required) expect(call?.action[param]).toBe(`value-of-${param}`);
      // Closing events often lack `EventList: Complete` (always on Asterisk 10); the name must be passed.
      /** @type {ExpectedRequest} */
      const expected = pinned[name] ?? (eventList ? { kind: 'sendList', completeEvent: eventList } : { kind: 'send' });
      expect(call?.kind).toBe(expected.kind);
      if (expected.kind === 'sendList') expect(call?.options?.completeEvent).toBe(expected.completeEvent);
    });

    const withRequired = names.filter((n) => requiredOf(n).length > 0);
    it('pins every hand-checked answer and required parameter to the spec', () => {
      expect(Object.keys(pinned).filter((n) => !(n in spec.actions))).toEqual([]);
      for (const [name, params] of Object.entries(alsoRequired)) {
        const optional = (spec.actions[name]?.params ?? []).filter((p) => !p.required).map((p) => p.name);
        expect(optional, name).toEqual(expect.arrayContaining([...params]));
      }
    });

    it.each(withRequired)('%s rejects a missing required parameter before sending', async (name) => {
      const required = requiredOf(name);
      for (const missing of required) {
        const sender = recordingSender();
        const params = requiredParams(required.filter((p) => p !== missing));
        const error = await fnOf(name)(sender, params).then(
          () => undefined,
          (/** @type {unknown} */ e) => e,
        );
        expect(error).toBeInstanceOf(AmiInputError);
        expect(/** @type {AmiInputError} */ (error).field).toBe(missing);
        expect(sender.calls).toHaveLength(0);
      }
    });
  });

  describe(`parameters of Asterisk ${release}`, () => {
    it('passes parameters through under their exact AMI names', async () => {
      const sender = recordingSender();
      const params = {
        Channel: 'Local/100@default',
        Exten: '200',
        Context: 'default',
        Priority: 1,
        Async: true,
        Variable: { FOO: 'bar' },
      };
      await fnOf('Originate')(sender, params);
      expect(sender.calls[0]?.action).toEqual({ Action: 'Originate', ...params });
      expect(sender.calls[0]?.kind).toBe('send');
    });

    it('forwards SendOptions', async () => {
      const sender = recordingSender();
      const signal = new AbortController().signal;
      await fnOf('Ping')(sender, undefined, { timeoutMs: 1234, signal });
      expect(sender.calls[0]?.options).toEqual({ timeoutMs: 1234, signal });
      await fnOf('CoreShowChannels')(sender, {}, { timeoutMs: 99 });
      expect(sender.calls[1]?.options).toEqual({ timeoutMs: 99, completeEvent: 'CoreShowChannelsComplete' });
      await fnOf('WaitEvent')(sender, { Timeout: 5 }, { timeoutMs: 10_000 });
      expect(sender.calls[2]?.options).toEqual({ timeoutMs: 10_000, completeEvent: 'WaitEventComplete' });
    });

    it('lets UserEvent carry arbitrary headers', async () => {
      const sender = recordingSender();
      await fnOf('UserEvent')(sender, { UserEvent: 'Deploy', Version: '1.2.3', Anything: 7 });
      expect(sender.calls[0]?.action).toEqual({
        Action: 'UserEvent',
        UserEvent: 'Deploy',
        Version: '1.2.3',
        Anything: 7,
      });
    });

    it('sends the numbered UpdateConfig header family', async () => {
      const sender = recordingSender();
      const numbered = { 'Action-000000': 'Append', 'Cat-000000': 'general', 'Var-000000': 'x', 'Value-000000': '1' };
      await fnOf('UpdateConfig')(sender, { SrcFilename: 'a.conf', DstFilename: 'a.conf', ...numbered });
      expect(sender.calls[0]?.action).toEqual({
        Action: 'UpdateConfig',
        SrcFilename: 'a.conf',
        DstFilename: 'a.conf',
        ...numbered,
      });
    });
  });

  describe(`Hangup of Asterisk ${release}`, () => {
    if (regexHangup) {
      it('with a /regex/ channel is a list closed by ChannelsHungupListComplete, else one response', async () => {
        const sender = recordingSender();
        await fnOf('Hangup')(sender, { Channel: '/^PJSIP\\/100-.*$/', Cause: 16 });
        await fnOf('Hangup')(sender, { Channel: 'PJSIP/100-00000001' });
        expect(sender.calls[0]).toMatchObject({
          kind: 'sendList',
          action: { Action: 'Hangup', Channel: '/^PJSIP\\/100-.*$/', Cause: 16 },
          options: { completeEvent: 'ChannelsHungupListComplete' },
        });
        expect(sender.calls[1]).toMatchObject({
          kind: 'send',
          action: { Action: 'Hangup', Channel: 'PJSIP/100-00000001' },
        });
      });
    } else {
      it('is a single response even for a /regex/-like channel (no regex form yet)', async () => {
        const sender = recordingSender();
        await fnOf('Hangup')(sender, { Channel: '/x/' });
        expect(sender.calls[0]).toMatchObject({ kind: 'send', action: { Action: 'Hangup', Channel: '/x/' } });
      });
    }
  });

  describe(`coverage of Asterisk ${release}`, () => {
    it('was generated from the committed spec', () => {
      expect(pkg.spec.asteriskVersion).toBe(spec.asteriskVersion);
    });

    it('has one function per spec action, exported and in `actions`', () => {
      expect([...pkg.actionNames]).toEqual(names);
      expect(Object.keys(actions).sort()).toEqual(names);
      const exportedFunctions = new Set(Object.values(exported).filter((v) => typeof v === 'function'));
      /** @type {(fn: unknown) => boolean} */
      const isExported = (fn) => exportedFunctions.has(/** @type {Function} */ (fn));
      for (const name of names) {
        expect(typeof actions[name], name).toBe('function');
        expect(isExported(actions[name]), `${name} is exported by name`).toBe(true);
      }
    });

    it('names functions by the documented rule', () => {
      for (const [action, fn] of Object.entries({ ...SHARED_FUNCTION_NAMES, ...functionNames })) {
        expect(actions[action], action).toBeTypeOf('function');
        expect(exported[fn], `${action} → ${fn}`).toBe(actions[action]);
      }
    });

    const notInRelease = { ...NOT_STOCK, ...goami.notInRelease };
    it(`offers every stock action goami ${goami.branch} offers that Asterisk ${release} has`, () => {
      const ours = new Map(pkg.actionNames.map((n) => [n.toLowerCase(), n]));
      const wanted = goamiActions(goami.branch).filter((n) => !(n in notInRelease));
      // AMI matches action names without regard to case (goami sends MeetmeUnMute).
      const missing = wanted.filter((n) => !ours.has(n.toLowerCase()));
      expect(missing).toEqual([]);
      // The exclusions must really be absent, or the list hides a gap.
      for (const name of Object.keys(notInRelease)) expect(ours.has(name.toLowerCase()), name).toBe(false);
    });
  });

  describe(`typed events of Asterisk ${release}`, () => {
    it('lists every spec event', () => {
      expect([...pkg.eventNames]).toEqual(Object.keys(spec.events).sort());
    });

    it('lists Newexten under its wire spelling, not the documented NewExten', () => {
      expect(pkg.eventNames).toContain('Newexten');
      expect(pkg.eventNames).not.toContain('NewExten');
    });

    it('recognises known events with isKnownEvent', () => {
      const isKnown = /** @type {(event: AmiEvent, name: string) => boolean} */ (pkg.isKnownEvent);
      expect(isKnown({ Event: 'Hangup', Cause: '17' }, 'Hangup')).toBe(true);
      expect(isKnown({ Event: 'SomeThirdPartyEvent' }, 'Hangup')).toBe(false);
      expect(isKnown({ Event: 'Newchannel' }, 'Hangup')).toBe(false);
    });
  });

  describe(`privileges of Asterisk ${release}`, () => {
    const requiredPrivileges =
      /** @type {(use: { actions?: string[], events?: string[] }) => { read: string[], write: string[] }} */ (
        pkg.requiredPrivileges
      );
    it("carries every action's write classes and every event's read classes from the spec", () => {
      expect(pkg.privileges.actions).toEqual(
        Object.fromEntries(names.map((n) => [n, spec.actions[n]?.privilege ?? []])),
      );
      expect(pkg.privileges.events).toEqual(
        Object.fromEntries(Object.entries(spec.events).map(([n, e]) => [n, e.classes ?? []])),
      );
    });

    it("asks for one of an action's write classes, none when anyone may run it, and no read class", () => {
      for (const name of names) {
        const classes = spec.actions[name]?.privilege ?? [];
        const { read, write } = requiredPrivileges({ actions: [name] });
        expect(read, name).toEqual([]);
        expect(write, name).toHaveLength(classes.length ? 1 : 0);
        if (classes.length) expect(classes, name).toContain(write[0]);
      }
    });

    it('asks for every read class of the events, and no write class', () => {
      const events = Object.keys(spec.events);
      const classes = [...new Set(Object.values(spec.events).flatMap((e) => e.classes ?? []))].sort();
      expect(requiredPrivileges({ events })).toEqual({ read: classes, write: [] });
      expect(requiredPrivileges({})).toEqual({ read: [], write: [] });
      // the README's example, the same in every release
      expect(requiredPrivileges({ actions: ['Originate'], events: ['Hangup'] })).toEqual({
        read: ['call'],
        write: ['originate'],
      });
    });
  });

  describe(`release check of Asterisk ${release}`, () => {
    it.each(majors)('accepts a server that runs Asterisk %i', async (major) => {
      const sender = recordingSender({ AsteriskVersion: `${major}.1.0` });
      await expect(pkg.checkServer(sender)).resolves.toBeDefined();
      expect(sender.calls.map((c) => c.action.Action)).toContain('CoreSettings');
    });

    it('rejects another release, naming the package and the releases it fits, or only warns on request', async () => {
      const other = Math.max(...majors) + 5;
      await expect(pkg.checkServer(recordingSender({ AsteriskVersion: `${other}.0.0` }))).rejects.toThrow(
        new RegExp(`@tsami/ami-v${release}.*${majors.join(', ')}`),
      );
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        await expect(
          pkg.checkServer(recordingSender({ AsteriskVersion: `${other}.0.0` }), { onMismatch: 'warn' }),
        ).resolves.toBeDefined();
        expect(String(warn.mock.calls[0]?.[0])).toContain(`@tsami/ami-v${release}`);
      } finally {
        warn.mockRestore();
      }
    });
  });
};
