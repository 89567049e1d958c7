/**
 * The CI size check (`node test/run.mjs --only size`): every bundle of `pnpm bench`'s size figure, min+gzip,
 * against test/bench/budgets.json. Prints each figure's size vs its goal (met / missed by N KB) and fails only
 * when a size is over its ceiling. No timing: deterministic.
 */
import { GOALS, judge, readBudgets, suggestCeiling } from './budget.js';
import { kb, measureSizes } from './size.js';

const sizes = await measureSizes({ topN: 0 });
const budgets = readBudgets();
const verdicts = [
  judge('all (cdn.ts)', sizes.all.initial, budgets.all, GOALS.all),
  judge('client', sizes.client.initial, budgets.client, GOALS.client),
  ...Object.entries(sizes.elements).map(([tag, e]) => judge(`<${tag}>`, e.initial, budgets.elements[tag], GOALS.element)),
];
const width = Math.max(...verdicts.map((v) => v.figure.length));
console.log(`size (min+gzip, ${sizes.tool}):`);
for (const v of verdicts) console.log(`  ${v.over ? '✗' : '✓'} ${v.figure.padEnd(width)} ${kb(v.bytes).padStart(9)}  ${v.note}`);
const over = verdicts.filter((v) => v.over);
const missed = verdicts.filter((v) => !v.met);
console.log(`${String(verdicts.length - missed.length)} of ${String(verdicts.length)} figures meet their goal; ${String(over.length)} over ceiling`);
if (over.length) {
  console.log('A bundle grew past its ceiling. Shrink it, or — if the growth is deliberate — raise the ceiling in test/bench/budgets.json:');
  for (const v of over) console.log(`  ${v.figure}: ceiling ${String(suggestCeiling(v.bytes))}`);
}
console.log(`SIZE ${String(verdicts.length - over.length)} passed, ${String(over.length)} failed`);
process.exit(over.length ? 1 : 0);
