/**
 * The smallest set of classes that holds at least one class of every requirement (a minimum
 * hitting set). Requirements are any-of lists and must not be empty.
 *
 * Ties are broken deterministically: among the smallest sets, the one whose classes appear in
 * the most requirements (counted per class, summed) wins, then the alphabetically first.
 *
 * The search branches on the classes of an unmet requirement with the fewest classes, so every
 * smallest set is reached and compared. A requirement that includes another is dropped first
 * (meeting the smaller one meets it), which leaves the real inputs (action privileges: mostly
 * one or two classes, a handful of distinct lists) with almost nothing to search.
 */
export function minimalHittingSet(requirements: readonly (readonly string[])[]): string[] {
  if (requirements.some((classes) => classes.length === 0))
    throw new RangeError('a requirement without classes cannot be met');
  const weight = new Map<string, number>();
  for (const classes of requirements)
    for (const name of new Set(classes)) weight.set(name, (weight.get(name) ?? 0) + 1);
  const sets = innermost(requirements);
  let best: { chosen: string[]; weight: number } | undefined;

  // Each branch forbids the classes its earlier siblings took, so every set is visited once.
  const search = (chosen: readonly string[], forbidden: ReadonlySet<string>): void => {
    const open = sets
      .filter((set) => !chosen.some((name) => set.has(name)))
      .map((set) => [...set].filter((name) => !forbidden.has(name)));
    if (open.length === 0) {
      const sorted = [...chosen].sort();
      const total = sorted.reduce((sum, name) => sum + (weight.get(name) ?? 0), 0);
      if (best === undefined || isBetter(sorted, total, best)) best = { chosen: sorted, weight: total };
      return;
    }
    if (best !== undefined && chosen.length + disjointCount(open) > best.chosen.length) return;
    const next = open.reduce((fewest, set) => (set.length < fewest.length ? set : fewest));
    const taken = new Set(forbidden);
    for (const name of next.sort()) {
      search([...chosen, name], taken);
      taken.add(name);
    }
  };
  search([], new Set());
  return best?.chosen ?? [];
}

function isBetter(
  chosen: readonly string[],
  weight: number,
  best: { chosen: readonly string[]; weight: number },
): boolean {
  if (chosen.length !== best.chosen.length) return chosen.length < best.chosen.length;
  if (weight !== best.weight) return weight > best.weight;
  return chosen.join('\0') < best.chosen.join('\0');
}

/**
 * How many of these requirements share no class: a lower bound of the classes still needed
 * (a requirement left without allowed classes cannot be met at all: infinitely many).
 */
function disjointCount(open: readonly (readonly string[])[]): number {
  const used = new Set<string>();
  let count = 0;
  for (const set of [...open].sort((a, b) => a.length - b.length)) {
    if (set.length === 0) return Number.POSITIVE_INFINITY;
    if (set.some((name) => used.has(name))) continue;
    for (const name of set) used.add(name);
    count++;
  }
  return count;
}

/** The distinct requirements that include no other requirement, in a fixed order. */
function innermost(requirements: readonly (readonly string[])[]): Set<string>[] {
  const distinct = [
    ...new Map(requirements.map((classes) => [[...new Set(classes)].sort().join('\0'), new Set(classes)])).entries(),
  ]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, set]) => set);
  return distinct.filter(
    (set) =>
      !distinct.some((other) => other !== set && other.size < set.size && [...other].every((name) => set.has(name))),
  );
}
