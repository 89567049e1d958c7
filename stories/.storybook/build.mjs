// `pnpm build-storybook` (and the `storybook` step of test/run.mjs): a static Storybook in stories/storybook-static,
// telemetry off. `--dev` runs the dev server on port 6006 instead (`pnpm storybook`). The custom-elements manifest
// is generated from the elements' JSDoc during the build (manifest.mjs), so a clean clone needs only `pnpm install`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const stories = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(stories, 'package.json'));
const cli = join(require.resolve('storybook/package.json'), '..', 'dist', 'bin', 'dispatcher.js');
const dev = process.argv.includes('--dev');
const extra = process.argv.slice(2).filter((a) => a !== '--dev');

const port = extra.includes('-p') || extra.includes('--port') ? [] : ['-p', '6006'];
const argv = dev
  ? ['dev', '-c', '.storybook', ...port, '--no-open', '--disable-telemetry', ...extra]
  : ['build', '-c', '.storybook', '-o', 'storybook-static', '--quiet', '--disable-telemetry', ...extra];
const started = Date.now();
const res = spawnSync(process.execPath, [cli, ...argv], {
  cwd: stories,
  stdio: 'inherit',
  env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
});
if (!dev && res.status === 0) console.log(`[orgkit] Storybook built in ${((Date.now() - started) / 1000).toFixed(1)} s: stories/storybook-static`);
process.exit(res.status ?? 1);
