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
    // Mantine, React, the charts (recharts) and their kin make one vendor chunk of ~1.46 MB (~430 kB
    // gzip): the app is used daily by staff and the chunk is cached immutably, so one request beats
    // many small ones. (A separate charts group ended up imported by the vendor chunk anyway.)
    chunkSizeWarningLimit: 1600,
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
