import { isDeepStrictEqual } from 'node:util';

/** A check's failed expectation: one short line, printed after the check's title. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

export function fail(message: string): never {
  throw new CheckFailure(message);
}

export function expect(cond: unknown, message: string): asserts cond {
  if (!cond) fail(message);
}

export function equal<T>(actual: T, expected: T, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function notEqual<T>(actual: T, unexpected: T, what: string): void {
  if (isDeepStrictEqual(actual, unexpected)) fail(`${what}: expected anything but ${show(unexpected)}`);
}

export function includes<T>(list: readonly T[], item: T, what: string): void {
  if (!list.some((x) => isDeepStrictEqual(x, item))) fail(`${what}: expected ${show(list)} to include ${show(item)}`);
}

export function excludes<T>(list: readonly T[], item: T, what: string): void {
  if (list.some((x) => isDeepStrictEqual(x, item))) fail(`${what}: expected ${show(list)} not to include ${show(item)}`);
}

export function sameSet<T>(actual: readonly T[], expected: readonly T[], what: string): void {
  const a = [...actual].map((x) => show(x)).sort();
  const e = [...expected].map((x) => show(x)).sort();
  if (!isDeepStrictEqual(a, e)) fail(`${what}: expected the set ${show(expected)}, got ${show(actual)}`);
}

export function atLeast(actual: number, min: number, what: string): void {
  if (!(actual >= min)) fail(`${what}: expected ≥ ${String(min)}, got ${String(actual)}`);
}

export function atMost(actual: number, max: number, what: string): void {
  if (!(actual <= max)) fail(`${what}: expected ≤ ${String(max)}, got ${String(actual)}`);
}

export function defined<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) fail(`${what}: missing`);
  return v;
}
