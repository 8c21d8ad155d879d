import { AmiInputError } from '../errors/errors.js';
import { minimalHittingSet } from './hitting-set.js';

/**
 * What the action packages know about privileges: per action, the manager.conf write classes
 * of its registration (the user's `write=` needs any one of them; an empty list means anyone
 * may run it), and per event its read classes (the user's `read=` needs all of them; empty for
 * events that are only sent as answers, such as list items).
 */
export interface PrivilegeMeta {
  /** Per action name, the write classes any one of which allows it. */
  readonly actions: Readonly<Record<string, readonly string[]>>;
  /** Per event name, the read classes all of which it needs. */
  readonly events: Readonly<Record<string, readonly string[]>>;
}

/** The actions an application runs and the events it listens to. */
export interface PrivilegeUse {
  /** Names of the actions the application runs. */
  readonly actions?: readonly string[];
  /** Names of the events the application receives. */
  readonly events?: readonly string[];
}

/** The classes of a manager.conf user's `read=` and `write=` lines, sorted. */
export interface Privileges {
  /** The classes for the `read=` line. */
  readonly read: string[];
  /** The classes for the `write=` line. */
  readonly write: string[];
}

/**
 * The least manager.conf privileges for an application that runs `use.actions` and receives
 * `use.events`:
 *
 * - `read`: every read class of every event (Asterisk sends an event only when `read=` holds all
 *   of its classes);
 * - `write`: a smallest set of classes holding one of each action's write classes (actions
 *   without classes need none). When several smallest sets exist, the one whose classes serve
 *   the most of the actions wins, then the alphabetically first; so Getvar (`call` or
 *   `reporting`) with Setvar (`call`) needs only `call`.
 *
 * Action names are matched like Asterisk does, ignoring case; event names exactly. An unknown
 * name throws `AmiInputError` naming it.
 */
export function computePrivileges(meta: PrivilegeMeta, use: PrivilegeUse): Privileges {
  const requirements = (use.actions ?? [])
    .map((name) => lookup(meta.actions, name, 'action', true))
    .filter((classes) => classes.length > 0);
  const read = new Set((use.events ?? []).flatMap((name) => lookup(meta.events, name, 'event', false)));
  return { read: [...read].sort(), write: minimalHittingSet(requirements).sort() };
}

function lookup(
  table: Readonly<Record<string, readonly string[]>>,
  name: string,
  kind: 'action' | 'event',
  ignoreCase: boolean,
): readonly string[] {
  if (Object.hasOwn(table, name)) return table[name]!;
  if (ignoreCase) {
    const lower = name.toLowerCase();
    const key = Object.keys(table).find((candidate) => candidate.toLowerCase() === lower);
    if (key !== undefined) return table[key]!;
  }
  throw new AmiInputError(`unknown ${kind} "${name}": no privileges are known for it`, name);
}
