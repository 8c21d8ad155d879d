import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'tools/*',
      {
        // Tests that restart the live Asterisk: alone, after every other project has finished.
        test: {
          name: 'asterisk-restart',
          include: ['packages/*/test/restart/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
        },
      },
    ],
    reporters: ['default', './tools/test-summary/reporter.mjs'],
  },
});
