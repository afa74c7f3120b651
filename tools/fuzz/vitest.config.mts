import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'fuzz',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // A decoder that allocates without bound fails the run here instead of swapping the machine.
    pool: 'forks',
    execArgv: ['--max-old-space-size=1024'],
    // 100k cases per target take seconds each; `npm run fuzz` runs many more.
    testTimeout: 600_000,
    reporters: ['default'],
  },
});
