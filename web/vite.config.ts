import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The staff app lives in web/; `npm run build:web` writes web/dist, which `foyer serve` hands out.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mantine and React make one vendor chunk of ~600 kB (~180 kB gzip); the app is used daily by staff, cached immutably.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: /node_modules/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': api, '/public': api, '/healthz': api, '/demo': api },
  },
});
