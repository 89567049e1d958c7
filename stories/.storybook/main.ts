import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';
import remarkGfm from 'remark-gfm';
import { orgkitManifest } from './manifest.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * OrgKit's Storybook (run from the repo root: `pnpm storybook`, `pnpm build-storybook`). It lives inside stories/
 * so the repo's top level stays as it is; the stories run the elements' TypeScript sources against the real mock
 * handlers (see ../support/mock.ts). The custom-elements manifest (autodocs, controls) is generated from the elements'
 * JSDoc during every build (./manifest.mjs).
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../docs/*.mdx', '../*.stories.ts'],
  addons: [
    // GitHub-flavoured Markdown (tables) in the docs pages.
    { name: '@storybook/addon-docs', options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } } },
    '@storybook/addon-a11y',
  ],
  // mockServiceWorker.js (MSW's worker script) is served from demo/public, like the demo does.
  staticDirs: [here('../../demo/public')],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  viteFinal: (vite) =>
    mergeConfig(vite, {
      // Workspace packages resolve to their TypeScript sources (as in the root vite.config.ts).
      resolve: { conditions: ['@orgkit/source', ...defaultClientConditions] },
      plugins: [orgkitManifest()],
      build: { target: 'es2022', chunkSizeWarningLimit: 4_000 },
    }),
};

export default config;
