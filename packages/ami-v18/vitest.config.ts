import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ami-v18',
    include: ['test/**/*.test.ts'],
    // Integration tests need a running Asterisk and get their own project.
    exclude: ['test/integration/**', '**/node_modules/**'],
  },
});
