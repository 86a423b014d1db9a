// Vite build of the map client (client/ → dist/client, served by express at / and /embed).
// In dev (`npx vite`), /api is proxied to the API server on QPV_ATLAS_PORT (default 8787).
import { defineConfig } from 'vite';

const apiPort = Number(process.env.QPV_ATLAS_PORT ?? 8787);

export default defineConfig({
  root: 'client',
  base: '/',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500, // maplibre-gl alone is ~1 MB minified
  },
  server: {
    proxy: { '/api': { target: `http://localhost:${apiPort}`, changeOrigin: true } },
  },
  preview: {
    proxy: { '/api': { target: `http://localhost:${apiPort}`, changeOrigin: true } },
  },
});
