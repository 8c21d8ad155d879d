import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'codegen',
    include: ['test/**/*.test.ts'],
    // Some tests generate all eight packages, several seconds on a loaded machine.
    testTimeout: 30_000,
  },
});
