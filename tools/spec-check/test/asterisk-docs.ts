import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the running sandbox's Asterisk keeps its XML documentation: AMI_DOC_XML (printed by
 * `tools/asterisk-sandbox/sandbox env`), else the sandbox chroot under the project root.
 * Undefined when neither exists.
 */
export function docXmlPath(): string | undefined {
  const inProject = fileURLToPath(
    new URL('../../../.sandbox/root/usr/share/asterisk/documentation/core-en_US.xml', import.meta.url),
  );
  const path = process.env.AMI_DOC_XML || inProject;
  return existsSync(path) ? path : undefined;
}

export interface DocParam {
  readonly name: string;
  readonly required: boolean;
}

const TAG = /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;
const POINTER = /^xpointer\(\/docs\/(\w+)\[@name='([^']+)'\]\/syntax\/parameter\[@name='([^']+)'\]\)$/;

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(ATTR)].map((m) => [m[1]!, m[2]!]));
}

/**
 * The parameters of every `<manager>` action in the documentation: the `<parameter>` children
 * of its `<syntax>`, and those it includes from another action or application
 * (`<xi:include xpointer="…/syntax/parameter[@name='ActionID']"/>`). An action documented by
 * several modules (app_voicemail and its storage variants) is read from its first block.
 */
export function readManagerDocs(xml: string): Map<string, DocParam[]> {
  // element kind → name → own parameters, for resolving includes
  const own = new Map<string, Map<string, DocParam[]>>();
  const includes = new Map<string, { kind: string; from: string; param: string; at: number }[]>();
  for (const block of xml.matchAll(/<(manager|application|function)\s+name="([^"]+)"[^>]*>([\s\S]*?)<\/\1>/g)) {
    const [, kind, name, body] = block as unknown as [string, string, string, string];
    const byName = own.get(kind) ?? new Map<string, DocParam[]>();
    own.set(kind, byName);
    if (byName.has(name)) continue;
    const syntax = /<syntax[^>]*>([\s\S]*?)<\/syntax>/.exec(body)?.[1] ?? '';
    const params: DocParam[] = [];
    const pending: { kind: string; from: string; param: string; at: number }[] = [];
    let depth = 0;
    for (const tag of syntax.matchAll(TAG)) {
      const [, closing, element, attrText, selfClosing] = tag as unknown as [string, string, string, string, string];
      if (closing) {
        depth--;
        continue;
      }
      if (depth === 0 && element === 'parameter') {
        const attrs = attributes(attrText);
        params.push({ name: attrs.name ?? '', required: attrs.required === 'true' || attrs.required === 'yes' });
      } else if (depth === 0 && element === 'xi:include') {
        const pointer = POINTER.exec(attributes(attrText).xpointer ?? '');
        if (pointer)
          pending.push({
            kind: pointer[1]!,
            from: pointer[2]!,
            param: pointer[3]!,
            at: params.length + pending.length,
          });
      }
      if (!selfClosing) depth++;
    }
    byName.set(name, params);
    if (kind === 'manager') includes.set(name, pending);
  }
  const result = new Map<string, DocParam[]>();
  for (const [name, pending] of includes) {
    const params = [...(own.get('manager')?.get(name) ?? [])];
    for (const { kind, from, param, at } of pending) {
      const found = own
        .get(kind)
        ?.get(from)
        ?.find((p) => p.name === param);
      if (found) params.splice(at, 0, found);
      else throw new Error(`${name}: cannot resolve the included parameter ${kind} ${from}/${param}`);
    }
    result.set(name, params);
  }
  return result;
}

export function readManagerDocsFile(path: string): Map<string, DocParam[]> {
  return readManagerDocs(readFileSync(path, 'utf8'));
}
