import { CheckFailure } from './assert.js';
import type { Check } from './check.js';
import { apiChecks } from './checks/api.js';
import { billingRoleChecks } from './checks/billing-role.js';
import { creditChecks } from './checks/credits.js';
import { inviteChecks } from './checks/invites.js';
import { memberChecks } from './checks/members.js';
import { orgChecks } from './checks/org.js';
import { planChecks } from './checks/plans.js';
import { policyChecks } from './checks/policies.js';
import { residencyBillingChecks } from './checks/residency-billing.js';
import { roleChecks } from './checks/roles.js';
import { usageChecks } from './checks/usage.js';
import { T } from './context.js';
import type { ControlState } from './contract.js';
import { CONTROL_BASE, ControlState as ControlStateSchema } from './contract.js';
import { describeNetworkError, Http, Recorder, schemaProblem, UnreachableError } from './http.js';

export { ALL_RULES, HTTP_OBSERVABLE_RULES, NOT_HTTP_OBSERVABLE } from './rules.js';
export type { Check } from './check.js';

/**
 * The OrgKit conformance suite: points at a backend (its API and its test-mode control API), runs one check per
 * HTTP-observable rule of the rule catalog plus the contract-level checks, and reports each.
 */

/** Every check, in the order they run; the contract summary (which reads every answer seen) runs last. */
export const CHECKS: readonly Check[] = [
  ...orgChecks,
  ...roleChecks,
  ...inviteChecks,
  ...memberChecks,
  ...billingRoleChecks,
  ...planChecks,
  ...creditChecks,
  ...usageChecks,
  ...residencyBillingChecks,
  ...policyChecks,
  ...apiChecks,
];

export interface CheckResult {
  id: string;
  /** `<ID> <description>`, as printed. */
  title: string;
  ok: boolean;
  /** Why it failed (one line). */
  error?: string;
  notes: string[];
  ms: number;
}

export interface ConformanceResult {
  passed: number;
  failed: number;
  results: CheckResult[];
}

export interface ConformanceOptions {
  baseUrl: string;
  /** Run only checks whose rule ID starts with this (case-insensitive), e.g. `INV` or `INV-4`. */
  only?: string;
  /** Receives one line per check (`✓ …` / `✗ … — reason`). */
  log?: (line: string) => void;
}

/** The backend cannot be tested at all: unreachable, or without the control API. */
export class ConformanceSetupError extends Error {
  override name = 'ConformanceSetupError';
}

function oneLine(e: unknown): string {
  if (e instanceof CheckFailure || e instanceof UnreachableError) return e.message.split('\n')[0] ?? '';
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0] ?? ''}`;
  return String(e);
}

async function preflight(http: Http): Promise<ControlState> {
  let res;
  try {
    res = await http.raw('GET', `${CONTROL_BASE}/state`);
  } catch (e) {
    const why = e instanceof UnreachableError ? e.message : describeNetworkError(e);
    throw new ConformanceSetupError(`Cannot reach the backend at ${http.base} (${why}). Is it running, and is --base-url right?`);
  }
  if (res.status !== 200 || res.body === undefined) {
    throw new ConformanceSetupError(
      `${http.base}${CONTROL_BASE}/state answered ${String(res.status)}: the backend must serve the OrgKit control API (test mode) under ${CONTROL_BASE} for the suite to reset scenarios, move the clock and act as people.`,
    );
  }
  const p = schemaProblem(ControlStateSchema, res.body);
  if (p) throw new ConformanceSetupError(`${CONTROL_BASE}/state does not match the contract's ControlState: ${p}`);
  return res.body as ControlState;
}

export function selectChecks(only?: string): Check[] {
  const prefix = only?.trim().toUpperCase();
  return CHECKS.filter((c) => !prefix || c.id.toUpperCase().startsWith(prefix));
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const log = options.log ?? (() => undefined);
  let base: string;
  try {
    const u = new URL(options.baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('not http(s)');
    base = options.baseUrl.replace(/\/+$/, '');
  } catch {
    throw new ConformanceSetupError(`--base-url must be an http(s) URL, e.g. http://127.0.0.1:4010 (got ${JSON.stringify(options.baseUrl)})`);
  }
  const recorder = new Recorder();
  const http = new Http(base, recorder);
  const initial = await preflight(http);
  const checks = selectChecks(options.only);
  if (checks.length === 0) throw new ConformanceSetupError(`--only ${options.only ?? ''} matches no check`);
  const results: CheckResult[] = [];
  for (const c of checks) {
    const t = new T(http);
    const started = Date.now();
    const title = `${c.id} ${c.title}`;
    let result: CheckResult;
    try {
      await c.run(t);
      result = { id: c.id, title, ok: true, notes: t.notes, ms: Date.now() - started };
      log(`✓ ${title}${t.notes.length > 0 ? ` (${t.notes.join('; ')})` : ''}`);
    } catch (e) {
      result = { id: c.id, title, ok: false, error: oneLine(e), notes: t.notes, ms: Date.now() - started };
      log(`✗ ${title} — ${result.error ?? ''}`);
    }
    results.push(result);
  }
  // Leave the backend as we found it: its scenario, with a running clock.
  try {
    await http.raw('POST', `${CONTROL_BASE}/reset`, { body: { scenario: initial.scenario, policy: initial.policy } });
  } catch {
    // the run's results stand even if the backend went away at the very end
  }
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}
