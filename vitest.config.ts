import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/e2e runs the built renderer in Chromium against `baton serve` (both built by `npm test`).
    exclude: ['node_modules', 'dist', 'dist-electron'],
    // Two workers on a two-core machine: tests that run the real local model use one
    // llama.cpp thread each, so the workers never fight over cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
