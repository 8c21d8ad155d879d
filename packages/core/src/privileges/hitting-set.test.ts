import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimalHittingSet } from './hitting-set.js';

const CLASSES = ['agent', 'call', 'command', 'config', 'originate', 'reporting', 'system', 'user'];
const requirement = fc.uniqueArray(fc.constantFrom(...CLASSES), { minLength: 1, maxLength: 4 });
const requirementLists = fc.array(requirement, { maxLength: 8 });

function hitsAll(chosen: readonly string[], requirements: readonly (readonly string[])[]): boolean {
  return requirements.every((classes) => classes.some((name) => chosen.includes(name)));
}

/** The size of a smallest hitting set, by trying every subset of the classes. */
function smallestSize(requirements: readonly (readonly string[])[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let mask = 0; mask < 1 << CLASSES.length; mask++) {
    const chosen = CLASSES.filter((_, i) => mask & (1 << i));
    if (chosen.length < best && hitsAll(chosen, requirements)) best = chosen.length;
  }
  return best;
}

describe('minimalHittingSet', () => {
  it('holds one class of every requirement, and no smaller set does', () => {
    fc.assert(
      fc.property(requirementLists, (requirements) => {
        const chosen = minimalHittingSet(requirements);
        expect(hitsAll(chosen, requirements)).toBe(true);
        expect(chosen).toHaveLength(smallestSize(requirements));
      }),
    );
  });

  it('does not depend on the order of the requirements or of their classes', () => {
    fc.assert(
      fc.property(requirementLists, fc.infiniteStream(fc.integer()), (requirements, seeds) => {
        const shuffled = [...requirements].reverse().map((classes) => [...classes].sort(() => (seeds.next().value % 2 === 0 ? -1 : 1)));
        expect(minimalHittingSet(shuffled)).toEqual(minimalHittingSet(requirements));
      }),
    );
  });

  it('prefers the classes that serve the most requirements, then alphabetical order', () => {
    // agent+system and system+user both hold one class of each; user serves two requirements, agent one
    expect(minimalHittingSet([['system', 'user'], ['system'], ['agent', 'user']])).toEqual(['system', 'user']);
    // call+reporting and call+system are both size 2 with equal weight: alphabetical order decides
    expect(minimalHittingSet([['call'], ['reporting', 'system']])).toEqual(['call', 'reporting']);
  });

  it('needs nothing for no requirements, and refuses an empty requirement', () => {
    expect(minimalHittingSet([])).toEqual([]);
    expect(() => minimalHittingSet([['call'], []])).toThrow(RangeError);
  });
});
