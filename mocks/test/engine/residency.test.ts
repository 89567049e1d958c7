import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ResidencyTier } from '@orgkit/contract';
import { RESIDENCY_TIERS } from '@orgkit/contract';
import type { Actor, ModelDef } from '../../engine/index.js';
import { createState, DEFAULT_MODELS, Engine, ManualClock, modelAllowed, readTier } from '../../engine/index.js';
import type { World } from './world.js';
import { SYSTEM, rejects, world } from './world.js';

// — helpers local to this file —

function modelIds(w: World, actor: Actor, orgId: string): string[] {
  return w.query(actor, 'models.list', { orgId }).models.map((m) => m.id).sort();
}

function setTier(w: World, actor: Actor, orgId: string, tier: ResidencyTier) {
  return w.run(actor, 'org.setResidency', { orgId, tier });
}

function membership(w: World, actor: Actor, orgId: string) {
  const m = w.query(actor, 'session', {}).memberships.find((x) => x.orgId === orgId);
  assert.ok(m, `the caller should be a member of ${orgId}`);
  return m;
}

function deploy(w: World, actor: Actor, orgId: string, agentId: string, modelId: string, name = modelId): string {
  return w.run(actor, 'deployment.create', { orgId, agentId, name, channel: 'chat', modelId }).id;
}

function flags(w: World, orgId: string): Record<string, boolean> {
  return Object.fromEntries(w.query(SYSTEM, 'deployments.list', { orgId }).map((d) => [d.id, d.flagged]));
}


/** The default catalog: which models each tier allows (RES-1). */
const EXPECTED: Record<ResidencyTier, string[]> = {
  // Swiss server, Swiss company
  'ch-ch': ['swissllm-large'],
  // Swiss server, any (known) company
  'ch-any': ['gpt-5-ch', 'swissllm-large'],
  // European server, European company — Switzerland counts as European
  'eu-eu': ['mistral-large', 'swissllm-large'],
  // European server, any (known) operator
  'eu-any': ['claude-eu', 'gpt-5-ch', 'mistral-large', 'swissllm-large'],
  global: ['claude-eu', 'gpt-5', 'gpt-5-ch', 'gpt-5-mini', 'mistral-large', 'open-weights-x', 'swissllm-large'],
};

const model = (id: string, hostingCountry: string | null, providerCountry: string | null): ModelDef => ({
  id, name: id, provider: `${id} Inc`, hostingCountry, providerCountry, creditsPer1kWords: 1,
});

