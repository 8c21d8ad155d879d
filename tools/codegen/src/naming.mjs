// @ts-check
/**
 * Naming rules shared by the generator and its tests.
 *
 * Function names are lowerCamelCase of the AMI action name:
 * 1. A name that starts with one of the protocol/technology prefixes in {@link ACRONYM_PREFIXES}
 *    gets that prefix in lower case, and the character after it in upper case. Asterisk glues
 *    some of these prefixes to a lower-case word (`IAXpeers`, `SIPshowregistry`), so this is the
 *    only way to keep the word boundary: `IAXpeers` → `iaxPeers`, `DBGet` → `dbGet`,
 *    `PJSIPShowEndpoints` → `pjsipShowEndpoints`, `AGI` → `agi`.
 * 2. Any other name: its leading run of capitals is lowered, except the last capital of a run
 *    longer than one when a lower-case letter follows (it starts the next word):
 *    `Originate` → `originate`, `XYZFoo` → `xyzFoo`.
 * 3. The rest of the name is kept as it is: `PlayDTMF` → `playDTMF`, `DAHDIDNDon` → `dahdiDNDon`.
 * 4. A result that is a reserved word, or one of the package's own export names, gets the
 *    suffix `Action`. Two actions mapping to one name is an error of the generator.
 */

/** Leading acronyms of AMI action names, longest first so `PJSIP` wins over `PRI`/`SIP`. */
export const ACRONYM_PREFIXES = Object.freeze(
  ['PJSIP', 'SKINNY', 'DAHDI', 'IAX', 'SIP', 'PRI', 'MWI', 'FAX', 'AOC', 'AGI', 'DB'].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0),
  ),
);

/** Names a generated function must not take: reserved words and the package's own exports. */
export const RESERVED_NAMES = Object.freeze(
  new Set([
    // ECMAScript reserved and strict-mode words
    'await',
    'break',
    'case',
    'catch',
    'class',
    'const',
    'continue',
    'debugger',
    'default',
    'delete',
    'do',
    'else',
    'enum',
    'export',
    'extends',
    'false',
    'finally',
    'for',
    'function',
    'if',
    'implements',
    'import',
    'in',
    'instanceof',
    'interface',
    'let',
    'new',
    'null',
    'package',
    'private',
    'protected',
    'public',
    'return',
    'static',
    'super',
    'switch',
    'this',
    'throw',
    'true',
    'try',
    'typeof',
    'var',
    'void',
    'while',
    'with',
    'yield',
    'arguments',
    'eval',
    // exports of every generated package
    'actions',
    'actionNames',
    'eventNames',
    'isKnownEvent',
    'spec',
    'privileges',
    'requiredPrivileges',
    'checkServer',
  ]),
);

/**
 * The function name of an AMI action.
 * @param {string} action exact AMI action name
 * @returns {string}
 */
export function functionName(action) {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(action)) {
    throw new Error(`action name ${JSON.stringify(action)} is not alphanumeric; add a naming rule for it`);
  }
  let name;
  const prefix = ACRONYM_PREFIXES.find((p) => action.startsWith(p));
  if (prefix) {
    const rest = action.slice(prefix.length);
    name = prefix.toLowerCase() + rest.charAt(0).toUpperCase() + rest.slice(1);
  } else {
    const run = /^[A-Z]+/.exec(action)?.[0] ?? '';
    const next = action.charAt(run.length);
    const keep = run.length > 1 && /[a-z]/.test(next) ? 1 : 0;
    name = run.slice(0, run.length - keep).toLowerCase() + run.slice(run.length - keep) + action.slice(run.length);
  }
  return RESERVED_NAMES.has(name) ? `${name}Action` : name;
}

/**
 * A PascalCase TypeScript identifier for a type derived from an AMI name (`AOC-D` → `AOCD`).
 * @param {string} name
 * @returns {string}
 */
export function typeIdentifier(name) {
  const cleaned = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ? String(c).toUpperCase() : ''));
  const head = cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
  return /^[0-9]/.test(head) ? `N${head}` : head;
}

/** Name of the parameter type of an action. @param {string} action */
export function paramsTypeName(action) {
  return `${typeIdentifier(action)}Params`;
}

/** Name of the interface of an event. @param {string} event */
export function eventTypeName(event) {
  return `${typeIdentifier(event)}Event`;
}

/**
 * A property key as written in TypeScript source: bare when it is an identifier, quoted otherwise.
 * @param {string} key
 */
export function propertyKey(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
