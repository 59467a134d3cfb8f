import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Prints one line when the PostgreSQL contract suites are skipped (STEPWISE_TEST_PG unset).
    globalSetup: ['tests/store/contract/pg-note.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Adapter tests start fake servers on 127.0.0.1 and child processes; keep the 2-core machine calm.
    maxWorkers: 2,
  },
});
