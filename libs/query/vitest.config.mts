import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'query',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // One module graph per worker for all of its files: importing the libraries again for every
    // spec file was half the CPU of small projects. Specs keep no state between files.
    isolate: false,
    // One fresh PGlite cluster for every catalog these tests open (PRISM_CATALOG_SEED): initdb once, not per test.
    globalSetup: ['../catalog/src/test-support/pglite-seed.global-setup.ts'],
    reporters: ['default'],
    // Hang guards, not timings: specs that open PGlite, spawn processes or fsync run several times
    // slower while the other tasks of `npm test` share the two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
