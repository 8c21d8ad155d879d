import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'nats',
    // Tests that need NATS skip themselves without NATS_URL; test/integration/ also needs AMI_URL.
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
