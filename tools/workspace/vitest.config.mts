import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'workspace',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // ESLint with the Nx boundary rule builds the project graph once per file: give it time.
    testTimeout: 60_000,
  },
});
