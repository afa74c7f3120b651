import { defineConfig } from 'vitest/config';

// `npm run e2e`: headless Chromium (Debian's /usr/bin/chromium through playwright-core) against a
// real all-in-one server with seeded data. Limits are hang guards for a shared two-core machine.
export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'explorer-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['../../libs/catalog/src/test-support/pglite-seed.global-setup.ts'],
    reporters: ['default'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
