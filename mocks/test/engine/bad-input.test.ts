import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CommandName, QueryName } from '../../engine/index.js';
import { COMMANDS, DomainError, QUERIES, SYSTEM } from '../../engine/index.js';
import type { Actor } from '../../engine/index.js';
import { world } from './world.js';

/**
 * Bad input: every command and query validates its input. Whatever arrives — wrong types, missing and extra
 * fields, huge strings, unicode edge cases, negative and fractional numbers — the answer is a DomainError (never a
 * thrown string or a crash), a malformed field is named in `param`, and the state is byte-identical afterwards.
 */

const SEED = Number(process.env.FC_SEED ?? (Date.now() % 2_147_483_647));

function setup() {
  const w = world();
  const t = w.team('pro');
  const agentId = w.agent(t.orgId, t.owner);
  return { w, t, agentId };
}

/** Run any command by name with an unchecked input (as a handler would with a parsed JSON body). */
function attempt(w: ReturnType<typeof world>, actor: Actor, name: string, input: unknown): unknown {
  const run = w.engine.run.bind(w.engine) as (a: Actor, n: CommandName, i: unknown, o?: { idempotencyKey?: string }) => unknown;
  return run(actor, name as CommandName, input, { idempotencyKey: 'fuzz-key' });
}

const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    '', ' ', '\u0000', '\u202e', '😀'.repeat(50), 'x'.repeat(100_000), '<script>alert(1)</script>', 'javascript:alert(1)',
    '../../etc/passwd', -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, -0, true, null, [], {},
    'owner', 'ultra', 'http://evil.example',
  ),
);

test('every command answers any input with a DomainError or a success — never a crash — and a refusal changes nothing', () => {
  const names = Object.keys(COMMANDS);
  let refusals = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...names),
      fc.oneof(nasty, fc.dictionary(fc.constantFrom('orgId', 'email', 'role', 'planId', 'interval', 'words', 'name', 'amount', 'packageId', 'userId', 'keep', 'card', 'extra'), nasty)),
      fc.boolean(),
      (name, input, withOrg) => {
        const { w, t } = setup();
        const body = withOrg && input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...input, orgId: t.orgId } : input;
        w.engine.tick();
        const before = JSON.stringify(w.engine.state);
        for (const actor of [t.owner, SYSTEM]) {
          try {
            attempt(w, actor, name, body);
            return; // a well-formed input that passed: fine
          } catch (e) {
            assert.ok(e instanceof DomainError, `${name} threw ${String(e)} instead of a DomainError`);
            assert.equal(typeof e.message, 'string');
            assert.ok(e.message.length > 0);
            assert.equal(JSON.stringify(w.engine.state), before, `${name} refused with ${e.code} but changed the state`);
            refusals += 1;
          }
        }
      },
    ),
    { numRuns: 600, seed: SEED },
  );
  assert.ok(refusals > 500);
});

test('a malformed field is named in param: wrong type, missing, extra, out of range', () => {
  const { w, t } = setup();
  const cases: [CommandName, unknown, string][] = [
    ['invite.create', { orgId: t.orgId, email: 'nope', role: 'member' }, 'email'],
    ['invite.create', { orgId: t.orgId, role: 'member' }, 'email'],
    ['invite.create', { orgId: t.orgId, email: 'a@b.co', role: 'wizard' }, 'role'],
    ['invite.create', { orgId: t.orgId, email: 'a@b.co', role: 'member', admin: true }, 'admin'],
    ['usage.record', { orgId: t.orgId, channel: 'chat', modelId: 'gpt-5', words: -5 }, 'words'],
    ['usage.record', { orgId: t.orgId, channel: 'chat', modelId: 'gpt-5', words: 2.5 }, 'words'],
    ['usage.record', { orgId: t.orgId, channel: 'fax', modelId: 'gpt-5', words: 5 }, 'channel'],
    ['org.updateSettings', { orgId: t.orgId, slug: 'new-slug' }, 'slug'],
    ['org.updateSettings', { orgId: t.orgId, name: 'Visit http://phish.example' }, 'name'],
    ['org.updateSettings', { orgId: t.orgId, logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['org.updateBillingIdentity', { orgId: t.orgId, email: 'a@b.co', name: 'A', country: 'Switzerland', address: 'x', postalCode: '1', city: 'Z' }, 'country'],
    ['plan.change', { orgId: t.orgId, planId: 'platinum', interval: 'month' }, 'planId'],
    ['credits.grant', { orgId: t.orgId, amount: 0, source: 'promo' }, 'amount'],
    ['caps.setMember', { orgId: t.orgId, userId: t.member.userId, cap: -1 }, 'cap'],
    ['alerts.configure', { orgId: t.orgId, thresholdPct: 101, recipientIds: [] }, 'thresholdPct'],
    ['org.setResidency', { orgId: t.orgId, tier: 'mars' }, 'tier'],
    ['agent.create', { orgId: t.orgId, name: 'x'.repeat(101) }, 'name'],
    ['invite.create', { orgId: '../etc', email: 'a@b.co', role: 'member' }, 'orgId'],
  ];
  for (const [name, input, param] of cases) {
    w.engine.tick();
    const before = JSON.stringify(w.engine.state);
    const actor = name === 'credits.grant' ? SYSTEM : t.owner;
    assert.throws(
      () => attempt(w, actor, name, input),
      (e: unknown) => e instanceof DomainError && e.param === param && e.status === 400 && e.message.includes(param),
      `${name} ${JSON.stringify(input).slice(0, 80)} should name ${param}`,
    );
    assert.equal(JSON.stringify(w.engine.state), before);
  }
});

test('every query answers any input with a DomainError or a result — never a crash', () => {
  const names = Object.keys(QUERIES) as QueryName[];
  fc.assert(
    fc.property(fc.constantFrom(...names), nasty, fc.boolean(), (name, junk, withOrg) => {
      const { w, t } = setup();
      const input = withOrg ? { orgId: t.orgId, days: junk, cursor: junk, tier: junk, planId: junk } : junk;
      const query = w.engine.query.bind(w.engine) as (a: Actor, n: QueryName, i: unknown) => unknown;
      try {
        query(t.owner, name, input);
      } catch (e) {
        assert.ok(e instanceof DomainError, `${name} threw ${String(e)}`);
      }
    }),
    { numRuns: 300, seed: SEED },
  );
});

test('every mutation is safe to retry: a command resent with its idempotency key replays the first answer', () => {
  const { w, t } = setup();
  const input = { orgId: t.orgId, email: 'retry@acme.test', role: 'member' as const };
  const first = w.engine.execute(t.owner, 'invite.create', input, { idempotencyKey: 'invite-1' });
  const after = JSON.stringify(w.engine.state);
  const again = w.engine.execute(t.owner, 'invite.create', input, { idempotencyKey: 'invite-1' });
  assert.equal(again.replayed, true);
  assert.deepEqual(again.result, first.result);
  assert.equal(JSON.stringify(w.engine.state), after);
  // The same key for a different request is refused, not silently replayed.
  assert.throws(
    () => w.engine.run(t.owner, 'invite.create', { ...input, email: 'other@acme.test' }, { idempotencyKey: 'invite-1' }),
    (e: unknown) => e instanceof DomainError && e.code === 'idempotency_key_reused',
  );
});
