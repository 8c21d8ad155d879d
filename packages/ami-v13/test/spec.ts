import { readFileSync } from 'node:fs';

interface SpecParam {
  readonly name: string;
  readonly required: boolean;
}
interface SpecAction {
  readonly params: readonly SpecParam[];
  readonly eventList: string | null;
}
/** The parts of the committed spec the tests compare against. */
export interface Spec {
  readonly asteriskVersion: string;
  readonly actions: Readonly<Record<string, SpecAction>>;
  readonly events: Readonly<Record<string, unknown>>;
}

/** Reads a committed data file of the generator. */
export function readCodegenJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../../tools/codegen/specs/${file}`, import.meta.url), 'utf8')) as T;
}

export const spec = readCodegenJson<Spec>('13.json');

/** Action names goami offers on one branch. */
export function goamiActions(branch: string): string[] {
  const data = readCodegenJson<{ branches: Record<string, { actions: string[] }> }>('goami-actions.json');
  const actions = data.branches[branch]?.actions;
  if (!actions) throw new Error(`no goami branch ${branch}`);
  return actions;
}
