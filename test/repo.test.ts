import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

test('the README gives exactly two commands: one runs the demo, one runs every test', () => {
  const readme = read('README.md');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = firstBlock.split('\n').filter((l) => l.trim() !== '');
  assert.equal(commands.length, 2);
  assert.match(commands[0] ?? '', / demo$/);
  assert.match(commands[1] ?? '', / test$/);
  const ci = read('.ci/run');
  assert.ok(ci.includes(`TEST_COMMAND='${commands[1] ?? ''}'`), '.ci/run runs the README test command');
});

test('the top level is exactly the agreed layout', () => {
  const entries = readdirSync(root).filter((e) => !e.startsWith('.') && e !== 'node_modules' && e !== 'dist');
  const expected = ['README.md', 'demo', 'mocks', 'package.json', 'packages', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'stories', 'test', 'tsconfig.json', 'vite.config.ts'];
  assert.deepEqual(entries.sort(), expected.sort());
});

test('published packages ship ESM + types only, tree-shakeable; the mocks and demo stay private', () => {
  for (const name of ['contract', 'client', 'elements']) {
    const pkg = JSON.parse(read(`packages/${name}/package.json`)) as Record<string, unknown>;
    assert.equal(pkg.type, 'module');
    // Classes are side-effect free; only the define entries register tags.
    if (name === 'elements') assert.ok(Array.isArray(pkg.sideEffects) && pkg.sideEffects.every((f: string) => f.includes('define') || f.includes('/cdn/')));
    else assert.equal(pkg.sideEffects, false);
    assert.ok(Array.isArray(pkg.files) && pkg.files.includes('dist') && pkg.files.every((f) => f === 'dist' || f.endsWith('.json')));
    const dot = (pkg.exports as Record<string, Record<string, string>>)['.'];
    assert.equal(dot?.types, './dist/index.d.ts');
    assert.equal(dot?.default, './dist/index.js');
    assert.notEqual(pkg.private, true);
  }
  for (const path of ['mocks/package.json', 'demo/package.json', 'test/package.json']) {
    assert.equal((JSON.parse(read(path)) as { private?: boolean }).private, true, path);
  }
});
