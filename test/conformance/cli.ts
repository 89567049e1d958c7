/**
 * `pnpm conformance --base-url http://127.0.0.1:4010 [--only INV]`
 * Runs the OrgKit conformance suite against a backend (its API and its test-mode control API under /__orgkit).
 * Prints one line per check and ends with `N passed, N failed`. Exit code: 0 all passed, 1 a check failed,
 * 2 the suite could not run (bad arguments, backend unreachable, no control API).
 */
import { parseArgs } from 'node:util';
import { ConformanceSetupError, runConformance } from './index.js';

const USAGE = `Usage: pnpm conformance --base-url <url> [--only <rule ID prefix>]

  --base-url  the backend's origin, e.g. http://127.0.0.1:4010 (API under /api/orgkit/v1, control API under /__orgkit)
  --only      run only checks whose rule ID starts with this, e.g. INV, INV-4, POL-SEAT, CONTRACT`;

let values: { 'base-url'?: string; only?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { 'base-url': { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const baseUrl = values['base-url'];
if (!baseUrl) {
  console.error(`--base-url is required.\n\n${USAGE}`);
  process.exit(2);
}

try {
  const started = Date.now();
  const { passed, failed } = await runConformance({ baseUrl, ...(values.only ? { only: values.only } : {}), log: (line) => console.log(line) });
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s against ${baseUrl})`);
  console.log(`${String(passed)} passed, ${String(failed)} failed`);
  process.exit(failed === 0 ? 0 : 1);
} catch (e) {
  if (e instanceof ConformanceSetupError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
