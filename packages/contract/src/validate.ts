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

/** The first problem in `value` against `node` (with its path), or null when it conforms. */
export function wireProblem(node: WireNode, value: unknown, defs: Readonly<Record<string, WireNode>>, path = ''): string | null {
  const at = path || 'the answer';
  if (typeof node === 'string') {
    if (node[0] === '#') {
      const def = defs[node.slice(1)];
      return def === undefined ? `${at}: unknown schema ${node}` : wireProblem(def, value, defs, path);
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
    return ok ? null : `${at}: expected ${node}, got ${JSON.stringify(value)?.slice(0, 40) ?? 'undefined'}`;
  }
  if (Array.isArray(node)) {
    const [kind, arg] = node as [string, unknown];
    if (kind === 'e') return (arg as unknown[]).includes(value) ? null : `${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(arg)}`;
    if (kind === '?') return value === null ? null : wireProblem(arg as WireNode, value, defs, path);
    if (kind === '|') {
      for (const option of arg as WireNode[]) if (wireProblem(option, value, defs, path) === null) return null;
      return `${at}: matches none of its allowed shapes`;
    }
    if (kind === 'a' || kind === 'r') {
      if (kind === 'a' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) {
        return `${at}: expected ${kind === 'a' ? 'an array' : 'an object'}`;
      }
      for (const [k, v] of Object.entries(value as object)) {
        const p = wireProblem(arg as WireNode, v, defs, `${path}${kind === 'a' ? `[${k}]` : `.${k}`}`);
        if (p) return p;
      }
      return null;
    }
    return `${at}: unknown schema node ${kind}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${at}: expected an object`;
  for (const [key, child] of Object.entries(node as Record<string, WireNode>)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = (value as Record<string, unknown>)[name];
    if (v === undefined) {
      if (optional) continue;
      return `${path ? `${path}.` : ''}${name}: missing`;
    }
    const p = wireProblem(child, v, defs, path ? `${path}.${name}` : name);
    if (p) return p;
  }
  return null;
}
