import { defineConfig } from 'vite';

// The renderer is built once and served by Electron (file) or web mode (HTTP) alike.
// JSX goes through esbuild's automatic runtime; no React plugin is needed.
export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
