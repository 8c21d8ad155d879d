import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimalHittingSet } from './hitting-set.js';

const CLASSES = ['agent', 'call', 'command', 'config', 'originate', 'reporting', 'system', 'user'];
const requirement = fc.uniqueArray(fc.constantFrom(...CLASSES), { minLength: 1, maxLength: 4 });
const requirementLists = fc.array(requirement, { maxLength: 8 });

function hitsAll(chosen: readonly string[], requirements: readonly (readonly string[])[]): boolean {
  return requirements.every((classes) => classes.some((name) => chosen.includes(name)));
}

/** The rule, by brute force: smallest, then most requirements served, then alphabetically first. */
function bestByRule(requirements: readonly (readonly string[])[]): string[] {
  const served = (name: string) => requirements.filter((classes) => classes.includes(name)).length;
  let best: { chosen: string[]; weight: number } | undefined;
  for (let mask = 0; mask < 1 << CLASSES.length; mask++) {
    const chosen = CLASSES.filter((_, i) => mask & (1 << i));
    if (!hitsAll(chosen, requirements)) continue;
    const weight = chosen.reduce((sum, name) => sum + served(name), 0);
    const better =
      best === undefined ||
      chosen.length < best.chosen.length ||
      (chosen.length === best.chosen.length &&
        (weight > best.weight || (weight === best.weight && chosen.join(' ') < best.chosen.join(' '))));
    if (better) best = { chosen, weight };
  }
  return best!.chosen;
}

describe('minimalHittingSet', () => {
  it('holds one class of every requirement, no smaller set does, and ties follow the rule', () => {
    fc.assert(
      fc.property(requirementLists, (requirements) => {
        const chosen = minimalHittingSet(requirements);
        expect(hitsAll(chosen, requirements)).toBe(true);
        expect(chosen).toEqual(bestByRule(requirements));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the requirements or of their classes', () => {
    fc.assert(
      fc.property(requirementLists, fc.infiniteStream(fc.integer()), (requirements, seeds) => {
        const shuffled = [...requirements]
          .reverse()
          .map((classes) => [...classes].sort(() => (seeds.next().value % 2 === 0 ? -1 : 1)));
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
