import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'runtime',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    reporters: ['default'],
    // Each spec opens a real PGlite catalog on disk (seconds on a busy machine).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
