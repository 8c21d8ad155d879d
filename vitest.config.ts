import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'tools/*',
      'examples',
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
    // `pnpm test:coverage`: hand-written source of the published packages (the generated action
    // sets are measured through the core they call).
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['packages/*/src/generated/**', '**/*.test.ts', '**/*.test-d.ts'],
      reporter: ['text', 'json-summary', 'html'],
      thresholds: { 'packages/core/src/**': { lines: 90 } },
    },
  },
});
