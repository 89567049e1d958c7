/**
 * `pnpm mock:serve [--port 4010] [--host 127.0.0.1] [--scenario standard-team] [--frozen]`
 * Serves the mock API and its control API over HTTP, in memory, until stopped.
 */
import { parseArgs } from 'node:util';
import { API_BASE, CONTROL_BASE } from '@orgkit/contract';
import type { ScenarioName } from '../fixtures/scenarios.js';
import { SCENARIO_NAMES } from '../fixtures/scenarios.js';
import { startMockServer } from '../server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    scenario: { type: 'string', default: 'standard-team' },
    frozen: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number (got ${values.port})`);
  process.exit(2);
}
if (!(SCENARIO_NAMES as string[]).includes(values.scenario)) {
  console.error(`--scenario must be one of: ${SCENARIO_NAMES.join(', ')}`);
  process.exit(2);
}
const server = await startMockServer({ port, host: values.host, scenario: values.scenario as ScenarioName, frozen: values.frozen });
const state = server.backend.controlState();
console.log(`OrgKit mock API on ${server.url}${API_BASE}  (control API: ${server.url}${CONTROL_BASE}/state)`);
console.log(`scenario ${state.scenario}; acting as ${state.people.find((p) => p.userId === state.actingUserId)?.email ?? 'nobody'} when a request carries no token`);
for (const p of state.people.slice(0, 6)) console.log(`  ${p.role.padEnd(8)} ${p.email.padEnd(28)} Authorization: Bearer ${p.token}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
