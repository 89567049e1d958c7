// The custom-elements manifest behind Storybook's autodocs and controls, generated from the elements' JSDoc every
// time Storybook starts or builds (never a pre-built file): `cem analyze` over packages/elements/src with the
// elements' own config, written to stories/node_modules/.cache/orgkit/ (the package's own custom-elements.json,
// made by `pnpm build`, is left alone). Storybook reads it as the module `virtual:orgkit/custom-elements`.
// `node stories/.storybook/manifest.mjs` generates it once and prints where it is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const elements = fileURLToPath(new URL('../../packages/elements/', import.meta.url));
const outdir = fileURLToPath(new URL('../node_modules/.cache/orgkit/', import.meta.url));
const config = fileURLToPath(new URL('./cem.config.mjs', import.meta.url));

export const MANIFEST_MODULE = 'virtual:orgkit/custom-elements';

/** Run the analyzer; returns the manifest (throws with the analyzer's output when it fails). */
export function generateManifest() {
  // The analyzer is a devDependency of the workspace root.
  const require = createRequire(new URL('../../package.json', import.meta.url));
  const cli = join(require.resolve('@custom-elements-manifest/analyzer/package.json'), '..', 'cem.js');
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    [cli, 'analyze', '--config', relative(elements, config), '--outdir', relative(elements, outdir), '--quiet'],
    { cwd: elements, encoding: 'utf8' },
  );
  const file = join(outdir, 'custom-elements.json');
  if (res.status !== 0 || !existsSync(file)) {
    throw new Error(`[orgkit] could not generate the custom-elements manifest:\n${res.stdout}\n${res.stderr}`);
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName));
  return { manifest, file, tags, ms: Date.now() - started };
}

/** Vite plugin: `import manifest from 'virtual:orgkit/custom-elements'` (generated when first imported). */
export function orgkitManifest() {
  const id = `\0${MANIFEST_MODULE}`;
  return {
    name: 'orgkit-custom-elements-manifest',
    resolveId: (source) => (source === MANIFEST_MODULE ? id : null),
    load(loadId) {
      if (loadId !== id) return null;
      const { manifest, tags, ms } = generateManifest();
      console.log(`[orgkit] custom-elements manifest: ${String(tags.length)} elements, generated in ${String(ms)} ms`);
      return `export default ${JSON.stringify(manifest)};`;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, tags, ms } = generateManifest();
  console.log(`[orgkit] ${file}: ${tags.join(', ')} (${String(ms)} ms)`);
}
