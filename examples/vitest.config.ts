import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    // The programs run as child processes against a live Asterisk; each exits within seconds.
    testTimeout: 60_000,
  },
});
