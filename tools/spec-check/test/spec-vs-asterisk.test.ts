import { readFileSync } from 'node:fs';
import { AmiClient } from '@tsami/core';
import { afterAll, describe, expect, it } from 'vitest';
import { docXmlPath, readManagerDocsFile, type DocParam } from './asterisk-docs.js';

/**
 * Checks specs/22.json against the running Asterisk 22 itself: its XML documentation
 * (core-en_US.xml of the sandbox, found through AMI_DOC_XML or the sandbox chroot) for the
 * actions, parameters and required flags, and `ListCommands` (AMI_URL) for the write classes.
 */
interface SpecAction {
  readonly params: readonly DocParam[];
  readonly actionIdDocumented?: boolean;
  readonly privilege?: readonly string[];
}
const spec = JSON.parse(readFileSync(new URL('../../codegen/specs/22.json', import.meta.url), 'utf8')) as {
  actions: Record<string, SpecAction>;
};

/**
 * Known differences, each explained. ActionID: Asterisk reads it on every action, so the spec
 * lists it first everywhere, also where the XML leaves it out (`actionIdDocumented: false`).
 */
const ACTION_ID_UNDOCUMENTED = [
  'BlindTransfer',
  'CoreShowChannelMap',
  'DAHDIShowStatus',
  'IAXnetstats',
  'PJSIPShowAors',
  'PJSIPShowAuths',
  'PJSIPShowContacts',
  'PJSIPShowEndpoints',
  'PJSIPShowRegistrationInboundContactStatuses',
  'PJSIPShowRegistrationsInbound',
  'PJSIPShowRegistrationsOutbound',
  'PJSIPShowResourceLists',
  'PJSIPShowSubscriptionsInbound',
  'PJSIPShowSubscriptionsOutbound',
];

const format = (params: readonly DocParam[]) => params.map((p) => (p.required ? `${p.name} (required)` : p.name));
const docPath = docXmlPath();

describe.skipIf(docPath === undefined)("specs/22.json against the sandbox's documentation (core-en_US.xml)", () => {
  // describe callbacks run even when skipped (to list the skipped tests)
  const docs = docPath === undefined ? new Map<string, DocParam[]>() : readManagerDocsFile(docPath);

  it('documents the same actions', () => {
    expect([...docs.keys()].sort()).toEqual(Object.keys(spec.actions).sort());
  });

  it('the spec adds an undocumented ActionID exactly where it says so', () => {
    const added = Object.entries(spec.actions).filter(([, action]) => action.actionIdDocumented === false);
    expect(added.map(([name]) => name).sort()).toEqual(ACTION_ID_UNDOCUMENTED);
    for (const [name] of added)
      expect(
        docs.get(name)?.some((p) => p.name === 'ActionID'),
        name,
      ).toBe(false);
  });

  it.each(Object.keys(spec.actions).sort())('%s: same parameters, in order, with the same required flags', (name) => {
    const action = spec.actions[name]!;
    const params = ACTION_ID_UNDOCUMENTED.includes(name)
      ? action.params.filter((p) => p.name !== 'ActionID')
      : action.params;
    expect(format(params)).toEqual(format(docs.get(name) ?? []));
  });
});

const AMI_URL = process.env.AMI_URL;
const withPrivileges = Object.values(spec.actions).some((action) => action.privilege !== undefined);

describe.skipIf(!AMI_URL)('specs/22.json against the live ListCommands', () => {
  const clients: AmiClient[] = [];
  afterAll(() => Promise.all(clients.map((client) => client.close())));

  // The privilege fields arrive with the spec update that adds them; until then this says so.
  it.skipIf(!withPrivileges)("every registered action's write classes equal the spec's privilege", async () => {
    const client = new AmiClient({ url: AMI_URL, reconnect: false, events: 'off' });
    clients.push(client);
    await client.connect();
    const { Response: _response, ActionID: _id, ...commands } = await client.send({ Action: 'ListCommands' });
    const byLowerName = new Map(Object.entries(spec.actions).map(([name, action]) => [name.toLowerCase(), action]));
    const mismatches: string[] = [];
    for (const [name, text] of Object.entries(commands)) {
      // "Getvar: Gets a channel variable or function value.  (Priv: call,reporting,all)"; `all` is implied by every class
      const listed = /\(Priv: ([^)]*)\)\s*$/.exec(String(text))?.[1] ?? '';
      const live =
        listed === '<none>'
          ? []
          : listed
              .split(',')
              .filter((c) => c !== 'all')
              .sort();
      const known = [...(byLowerName.get(name.toLowerCase())?.privilege ?? ['(not in the spec)'])].sort();
      if (live.join() !== known.join())
        mismatches.push(`${name}: live ${live.join(',') || '<none>'}, spec ${known.join(',') || '<none>'}`);
    }
    expect(Object.keys(commands).length).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });
});
