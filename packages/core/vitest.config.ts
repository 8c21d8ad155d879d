import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // restarts the live Asterisk: run on its own, after everything else (see the root config)
    exclude: ['test/restart/**'],
    // type-level tests (`*.test-d.ts`) run with the others, through tsc
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
