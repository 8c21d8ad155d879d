import { inspect } from 'node:util';

/** What a secret prints as. */
export const SECRET_MASK = '***';

/**
 * Holds a login secret so that it never prints: `String()`, template strings,
 * `JSON.stringify`, `console.log` and `util.inspect` all show `***`. The value lives in a
 * private field, which neither `util.inspect` (even with `showHidden`) nor `JSON.stringify`
 * can reach; only `reveal()` returns it, for the login itself.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Call it only where the login needs it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return SECRET_MASK;
  }

  toJSON(): string {
    return SECRET_MASK;
  }

  [inspect.custom](): string {
    return SECRET_MASK;
  }
}
