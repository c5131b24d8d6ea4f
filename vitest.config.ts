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
    // Tests never touch the person's keychain: database keys go to key files beside the temporary
    // data folders (the CLI processes that tests start inherit this). Keychain code is tested with a fake.
    env: { BATON_KEYCHAIN: 'off' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
