import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // restarts the live Asterisk: run on its own, after everything else (see the root config)
    exclude: ['test/restart/**'],
  },
});
