// @web/test-runner: every *.browser.test.ts runs in the system Chromium (see chrome.mjs).
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROME_ARGS, findChrome, NO_CHROME_MESSAGE } from './chrome.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const executablePath = findChrome();
if (!executablePath) {
  console.error(NO_CHROME_MESSAGE);
  process.exit(1);
}

/** Counts every test result so test/run.mjs can print one "N passed, N failed" line over all suites. */
function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const t of suite?.tests ?? []) {
          if (t.skipped) continue;
          if (t.passed) passed += 1;
          else failed += 1;
        }
        for (const s of suite?.suites ?? []) walk(s);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load has no results but errors: count it as one failure.
        if (!session.passed && !session.testResults?.tests?.length && !session.testResults?.suites?.length) failed += 1;
      }
      if (file) writeFileSync(file, JSON.stringify({ passed, failed }));
    },
  };
}

/** MSW's worker script at the origin's root, so tests can start the mock in the browser (toolchain.md). */
const mswWorker = readFileSync(new URL('../../demo/public/mockServiceWorker.js', import.meta.url), 'utf8');
function serveMockServiceWorker(ctx, next) {
  if (ctx.path !== '/mockServiceWorker.js') return next();
  ctx.type = 'application/javascript';
  ctx.set('Service-Worker-Allowed', '/');
  ctx.body = mswWorker;
  return undefined;
}

export default {
  rootDir: root,
  middleware: [serveMockServiceWorker],
  files: ['packages/*/test/**/*.browser.test.ts', 'mocks/test/**/*.browser.test.ts', 'test/**/*.browser.test.ts', '!**/node_modules/**'],
  nodeResolve: { exportConditions: ['@orgkit/source', 'browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROME_ARGS } })],
  // One page at a time: focus (dialogs returning focus, keyboard runs) belongs to one page only.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  reporters: [process.env.CI ? summaryReporter({ flatten: true }) : defaultReporter(), countReporter(process.env.ORGKIT_WTR_RESULTS)],
};
