import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'contract',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    // One module graph per worker for all of its files: importing the libraries again for every
    // spec file was half the CPU of small projects. Specs keep no state between files.
    isolate: false,
    reporters: ['default'],
  },
});
