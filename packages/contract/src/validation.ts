import type * as z from 'zod/mini';
import type { ErrorDetail } from './errors.js';

/**
 * zod/mini ships no English messages (that keeps the client small); this turns its issues into
 * one clear sentence per field, so a bad request always names the field and what is wrong with it.
 */
type Issue = z.core.$ZodIssue;

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const MISSING = Symbol('missing');

/** The value at `path` in the parsed input (zod/mini does not report inputs, so a missing field is found here). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !(key in v)) return MISSING;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === MISSING || valueAt(input, issue.path) === undefined) return 'is required';
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'must be a valid email address';
      if (issue.format === 'regex') return 'is not in the expected format';
      return `must be a valid ${issue.format}`;
    case 'too_small':
      if (issue.origin === 'string') return `must be at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} items`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return 'is not a field you can set';
    case 'invalid_union':
      return 'does not match any allowed shape';
    case 'custom':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid';
    default:
      return 'is invalid';
  }
}

export interface FieldIssue {
  param: string;
  message: string;
}

/** `input`: what was parsed, so that a missing field reads "is required" rather than "must be a number". */
export function fieldIssues(issues: readonly Issue[], input?: unknown): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const param = fieldName([...issue.path, key]);
        out.push({ param, message: `${param} ${describe(issue, input)}` });
      }
      continue;
    }
    const param = fieldName(issue.path) || 'body';
    out.push({ param, message: `${param} ${describe(issue, input)}` });
  }
  return out;
}

/** The `validation_failed` error detail for a zod error: the first field named in `param`, all of them in `meta`. */
export function validationError(issues: readonly Issue[], input?: unknown): ErrorDetail {
  const list = fieldIssues(issues, input);
  const first = list[0] ?? { param: 'body', message: 'body is invalid' };
  return {
    code: 'validation_failed',
    message: list.length > 1 ? `${first.message} (and ${String(list.length - 1)} more)` : first.message,
    param: first.param,
    meta: { issues: list },
  };
}
