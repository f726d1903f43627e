import { defineConfig } from 'vite';

// The renderer is built once and served by Electron (file) or web mode (HTTP) alike.
// JSX goes through esbuild's automatic runtime; no React plugin is needed.
export default defineConfig(({ command }) => {
  // A build is always the production one, even when a test run starts it: vitest sets NODE_ENV=test,
  // which would give React's development build and development JSX (half again as big, slower).
  // Vite reads NODE_ENV after loading this file.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: 'renderer',
    base: './',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      sourcemap: true,
      chunkSizeWarningLimit: 2000,
    },
  };
});
