#!/usr/bin/env node
// `pnpm test`: every check of the repository, in one command, ending with one line "N passed, N failed".
//   1. types   — tsc over all packages, mocks and tests (strict, noUncheckedIndexedAccess)
//   2. lint    — ESLint (TypeScript, lit and wc rules)
//   2b. size   — min+gzip of every bundle against test/bench/budgets.json (fails over a ceiling; prints each goal)
//   3. node    — *.test.ts that are not browser tests, in Node's test runner (pure engine, contract, client units)
//   4. browser — *.browser.test.ts in the system Chromium through @web/test-runner
//   5. conformance — `mock:serve` on a free port, then `conformance --base-url` against it, as a host team would
//   6. e2e     — the demo built by Vite and served by `vite preview`, walked in Chromium (test/e2e, playwright-core)
//   7. storybook — `build-storybook`, then every story opened in Chromium, play functions included (stories/test/smoke.ts)
// Options: --only types|lint|size|node|browser|conformance|e2e|storybook (repeatable).  Env: FC_SEED / FC_RUNS for the property tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' && args[i + 1] ? [args[i + 1]] : []));
const wanted = (step) => only.length === 0 || only.includes(step);
const tmp = mkdtempSync(join(tmpdir(), 'orgkit-test-'));
const bin = (name) => join(root, 'node_modules', '.bin', name);

const totals = { passed: 0, failed: 0 };
const lines = [];

function run(cmd, argv, env = {}) {
  const res = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status === 0;
}

function record(step, passed, failed, note = '') {
  totals.passed += passed;
  totals.failed += failed;
  lines.push(`${step.padEnd(8)} ${String(passed).padStart(5)} passed, ${String(failed).padStart(3)} failed${note ? `  ${note}` : ''}`);
}

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts') && !name.endsWith('.browser.test.ts')) out.push(path);
  }
  return out;
}

const started = Date.now();

if (wanted('types')) {
  console.log('\n▶ types: tsc --noEmit');
  const ok = run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  record('types', ok ? 1 : 0, ok ? 0 : 1);
}

if (wanted('lint')) {
  console.log('\n▶ lint: eslint');
  const ok = run(bin('eslint'), ['-c', 'test/config/eslint.config.js', '--max-warnings=0', '.']);
  record('lint', ok ? 1 : 0, ok ? 0 : 1);
}

if (wanted('size')) {
  console.log('\n▶ size: min+gzip of every bundle vs test/bench/budgets.json (deterministic, no timing)');
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@orgkit/source', 'test/bench/check-size.ts'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(res.stdout);
  process.stderr.write(res.stderr);
  const m = /^SIZE (\d+) passed, (\d+) failed$/m.exec(res.stdout);
  if (m) record('size', Number(m[1]), Number(m[2]));
  else record('size', 0, 1, '(no summary line)');
}

if (wanted('node')) {
  const files = ['mocks', 'packages', 'test'].flatMap((d) => findTests(join(root, d))).sort();
  console.log(`\n▶ node: ${String(files.length)} test files in Node's test runner`);
  const tap = join(tmp, 'node.tap');
  run(process.execPath, [
    '--import', 'tsx', '--conditions=@orgkit/source', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map((f) => relative(root, f)),
  ]);
  const out = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  record('node', count('pass'), out ? failed : 1, out ? '' : '(no results: the runner crashed)');
}

if (wanted('browser')) {
  console.log('\n▶ browser: @web/test-runner in Chromium');
  const results = join(tmp, 'wtr.json');
  run(bin('web-test-runner'), ['--config', 'test/config/wtr.config.mjs'], { ORGKIT_WTR_RESULTS: results });
  if (existsSync(results)) {
    const { passed, failed } = JSON.parse(readFileSync(results, 'utf8'));
    record('browser', passed, failed);
  } else {
    record('browser', 0, 1, '(no results: see the message above)');
  }
}

if (wanted('conformance')) {
  console.log('\n▶ conformance: mock:serve + conformance --base-url');
  const tsx = ['--import', 'tsx', '--conditions=@orgkit/source'];
  const server = spawn(process.execPath, [...tsx, 'mocks/scripts/serve.ts', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve(null), 30_000);
    server.stdout.on('data', (chunk) => {
      out += String(chunk);
      const m = /mock API on (http:\/\/[^\s/]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.once('exit', () => resolve(null));
  });
  if (!url) {
    record('conform', 0, 1, '(the mock server did not start)');
  } else {
    const res = spawnSync(process.execPath, [...tsx, 'test/conformance/cli.ts', '--base-url', url], { cwd: root, encoding: 'utf8' });
    process.stdout.write(res.stdout);
    process.stderr.write(res.stderr);
    const m = /^(\d+) passed, (\d+) failed$/m.exec(res.stdout);
    if (m) record('conform', Number(m[1]), Number(m[2]));
    else record('conform', 0, 1, '(no summary line)');
  }
  server.kill();
}

if (wanted('e2e')) {
  console.log('\n▶ e2e: the demo (plain HTML, React, Vue hosts) built by Vite, walked in Chromium');
  const tap = join(tmp, 'e2e.tap');
  run(process.execPath, [
    '--import', 'tsx', '--conditions=@orgkit/source', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    'test/e2e/demo.e2e.ts',
  ]);
  const out = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  record('e2e', count('pass'), out ? failed : 1, out ? '' : '(no results: the runner crashed)');
}

if (wanted('storybook')) {
  console.log('\n▶ storybook: build-storybook, then every story (and its play function) in Chromium');
  const stepStarted = Date.now();
  const built = run(process.execPath, ['stories/.storybook/build.mjs']);
  const buildSeconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
  if (!built) {
    record('stories', 0, 1, '(build-storybook failed)');
  } else {
    const results = join(tmp, 'storybook.json');
    run(process.execPath, ['--import', 'tsx', 'stories/test/smoke.ts', '--json', results]);
    if (existsSync(results)) {
      const { passed, failed } = JSON.parse(readFileSync(results, 'utf8'));
      const total = ((Date.now() - stepStarted) / 1000).toFixed(1);
      record('stories', passed, failed, `(build ${buildSeconds} s, ${total} s in all)`);
    } else {
      record('stories', 0, 1, '(no results: see the message above)');
    }
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n${lines.join('\n')}\n(${seconds} s)`);
console.log(`${String(totals.passed)} passed, ${String(totals.failed)} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
