import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'ingest',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    reporters: ['default'],
    // One PGlite catalog per file takes ~2 s to start, more on a busy machine.
    hookTimeout: 30_000,
  },
});
