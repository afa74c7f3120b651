import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Static files only: the all-in-one server (or any web server beside the query API) serves them,
// and the app calls the API on its own origin. Vite puts content-hashed names under assets/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/apps/explorer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});