describe('RES — data residency', () => {
  // — RES-1 —
  test('RES-1 there are five tiers, strictest first: ch-ch, ch-any, eu-eu, eu-any, global', () => {
    assert.deepEqual([...RESIDENCY_TIERS], ['ch-ch', 'ch-any', 'eu-eu', 'eu-any', 'global']);
    const w = world();
    const o = w.signUp();
    for (const tier of RESIDENCY_TIERS) {
      setTier(w, o.owner, o.orgId, tier);
      assert.equal(w.query(o.owner, 'settings.get', { orgId: o.orgId }).residency, tier);
    }
  });

  test('RES-1 each tier allows exactly the models that meet it (server country and company country)', () => {
    const w = world();
    const o = w.signUp();
    for (const tier of RESIDENCY_TIERS) {
      setTier(w, o.owner, o.orgId, tier);
      const list = w.query(o.owner, 'models.list', { orgId: o.orgId });
      assert.equal(list.tier, tier);
      assert.deepEqual(list.models.map((m) => m.id).sort(), EXPECTED[tier], `models under ${tier}`);
    }
  });

  test('RES-1 a stricter tier never allows a model a looser one refuses (ch-ch ⊂ ch-any ⊂ eu-any ⊂ global; ch-ch ⊂ eu-eu ⊂ eu-any)', () => {
    const chains: ResidencyTier[][] = [['ch-ch', 'ch-any', 'eu-any', 'global'], ['ch-ch', 'eu-eu', 'eu-any', 'global']];
    for (const chain of chains) {
      for (let i = 1; i < chain.length; i += 1) {
        const strict = chain[i - 1] as ResidencyTier;
        const loose = chain[i] as ResidencyTier;
        for (const id of EXPECTED[strict]) assert.ok(EXPECTED[loose].includes(id), `${id}: ${strict} ⊂ ${loose}`);
        for (const m of DEFAULT_MODELS) if (modelAllowed(m, strict)) assert.ok(modelAllowed(m, loose), `${m.id}: ${strict} ⊂ ${loose}`);
      }
    }
  });

  test('RES-1 server and company are judged separately: Swiss server by a US company is ch-any/eu-any, not ch-ch/eu-eu', () => {
    const w = world();
    const o = w.signUp();
    const cases: [ResidencyTier, boolean][] = [['ch-ch', false], ['ch-any', true], ['eu-eu', false], ['eu-any', true], ['global', true]];
    for (const [tier, allowed] of cases) {
      setTier(w, o.owner, o.orgId, tier);
      assert.equal(modelIds(w, o.owner, o.orgId).includes('gpt-5-ch'), allowed, `gpt-5-ch (CH server, US company) under ${tier}`);
      assert.equal(modelIds(w, o.owner, o.orgId).includes('claude-eu'), tier === 'eu-any' || tier === 'global', `claude-eu under ${tier}`);
    }
  });

  test('RES-1 Switzerland, the EEA and the UK count as European; the US does not', () => {
    const cases: [ModelDef, Partial<Record<ResidencyTier, boolean>>][] = [
      [model('ch', 'CH', 'CH'), { 'ch-ch': true, 'ch-any': true, 'eu-eu': true, 'eu-any': true }],
      [model('de-ch', 'DE', 'CH'), { 'ch-ch': false, 'ch-any': false, 'eu-eu': true, 'eu-any': true }],
      [model('ch-de', 'CH', 'DE'), { 'ch-ch': false, 'ch-any': true, 'eu-eu': true, 'eu-any': true }],
      [model('no-gb', 'NO', 'GB'), { 'ch-ch': false, 'ch-any': false, 'eu-eu': true, 'eu-any': true }],
      [model('fr-us', 'FR', 'US'), { 'ch-ch': false, 'ch-any': false, 'eu-eu': false, 'eu-any': true }],
      [model('us-fr', 'US', 'FR'), { 'ch-ch': false, 'ch-any': false, 'eu-eu': false, 'eu-any': false }],
    ];
    for (const [m, expected] of cases) {
      for (const [tier, ok] of Object.entries(expected)) assert.equal(modelAllowed(m, tier as ResidencyTier), ok, `${m.id} under ${tier}`);
      assert.equal(modelAllowed(m, 'global'), true);
    }
  });

  // — RES-2 —
  test('RES-2 the default tier is global', () => {
    const w = world();
    const o = w.signUp();
    assert.equal(w.query(o.owner, 'settings.get', { orgId: o.orgId }).residency, 'global');
    const list = w.query(o.owner, 'models.list', { orgId: o.orgId });
    assert.equal(list.tier, 'global');
    assert.deepEqual(list.models.map((m) => m.id).sort(), EXPECTED.global);
    assert.equal(w.query(o.owner, 'residency.preview', { orgId: o.orgId, tier: 'eu-eu' }).from, 'global');
  });

  test('RES-2 a missing or unknown stored value reads as global', () => {
    assert.equal(readTier(undefined), 'global');
    assert.equal(readTier(null), 'global');
    assert.equal(readTier(''), 'global');
    assert.equal(readTier('EU-EU'), 'global');
    assert.equal(readTier('mars'), 'global');
    assert.equal(readTier(42), 'global');
    for (const tier of RESIDENCY_TIERS) assert.equal(readTier(tier), tier);

    // A persisted state (e.g. from localStorage) holding an unknown or no value, loaded into an engine.
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    setTier(w, o.owner, o.orgId, 'ch-ch');
    for (const stored of ['mars', undefined]) {
      const state = structuredClone(w.engine.state);
      const org = state.orgs[o.orgId];
      assert.ok(org);
      if (stored === undefined) delete (org as { residency?: string }).residency;
      else org.residency = stored;
      const loaded = new Engine({ clock: new ManualClock(w.clock.now()), state });
      assert.equal(loaded.query(o.owner, 'settings.get', { orgId: o.orgId }).residency, 'global', `stored ${String(stored)}`);
      const list = loaded.query(o.owner, 'models.list', { orgId: o.orgId });
      assert.equal(list.tier, 'global');
      assert.deepEqual(list.models.map((m) => m.id).sort(), EXPECTED.global);
      assert.equal(loaded.query(o.owner, 'residency.preview', { orgId: o.orgId, tier: 'eu-eu' }).from, 'global');
      const agentId = loaded.run(o.owner, 'agent.create', { orgId: o.orgId, name: 'Bot' }).id;
      loaded.run(o.owner, 'deployment.create', { orgId: o.orgId, agentId, name: 'US', channel: 'chat', modelId: 'gpt-5' });
    }
  });

  test('RES-2 an invalid value is rejected on save and the stored tier is kept', () => {
    const w = world();
    const o = w.signUp();
    setTier(w, o.owner, o.orgId, 'eu-any');
    for (const tier of ['eu', 'EU-EU', 'swiss', '', 'Global']) {
      rejects(w, () => w.run(o.owner, 'org.setResidency', { orgId: o.orgId, tier: tier as ResidencyTier }), 'validation_failed', (e) =>
        assert.equal(e.param, 'tier'),
      );
    }
    rejects(w, () => w.run(o.owner, 'org.setResidency', { orgId: o.orgId } as never), 'validation_failed', (e) => assert.equal(e.param, 'tier'));
    rejects(w, () => w.query(o.owner, 'residency.preview', { orgId: o.orgId, tier: 'mars' as ResidencyTier }), 'validation_failed');
    assert.equal(w.query(o.owner, 'settings.get', { orgId: o.orgId }).residency, 'eu-any');
  });

  // — RES-3 —
  test('RES-3 owner and admin set the tier', () => {
    const w = world();
    const t = w.team('pro');
    for (const actor of [t.owner, t.admin.actor]) {
      assert.ok(membership(w, actor, t.orgId).capabilities.includes('residency.edit'));
      for (const tier of ['ch-any', 'global'] as const) {
        assert.equal(setTier(w, actor, t.orgId, tier).tier, tier);
        assert.equal(w.query(actor, 'settings.get', { orgId: t.orgId }).residency, tier);
      }
      assert.equal(w.query(actor, 'residency.preview', { orgId: t.orgId, tier: 'ch-ch' }).to, 'ch-ch');
    }
  });

  test('RES-3 builder and member cannot set or preview the tier (forbidden); a deactivated admin is blocked', () => {
    const w = world();
    const t = w.team('pro');
    setTier(w, t.owner, t.orgId, 'eu-any');
    for (const who of [t.builder, t.member]) {
      assert.ok(!membership(w, who.actor, t.orgId).capabilities.includes('residency.edit'));
      for (const tier of RESIDENCY_TIERS) {
        rejects(w, () => w.run(who.actor, 'org.setResidency', { orgId: t.orgId, tier }), 'forbidden');
      }
      rejects(w, () => w.query(who.actor, 'residency.preview', { orgId: t.orgId, tier: 'global' }), 'forbidden');
    }
    assert.equal(w.query(t.owner, 'settings.get', { orgId: t.orgId }).residency, 'eu-any');

    const w2 = world();
    const d = w2.deactivatedTeam();
    for (const who of [d.admin, d.member]) {
      rejects(w2, () => w2.run(who.actor, 'org.setResidency', { orgId: d.orgId, tier: 'ch-ch' }), 'org_access_blocked');
      rejects(w2, () => w2.query(who.actor, 'residency.preview', { orgId: d.orgId, tier: 'ch-ch' }), 'org_access_blocked');
    }
    assert.equal(w2.query(d.owner, 'settings.get', { orgId: d.orgId }).residency, 'global');
  });

  test('RES-3 POL-BILLING-OWNER-ONLY does not take residency from the admin (it is not a billing setting)', () => {
    const w = world({ policy: { billingOwnerOnly: true } });
    const t = w.team('pro');
    setTier(w, t.admin.actor, t.orgId, 'eu-eu');
    assert.equal(w.query(t.owner, 'settings.get', { orgId: t.orgId }).residency, 'eu-eu');
  });

  // — RES-4 —
  test('RES-4 the tier filters the model list everyone with access sees', () => {
    const w = world();
    const t = w.team('pro');
    setTier(w, t.owner, t.orgId, 'eu-eu');
    for (const actor of [t.owner, t.admin.actor, t.builder.actor]) {
      assert.deepEqual(modelIds(w, actor, t.orgId), EXPECTED['eu-eu']);
    }
    setTier(w, t.admin.actor, t.orgId, 'global');
    assert.deepEqual(modelIds(w, t.builder.actor, t.orgId), EXPECTED.global);
  });

  test('RES-4 selecting a non-compliant model is rejected, for a new deployment and for a model change', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.owner);
    const dep = deploy(w, t.owner, t.orgId, agentId, 'mistral-large');
    setTier(w, t.owner, t.orgId, 'eu-eu');
    for (const modelId of ['gpt-5', 'gpt-5-ch', 'claude-eu', 'open-weights-x']) {
      rejects(w, () => w.run(t.admin.actor, 'deployment.create', { orgId: t.orgId, agentId, name: 'X', channel: 'chat', modelId }), 'model_not_allowed', (e) => {
        assert.equal(e.param, 'modelId');
        assert.equal(e.meta?.['tier'], 'eu-eu');
      });
      rejects(w, () => w.run(t.admin.actor, 'deployment.setModel', { orgId: t.orgId, deploymentId: dep, modelId }), 'model_not_allowed');
    }
    const ok = deploy(w, t.admin.actor, t.orgId, agentId, 'swissllm-large');
    w.run(t.admin.actor, 'deployment.setModel', { orgId: t.orgId, deploymentId: dep, modelId: 'swissllm-large' });
    assert.deepEqual(
      w.query(t.builder.actor, 'deployments.list', { orgId: t.orgId }).map((d) => [d.id, d.modelId]).sort(),
      [[dep, 'swissllm-large'], [ok, 'swissllm-large']].sort(),
    );
  });

  test('RES-4 a tightening flags existing deployments whose model no longer complies, previewed before saving', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.owner);
    const us = deploy(w, t.owner, t.orgId, agentId, 'gpt-5');
    const fr = deploy(w, t.owner, t.orgId, agentId, 'mistral-large');
    const chUs = deploy(w, t.owner, t.orgId, agentId, 'gpt-5-ch');
    assert.deepEqual(flags(w, t.orgId), { [us]: false, [fr]: false, [chUs]: false });

    const preview = w.query(t.admin.actor, 'residency.preview', { orgId: t.orgId, tier: 'eu-eu' });
    assert.equal(preview.from, 'global');
    assert.equal(preview.to, 'eu-eu');
    assert.deepEqual([...preview.unavailableModelIds].sort(), ['claude-eu', 'gpt-5', 'gpt-5-ch', 'gpt-5-mini', 'open-weights-x']);
    assert.deepEqual([...preview.flaggedDeploymentIds].sort(), [us, chUs].sort());
    assert.deepEqual(flags(w, t.orgId), { [us]: false, [fr]: false, [chUs]: false }, 'a preview changes nothing');

    const saved = setTier(w, t.admin.actor, t.orgId, 'eu-eu');
    assert.deepEqual([...saved.flaggedDeploymentIds].sort(), [us, chUs].sort());
    assert.deepEqual(flags(w, t.orgId), { [us]: true, [fr]: false, [chUs]: true });
    assert.deepEqual(
      w.query(t.builder.actor, 'deployments.list', { orgId: t.orgId }).filter((d) => d.flagged).map((d) => d.modelId).sort(),
      ['gpt-5', 'gpt-5-ch'],
      'builders see the flags too',
    );
  });

  test('RES-4 a flag clears when the deployment moves to a compliant model or the tier is loosened again', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.owner);
    const us = deploy(w, t.owner, t.orgId, agentId, 'gpt-5');
    const chUs = deploy(w, t.owner, t.orgId, agentId, 'gpt-5-ch');
    setTier(w, t.owner, t.orgId, 'ch-ch');
    assert.deepEqual(flags(w, t.orgId), { [us]: true, [chUs]: true });
    w.run(t.owner, 'deployment.setModel', { orgId: t.orgId, deploymentId: us, modelId: 'swissllm-large' });
    assert.deepEqual(flags(w, t.orgId), { [us]: false, [chUs]: true });
    const looser = setTier(w, t.owner, t.orgId, 'ch-any');
    assert.deepEqual(looser.flaggedDeploymentIds, []);
    assert.deepEqual(flags(w, t.orgId), { [us]: false, [chUs]: false });
  });

  // — RES-5 —
  test('RES-5 a model of unknown hosting and provider country appears only under global', () => {
    const w = world();
    const o = w.signUp();
    for (const tier of RESIDENCY_TIERS) {
      setTier(w, o.owner, o.orgId, tier);
      assert.equal(modelIds(w, o.owner, o.orgId).includes('open-weights-x'), tier === 'global', `open-weights-x under ${tier}`);
    }
  });

  test('RES-5 a model of unknown origin cannot be selected under a restrictive tier and is flagged by any tightening', () => {
    const w = world();
    const t = w.team('pro');
    const agentId = w.agent(t.orgId, t.owner);
    const unknown = deploy(w, t.owner, t.orgId, agentId, 'open-weights-x');
    const loosest = setTier(w, t.owner, t.orgId, 'eu-any');
    assert.deepEqual(loosest.flaggedDeploymentIds, [unknown]);
    assert.equal(flags(w, t.orgId)[unknown], true);
    rejects(w, () => w.run(t.owner, 'deployment.create', { orgId: t.orgId, agentId, name: 'U', channel: 'chat', modelId: 'open-weights-x' }), 'model_not_allowed');
    rejects(w, () => w.run(t.owner, 'deployment.setModel', { orgId: t.orgId, deploymentId: unknown, modelId: 'open-weights-x' }), 'model_not_allowed');
  });

  test('RES-5 unknown hosting OR unknown provider country alone never satisfies a restrictive tier', () => {
    const models = [
      model('ch-host-unknown-provider', 'CH', null),
      model('unknown-host-ch-provider', null, 'CH'),
      model('de-host-unknown-provider', 'DE', null),
      model('unknown-host-de-provider', null, 'DE'),
      model('bad-code-host', 'ch', 'CH'),
      model('bad-code-provider', 'CH', 'Switzerland'),
    ];
    for (const m of models) {
      for (const tier of ['ch-ch', 'ch-any', 'eu-eu', 'eu-any'] as const) assert.equal(modelAllowed(m, tier), false, `${m.id} under ${tier}`);
      assert.equal(modelAllowed(m, 'global'), true, `${m.id} under global`);
    }
    // The same through the API, with these models in the engine's catalog.
    const clock = new ManualClock('2026-01-05T09:00:00.000Z');
    const engine = new Engine({ clock, state: createState({ models: [...DEFAULT_MODELS, ...models], now: clock.now() }) });
    const { userId, orgId } = engine.run({ kind: 'anonymous' }, 'account.signUp', { email: 'o@acme.test', name: 'O', orgName: 'Acme' });
    const owner: Actor = { kind: 'user', userId };
    for (const tier of ['ch-ch', 'ch-any', 'eu-eu', 'eu-any'] as const) {
      engine.run(owner, 'org.setResidency', { orgId, tier });
      const ids = engine.query(owner, 'models.list', { orgId }).models.map((m) => m.id).sort();
      assert.deepEqual(ids, EXPECTED[tier], `only fully known models under ${tier}`);
    }
    engine.run(owner, 'org.setResidency', { orgId, tier: 'global' });
    assert.equal(engine.query(owner, 'models.list', { orgId }).models.length, DEFAULT_MODELS.length + models.length);
  });
});
