import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'sealer-app',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // One fresh PGlite cluster for every catalog these tests open (PRISM_CATALOG_SEED): initdb once, not per test.
    globalSetup: ['../../libs/catalog/src/test-support/pglite-seed.global-setup.ts'],
    reporters: ['default'],
    // The specs bundle the entry points and spawn node: slower than unit tests.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
