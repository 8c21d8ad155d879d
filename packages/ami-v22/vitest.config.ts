import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ami-v22',
    // test/integration/ runs against a live Asterisk and skips itself when AMI_URL is not set.
    include: ['test/**/*.test.ts'],
    // Live round trips take longer than the unit tests; 5 s would be tight on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
