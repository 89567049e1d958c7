import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.js';

/** The CDN bundle: dist/cdn/orgkit.js, one minified ES module with lit, the client and the contract inside. */
export default defineConfig({
  publicDir: false,
  plugins: [
    {
      name: 'orgkit-minify-templates',
      transform: (code, id) => (/packages\/elements\/src\/.*\.ts$/.test(id) ? { code: minifyTemplates(code, id), map: null } : null),
    },
  ],
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
