import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The platform adapter is chosen when the bundle is built: `vite build` makes the web build
// (no Tauri code in it), `vite build --mode desktop` the desktop app's.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  resolve: {
    alias: {
      '@platform': fileURLToPath(
        new URL(
          mode === 'desktop' ? './src/platform/desktop.ts' : './src/platform/web.ts',
          import.meta.url,
        ),
      ),
    },
  },
  build: {
    outDir: mode === 'desktop' ? 'dist-desktop' : 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
}));
