import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, defaultClientConditions } from 'vite';
import { isOrgKitTag } from './demo/src/vue/tags.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The demo host (demo/) served by Vite. Workspace packages resolve to their TypeScript sources through the
 * "@orgkit/source" export condition, so the demo always runs the code in this checkout (no build step first).
 * Pages: index.html (plain-HTML host), react.html (React 19 host), vue.html (Vue 3 host), gallery.html (one element).
 * React's JSX needs no plugin (Vite compiles .tsx with the automatic runtime, tsconfig "jsx": "react-jsx");
 * Vue's single-file components need @vitejs/plugin-vue, told which tags are custom elements.
 */
export default defineConfig({
  root: here('./demo'),
  // mockServiceWorker.js (MSW) is served from demo/public.
  publicDir: here('./demo/public'),
  plugins: [vue({ template: { compilerOptions: { isCustomElement: isOrgKitTag } } })],
  resolve: { conditions: ['@orgkit/source', ...defaultClientConditions] },
  esbuild: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, open: false },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: here('./dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        main: here('./demo/index.html'),
        react: here('./demo/react.html'),
        vue: here('./demo/vue.html'),
        gallery: here('./demo/gallery.html'),
      },
    },
  },
});
