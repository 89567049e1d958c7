import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { MockServer } from '../../mocks/server.js';
import { startMockServer } from '../../mocks/server.js';
import type { ConformanceResult } from './index.js';
import { ALL_RULES, CHECKS, HTTP_OBSERVABLE_RULES, NOT_HTTP_OBSERVABLE, runConformance } from './index.js';

// The reference mock must pass its own conformance suite. (Only this file may import the mock: the suite itself
// speaks plain HTTP.)

let server: MockServer;
let run: ConformanceResult;

before(async () => {
  server = await startMockServer({ port: 0 });
  const lines: string[] = [];
  run = await runConformance({ baseUrl: server.url, log: (l) => lines.push(l) });
  console.log(lines.filter((l) => l.startsWith('✗')).join('\n') || `all ${String(run.passed)} checks passed`);
});

after(async () => {
  await server.close();
});

test('the reference mock passes every conformance check', () => {
  const failed = run.results.filter((r) => !r.ok).map((r) => `${r.title} — ${r.error ?? ''}`);
  assert.equal(run.failed, 0, `failed checks:\n${failed.join('\n')}`);
  assert.equal(run.passed, CHECKS.length);
});

test('every HTTP-observable rule has a check titled with its ID', () => {
  const checked = new Set(run.results.map((r) => r.id));
  const missing = HTTP_OBSERVABLE_RULES.filter((id) => !checked.has(id));
  assert.deepEqual(missing, [], `rules without a check: ${missing.join(', ')}`);
  const ruleIds = [...checked].filter((id) => ALL_RULES.includes(id));
  console.log(`${String(ruleIds.length)} of ${String(ALL_RULES.length)} rule IDs checked over HTTP by ${String(CHECKS.length)} checks; clauses not observable over HTTP: ${Object.keys(NOT_HTTP_OBSERVABLE).join(', ')}`);
  for (const r of run.results) assert.match(r.title, /^[A-Z][A-Z0-9-]* \S/, `title starts with its ID: ${r.title}`);
  for (const id of checked) assert.ok(ALL_RULES.includes(id) || id === 'CONTRACT', `unknown rule ID ${id}`);
});

test('the suite\'s rule list matches the rule catalog (when the spec is checked out beside the repo)', (t) => {
  const spec = new URL('../../../shared/spec/rules.md', import.meta.url);
  if (!existsSync(spec)) {
    t.skip('rules.md is not beside the repository');
    return;
  }
  const ids = [...readFileSync(spec, 'utf8').matchAll(/^- ([A-Z]+(?:-[A-Z]+)*-?\d*) /gm)].map((m) => m[1] ?? '').filter((id) => /-/.test(id));
  assert.deepEqual([...ids].sort(), [...ALL_RULES].sort());
});
