import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The CDN bundle: dist/cdn/orgkit.js, one minified ES module with lit, the client and the contract inside. */
export default defineConfig({
  publicDir: false,
  resolve: { conditions: ['@orgkit/source', 'module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: fileURLToPath(new URL('./dist/cdn', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    lib: { entry: fileURLToPath(new URL('./src/cdn.ts', import.meta.url)), formats: ['es'], fileName: () => 'orgkit.js' },
  },
});
