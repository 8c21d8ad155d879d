import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'response-recorder',
    // test/integration/ runs against a live Asterisk and skips itself when AMI_URL is not set.
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
