import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'spec-check',
    // Runs against the sandbox: skips itself without its documentation or AMI_URL.
    include: ['test/**/*.test.ts'],
  },
});
