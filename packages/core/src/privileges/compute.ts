/** What an action package knows about the manager.conf classes of its actions and events. */
export interface PrivilegeMeta {
  /** Action name → write classes; any one of them suffices, an empty list means anyone may run it. */
  readonly actions: Readonly<Record<string, readonly string[]>>;
  /** Event name → read classes; all of them are needed to receive the event. */
  readonly events: Readonly<Record<string, readonly string[]>>;
}

/** The actions and events an application uses. */
export interface PrivilegeUse {
  readonly actions?: readonly string[];
  readonly events?: readonly string[];
}

/** The `read=` and `write=` classes of a manager.conf user, sorted. */
export interface RequiredPrivileges {
  read: string[];
  write: string[];
}

/**
 * The smallest `read=`/`write=` class lists that let a manager user run `use.actions` and receive
 * `use.events`: every read class of every event, and for the actions a few write classes such that
 * each action's list holds at least one (chosen greedily, most shared class first).
 */
export function computePrivileges(meta: PrivilegeMeta, use: PrivilegeUse): RequiredPrivileges {
  const read = new Set<string>();
  for (const event of use.events ?? []) for (const c of meta.events[event] ?? []) read.add(c);
  let open = (use.actions ?? []).map((a) => meta.actions[a] ?? []).filter((classes) => classes.length > 0);
  const write = new Set<string>();
  while (open.length) {
    const counts = new Map<string, number>();
    for (const classes of open) for (const c of classes) counts.set(c, (counts.get(c) ?? 0) + 1);
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    write.add(best);
    open = open.filter((classes) => !classes.includes(best));
  }
  return { read: [...read].sort(), write: [...write].sort() };
}
