import { describe, expect, it } from 'vitest';
import * as live from '../src/index.js';

describe('error classes', () => {
  it('keep their names when a minifier renames the classes', () => {
    const classes = Object.entries(live).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    ) as [string, new (...args: unknown[]) => Error][];
    expect(classes.length).toBeGreaterThanOrEqual(7);
    for (const [name, ErrorClass] of classes) {
      const original = Object.getOwnPropertyDescriptor(ErrorClass, 'name')!;
      // what a minifier does: the class gets a short name
      Object.defineProperty(ErrorClass, 'name', { value: 'e' });
      try {
        const error = name === 'LiveError' ? new ErrorClass('LIVE_CLOSED', 'x') : new ErrorClass('x', undefined, 0);
        expect(error.name).toBe(name);
      } finally {
        Object.defineProperty(ErrorClass, 'name', original);
      }
    }
  });
});
