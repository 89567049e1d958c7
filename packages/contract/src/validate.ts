/**
 * A small validator for the wire form of the contract's response schemas (generated from the zod schemas into
 * wire.gen.ts by `pnpm build`), so a client checks every answer without shipping zod. Node grammar:
 *   's' string · 'd' ISO date-time · 'D' ISO date · 'n' number · 'i' integer · 'c' count (integer ≥ 0) ·
 *   'b' boolean · 'x' anything · '#Name' a named node · ['e', values] one of · ['?', node] or null ·
 *   ['a', node] array · ['r', node] string-keyed record · ['|', nodes] any of · { key: node, 'opt?': node } object
 *   (more keys than listed are allowed: a backend may add fields).
 */
export type WireNode = string | readonly [string, unknown] | { readonly [key: string]: WireNode };

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

/** Where a problem is, innermost last: an object key, an array index or a record key. */
type Step = readonly [kind: 'o' | 'a' | 'r', key: string];
interface Problem {
  steps: Step[];
  message: string;
}

/**
 * The first problem in `value` against `node` (with its path), or null when it conforms. The path is only put
 * together when there is a problem: a conforming answer (10 000 members, say) costs no string building.
 */
export function wireProblem(node: WireNode, value: unknown, defs: Readonly<Record<string, WireNode>>, path = ''): string | null {
  const problem = check(node, value, defs);
  if (!problem) return null;
  let at = path;
  for (let i = problem.steps.length - 1; i >= 0; i -= 1) {
    const [kind, key] = problem.steps[i] as Step;
    at = kind === 'o' ? (at ? `${at}.${key}` : key) : kind === 'a' ? `${at}[${key}]` : `${at}.${key}`;
  }
  return `${at || 'the answer'}: ${problem.message}`;
}

const fail = (message: string): Problem => ({ steps: [], message });

function check(node: WireNode, value: unknown, defs: Readonly<Record<string, WireNode>>): Problem | null {
  if (typeof node === 'string') {
    if (node[0] === '#') {
      const def = defs[node.slice(1)];
      return def === undefined ? fail(`unknown schema ${node}`) : check(def, value, defs);
    }
    const ok =
      node === 'x' ||
      (node === 's' && typeof value === 'string') ||
      (node === 'd' && typeof value === 'string' && DATE_TIME.test(value)) ||
      (node === 'D' && typeof value === 'string' && DATE.test(value)) ||
      (node === 'n' && typeof value === 'number' && Number.isFinite(value)) ||
      (node === 'i' && Number.isInteger(value)) ||
      (node === 'c' && Number.isInteger(value) && (value as number) >= 0) ||
      (node === 'b' && typeof value === 'boolean');
    return ok ? null : fail(`expected ${node}, got ${JSON.stringify(value)?.slice(0, 40) ?? 'undefined'}`);
  }
  if (Array.isArray(node)) {
    const [kind, arg] = node as [string, unknown];
    if (kind === 'e') return (arg as unknown[]).includes(value) ? null : fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(arg)}`);
    if (kind === '?') return value === null ? null : check(arg as WireNode, value, defs);
    if (kind === '|') {
      for (const option of arg as WireNode[]) if (check(option, value, defs) === null) return null;
      return fail('matches none of its allowed shapes');
    }
    if (kind === 'a') {
      if (!Array.isArray(value)) return fail('expected an array');
      for (let i = 0; i < value.length; i += 1) {
        const p = check(arg as WireNode, value[i], defs);
        if (p) {
          p.steps.push(['a', String(i)]);
          return p;
        }
      }
      return null;
    }
    if (kind === 'r') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected an object');
      for (const key of Object.keys(value)) {
        const p = check(arg as WireNode, (value as Record<string, unknown>)[key], defs);
        if (p) {
          p.steps.push(['r', key]);
          return p;
        }
      }
      return null;
    }
    return fail(`unknown schema node ${kind}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected an object');
  for (const key of Object.keys(node)) {
    const child = (node as Record<string, WireNode>)[key] as WireNode;
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = (value as Record<string, unknown>)[name];
    if (v === undefined) {
      if (optional) continue;
      return { steps: [['o', name]], message: 'missing' };
    }
    const p = check(child, v, defs);
    if (p) {
      p.steps.push(['o', name]);
      return p;
    }
  }
  return null;
}
