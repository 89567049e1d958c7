/**
 * Size budgets (test/bench/budgets.json): for every figure the goal and a ceiling. The ceiling is today's
 * measured size rounded up a little — CI fails when a change makes a bundle grow past it (sizes are deterministic,
 * so this never flakes); the goal is reported as met, or missed by how much, and is never bent to pass.
 * Lower a ceiling whenever a size drops (`pnpm bench` prints suggested ceilings).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kb, ROOT } from './size.js';

export interface Budget {
  /** The goal, min+gzip bytes (1 KB = 1024 bytes). */
  goal: number;
  /** Fail CI above this (min+gzip bytes). */
  ceiling: number;
}

export interface Budgets {
  $comment?: string;
  all: Budget;
  client: Budget;
  elements: Record<string, Budget>;
}

export const BUDGETS_FILE = 'test/bench/budgets.json';

export function readBudgets(): Budgets {
  return JSON.parse(readFileSync(join(ROOT, BUDGETS_FILE), 'utf8')) as Budgets;
}

export interface Verdict {
  figure: string;
  bytes: number;
  goal: number;
  ceiling: number | null;
  /** Within the goal. */
  met: boolean;
  /** Over the ceiling (or no ceiling recorded for a new entry): CI fails. */
  over: boolean;
  note: string;
}

export function judge(figure: string, bytes: number, budget: Budget | undefined, defaultGoal: number): Verdict {
  const goal = budget?.goal ?? defaultGoal;
  const ceiling = budget?.ceiling ?? null;
  const met = bytes <= goal;
  const over = ceiling === null || bytes > ceiling;
  const goalText = met ? `meets ${kb(goal)} goal` : `misses ${kb(goal)} goal by ${kb(bytes - goal)}`;
  const ceilText = ceiling === null ? `no ceiling in ${BUDGETS_FILE}` : over ? `OVER ceiling ${kb(ceiling)} by ${kb(bytes - ceiling)}` : `ceiling ${kb(ceiling)}`;
  return { figure, bytes, goal, ceiling, met, over, note: `${goalText}; ${ceilText}` };
}

/** Today's size rounded up a little: +2 %, to the next 256 bytes. */
export const suggestCeiling = (bytes: number) => Math.ceil((bytes * 1.02) / 256) * 256;

export const GOALS = { all: 40 * 1024, client: 8 * 1024, element: 16 * 1024 } as const;
