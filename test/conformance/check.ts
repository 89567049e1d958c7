import type { T } from './context.js';

/** One conformance check: titled with the rule ID it proves first (e.g. `INV-4 an invite older than 72 h …`). */
export interface Check {
  id: string;
  title: string;
  run(t: T): Promise<void>;
}

export function check(id: string, title: string, run: (t: T) => Promise<void>): Check {
  return { id, title, run };
}
