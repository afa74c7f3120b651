import { defineConfig } from 'vitest/config';

// Unit tests of the explorer's logic (layout, critical path, query building): no browser, no server.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    name: 'explorer',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    reporters: ['default'],
  },
});
