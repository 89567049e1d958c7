import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The demo host (demo/) served by Vite. Workspace packages resolve to their TypeScript sources through the
 * "@orgkit/source" export condition, so the demo always runs the code in this checkout (no build step first).
 */
export default defineConfig({
  root: here('./demo'),
  // mockServiceWorker.js (MSW) is served from demo/public.
  publicDir: here('./demo/public'),
  resolve: { conditions: ['@orgkit/source', ...defaultClientConditions] },
  esbuild: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, open: false },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: here('./dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { main: here('./demo/index.html'), gallery: here('./demo/gallery.html') } },
  },
});
