/**
 * The smallest set of classes that holds at least one class of every requirement (a minimum
 * hitting set). Requirements are any-of lists and must not be empty.
 *
 * Ties are broken deterministically: among the smallest sets, the one whose classes appear in
 * the most requirements (counted per class, summed) wins, then the alphabetically first. The
 * search is exhaustive by size, which is cheap for manager.conf's twenty-odd classes.
 */
export function minimalHittingSet(requirements: readonly (readonly string[])[]): string[] {
  const sets = requirements.map((classes) => new Set(classes));
  // A class that alone satisfies a requirement also satisfies every superset of it, so only the
  // classes of the requirements matter.
  const candidates = [...new Set(requirements.flat())].sort();
  const weight = new Map(candidates.map((name) => [name, sets.filter((set) => set.has(name)).length]));
  if (sets.length === 0) return [];
  for (let size = 1; size <= candidates.length; size++) {
    let best: { chosen: string[]; weight: number } | undefined;
    for (const chosen of combinations(candidates, size)) {
      if (!sets.every((set) => chosen.some((name) => set.has(name)))) continue;
      const total = chosen.reduce((sum, name) => sum + (weight.get(name) ?? 0), 0);
      // combinations come in alphabetical order, so the first of equal weight is kept
      if (best === undefined || total > best.weight) best = { chosen, weight: total };
    }
    if (best) return best.chosen;
  }
  throw new RangeError('a requirement without classes cannot be met');
}

/** The `size`-element subsets of sorted `items`, in lexicographic order. */
function* combinations(items: readonly string[], size: number, start = 0): Generator<string[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}
