import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'ingest-app',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // One module graph per worker for all of its files: importing the libraries again for every
    // spec file was half the CPU of small projects. Specs keep no state between files.
    isolate: false,
    // One fresh PGlite cluster for every catalog these tests open (PRISM_CATALOG_SEED): initdb once, not per test.
    globalSetup: ['../../libs/catalog/src/test-support/pglite-seed.global-setup.ts'],
    reporters: ['default'],
    // The specs bundle the entry points and spawn node: slower than unit tests, and far slower while
    // other tasks of `npm test` share the two cores (limits are hang guards, not timings).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
