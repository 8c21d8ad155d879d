import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'live',
    // test/integration/ runs against the live Asterisk and skips itself when AMI_URL is not set.
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
