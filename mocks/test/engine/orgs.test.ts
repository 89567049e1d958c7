import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, DomainError } from '../../engine/index.js';
import { ANONYMOUS } from '../../engine/index.js';
import type { World } from './world.js';
import { SYSTEM, asUser, rejects, world } from './world.js';

// — helpers local to this file —

function membershipsOf(w: World, actor: Actor) {
  return w.query(actor, 'session', {}).memberships;
}

function membership(w: World, actor: Actor, orgId: string) {
  const m = membershipsOf(w, actor).find((x) => x.orgId === orgId);
  assert.ok(m, `the caller should be a member of ${orgId}`);
  return m;
}

function settings(w: World, orgId: string) {
  return w.query(SYSTEM, 'settings.get', { orgId });
}



const IDENTITY = {
  email: 'Billing@Acme.ch',
  name: 'Acme AG',
  country: 'CH',
  address: 'Bahnhofstrasse 1',
  postalCode: '8001',
  city: 'Zürich',
  taxId: 'CHE-123.456.789 MWST',
};

describe('ORG — organization & General settings', () => {
  // — ORG-1 —
  test('ORG-1 signing up creates an account and one organization on Free, the signer owner and billing-role holder', () => {
    const w = world();
    const o = w.signUp({ email: 'Olivia@Acme.test', name: 'Olivia', orgName: 'Acme AI' });
    const session = w.query(o.owner, 'session', {});
    assert.equal(session.user.email, 'olivia@acme.test');
    assert.equal(session.memberships.length, 1);
    const [m] = session.memberships;
    assert.ok(m);
    assert.equal(m.orgId, o.orgId);
    assert.equal(m.name, 'Acme AI');
    assert.equal(m.planId, 'free');
    assert.equal(m.role, 'owner');
    assert.equal(m.state, 'active');
    assert.equal(m.billingHolder, true);
    const sub = w.query(o.owner, 'subscription.get', { orgId: o.orgId });
    assert.equal(sub.planId, 'free');
    assert.equal(w.balance(o.orgId), 200, 'the Free allowance is granted at once');
    const members = w.query(o.owner, 'members.list', { orgId: o.orgId }).members;
    assert.deepEqual(
      members.map((x) => ({ userId: x.userId, role: x.role, state: x.state, billingHolder: x.billingHolder })),
      [{ userId: o.userId, role: 'owner', state: 'active', billingHolder: true }],
    );
  });

  test('ORG-1 a refused sign-up (email already has an account, any case) creates no account and no organization', () => {
    const w = world();
    w.signUp({ email: 'olivia@acme.test' });
    rejects(
      w,
      () => w.run(ANONYMOUS, 'account.signUp', { email: 'OLIVIA@acme.test', name: 'Other', orgName: 'Other Org' }),
      'already_member',
    );
    assert.equal(Object.keys(w.engine.state.orgs).length, 1);
  });

  test('ORG-1 someone who leaves their only organization gets a fresh Free organization of their own', () => {
    const w = world();
    const o = w.signUp();
    w.plan(o.orgId, 'pro');
    const builder = w.join(o.orgId, o.owner, 'builder');
    assert.equal(membershipsOf(w, builder.actor).length, 1);
    w.run(builder.actor, 'org.leave', { orgId: o.orgId });
    const after = membershipsOf(w, builder.actor);
    assert.equal(after.length, 1, 'still belongs to exactly one organization');
    const [mine] = after;
    assert.ok(mine);
    assert.notEqual(mine.orgId, o.orgId);
    assert.equal(mine.planId, 'free');
    assert.equal(mine.role, 'owner');
    assert.equal(mine.billingHolder, true);
    assert.equal(w.query(o.owner, 'members.list', { orgId: o.orgId }).members.length, 1);
  });

  test('ORG-1 someone removed from their only organization gets a fresh Free organization of their own', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.admin.actor, 'member.remove', { orgId: t.orgId, userId: t.member.userId });
    const after = membershipsOf(w, t.member.actor);
    assert.equal(after.length, 1);
    assert.equal(after[0]?.role, 'owner');
    assert.equal(after[0]?.planId, 'free');
    assert.notEqual(after[0]?.orgId, t.orgId);
  });

  // — ORG-2 —
  test('ORG-2 the organization has a slug ID derived at creation, unique, and shown on the General page', () => {
    const w = world();
    const a = w.signUp({ orgName: 'Acme AI' });
    const b = w.signUp({ orgName: 'Acme AI' });
    const sa = w.query(a.owner, 'settings.get', { orgId: a.orgId });
    const sb = w.query(b.owner, 'settings.get', { orgId: b.orgId });
    assert.equal(sa.id, a.orgId);
    assert.equal(sa.slug, 'acme-ai');
    assert.notEqual(sb.slug, sa.slug, 'slugs are unique across organizations');
    assert.equal(membership(w, a.owner, a.orgId).slug, 'acme-ai');
  });

  test('ORG-2 the slug is read-only: it cannot be set, and renaming keeps it', () => {
    const w = world();
    const o = w.signUp({ orgName: 'Acme AI' });
    rejects(
      w,
      () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, slug: 'my-slug' } as never),
      'validation_failed',
      (e) => assert.equal(e.param, 'slug'),
    );
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name: 'Globex Corporation' });
    const s = settings(w, o.orgId);
    assert.equal(s.name, 'Globex Corporation');
    assert.equal(s.slug, 'acme-ai');
    assert.equal(w.query(o.owner, 'org.get', { orgId: o.orgId }).slug, 'acme-ai');
  });

  test('ORG-2 the profile fields (name, logo, notification email) are editable and can be cleared', () => {
    const w = world();
    const o = w.signUp({ orgName: 'Acme AI' });
    w.run(o.owner, 'org.updateSettings', {
      orgId: o.orgId,
      name: 'Acme Robotics',
      logoUrl: 'https://cdn.acme.ch/logo.png',
      notificationEmail: 'Alerts@Acme.ch',
    });
    let s = settings(w, o.orgId);
    assert.equal(s.name, 'Acme Robotics');
    assert.equal(s.logoUrl, 'https://cdn.acme.ch/logo.png');
    assert.equal(s.notificationEmail, 'alerts@acme.ch');
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, logoUrl: null, notificationEmail: null });
    s = settings(w, o.orgId);
    assert.equal(s.name, 'Acme Robotics', 'a field left out is left alone');
    assert.equal(s.logoUrl, null);
    assert.equal(s.notificationEmail, null);
    rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, logoUrl: 'javascript:alert(1)' }), 'validation_failed', (e) =>
      assert.equal(e.param, 'logoUrl'),
    );
    rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, notificationEmail: 'not-an-email' }), 'validation_failed', (e) =>
      assert.equal(e.param, 'notificationEmail'),
    );
  });

  // — ORG-3 —
  test('ORG-3 owner and admin see the whole General page (name, logo, billing identity, notification email, toggles, visibility, server location)', () => {
    const w = world();
    const t = w.team('pro');
    for (const actor of [t.owner, t.admin.actor]) {
      const s = w.query(actor, 'settings.get', { orgId: t.orgId });
      assert.equal(s.name, 'Acme AI');
      for (const key of ['logoUrl', 'billingIdentity', 'notificationEmail', 'features', 'internalChatVisibility', 'residency'] as const) {
        assert.ok(key in s, `the General page shows ${key}`);
      }
      assert.deepEqual(Object.keys(s.features).sort(), ['endlessChat', 'regularChat']);
      assert.equal(s.residency, 'global');
      const c = membership(w, actor, t.orgId).capabilities;
      assert.ok(c.includes('settings.read') && c.includes('settings.edit'));
    }
  });

  test('ORG-3 owner and admin can edit every General page field', () => {
    const w = world();
    const t = w.team('pro');
    for (const [i, actor] of [t.owner, t.admin.actor].entries()) {
      const name = `Acme ${String(i)}`;
      w.run(actor, 'org.updateSettings', {
        orgId: t.orgId, name, logoUrl: `https://acme.ch/${String(i)}.png`, notificationEmail: `ops${String(i)}@acme.ch`,
        features: { regularChat: i === 0, endlessChat: i === 1 }, internalChatVisibility: i === 0 ? 'full' : 'private',
      });
      w.run(actor, 'org.updateBillingIdentity', { orgId: t.orgId, ...IDENTITY, city: `City ${String(i)}` });
      w.run(actor, 'org.setResidency', { orgId: t.orgId, tier: i === 0 ? 'eu-any' : 'eu-eu' });
      const s = settings(w, t.orgId);
      assert.equal(s.name, name);
      assert.equal(s.logoUrl, `https://acme.ch/${String(i)}.png`);
      assert.equal(s.notificationEmail, `ops${String(i)}@acme.ch`);
      assert.deepEqual(s.features, { regularChat: i === 0, endlessChat: i === 1 });
      assert.equal(s.internalChatVisibility, i === 0 ? 'full' : 'private');
      assert.equal(s.billingIdentity?.city, `City ${String(i)}`);
      assert.equal(s.residency, i === 0 ? 'eu-any' : 'eu-eu');
    }
  });

  test('ORG-3 the General page is hidden from builder and member: reading and every edit answer forbidden', () => {
    const w = world();
    const t = w.team('pro');
    for (const who of [t.builder, t.member]) {
      const c = membership(w, who.actor, t.orgId).capabilities;
      assert.ok(!c.includes('settings.read') && !c.includes('settings.edit'), 'no settings capability to show the page');
      rejects(w, () => w.query(who.actor, 'settings.get', { orgId: t.orgId }), 'forbidden');
      rejects(w, () => w.query(who.actor, 'residency.preview', { orgId: t.orgId, tier: 'eu-eu' }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'org.updateSettings', { orgId: t.orgId, name: 'Hijacked' }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'org.updateSettings', { orgId: t.orgId, features: { endlessChat: true } }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'org.updateSettings', { orgId: t.orgId, internalChatVisibility: 'full' }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'org.updateBillingIdentity', { orgId: t.orgId, ...IDENTITY }), 'forbidden');
      rejects(w, () => w.run(who.actor, 'org.setResidency', { orgId: t.orgId, tier: 'ch-ch' }), 'forbidden');
    }
    const s = settings(w, t.orgId);
    assert.equal(s.name, 'Acme AI');
    assert.equal(s.billingIdentity, null);
  });

  test('ORG-3 a deactivated admin can neither see nor edit the General page (org_access_blocked)', () => {
    const w = world();
    const d = w.deactivatedTeam();
    rejects(w, () => w.query(d.admin.actor, 'settings.get', { orgId: d.orgId }), 'org_access_blocked');
    rejects(w, () => w.run(d.admin.actor, 'org.updateSettings', { orgId: d.orgId, name: 'Nope' }), 'org_access_blocked');
  });

  // — ORG-4 —
  test('ORG-4 rejects a name containing < or > or an http(s) URL; bare domains pass', () => {
    const w = world();
    const o = w.signUp({ orgName: 'Acme AI' });
    const bad = ['Acme <b>', 'a>b', '<script>alert(1)</script>', 'Acme https://acme.ch', 'http://acme.ch', 'See HTTPS://ACME.CH'];
    for (const name of bad) {
      rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name }), 'invalid_org_name', (e) =>
        assert.equal(e.param, 'name'),
      );
      rejects(w, () => w.run(o.owner, 'org.create', { name }), 'invalid_org_name');
      rejects(w, () => w.run(ANONYMOUS, 'account.signUp', { email: 'new@acme.test', name: 'New', orgName: name }), 'invalid_org_name');
    }
    assert.equal(settings(w, o.orgId).name, 'Acme AI');
    const good = ['acme.ch', 'www.acme.ch', 'Acme.ch AG', 'Acme: http and https experts', 'Müller & Söhne (acme.ch)'];
    for (const name of good) {
      w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name });
      assert.equal(settings(w, o.orgId).name, name);
    }
    const created = w.run(o.owner, 'org.create', { name: 'acme.io' });
    assert.equal(membership(w, o.owner, created.id).name, 'acme.io');
    const signed = w.signUp({ orgName: 'globex.com' });
    assert.equal(membership(w, signed.owner, signed.orgId).name, 'globex.com');
  });

  test('ORG-4 [D] the name is trimmed and must be 1–100 characters', () => {
    const w = world();
    const o = w.signUp({ orgName: '  Acme AI  ' });
    assert.equal(settings(w, o.orgId).name, 'Acme AI', 'trimmed at sign-up');
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name: '   Globex   ' });
    assert.equal(settings(w, o.orgId).name, 'Globex', 'trimmed on edit');
    const hundred = 'x'.repeat(100);
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name: `  ${hundred}  ` });
    assert.equal(settings(w, o.orgId).name, hundred, '100 characters after trimming is allowed');
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name: 'A' });
    assert.equal(settings(w, o.orgId).name, 'A', 'one character is allowed');
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const named = (param: string) => (e: DomainError) => assert.equal(e.param, param);
      rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, name }), 'invalid_org_name', named('name'));
      rejects(w, () => w.run(o.owner, 'org.create', { name }), 'invalid_org_name', named('name'));
      rejects(w, () => w.run(ANONYMOUS, 'account.signUp', { email: 'n@acme.test', name: 'N', orgName: name }), 'invalid_org_name', named('orgName'));
    }
    assert.equal(settings(w, o.orgId).name, 'A');
  });

  // — ORG-5 —
  test('ORG-5 billing identity = email, name, country, address, postal code, city and tax ID; saving it syncs the provider record', () => {
    const w = world();
    const o = w.signUp();
    assert.equal(settings(w, o.orgId).billingIdentity, null);
    const res = w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY });
    assert.deepEqual([...res.synced].sort(), ['address', 'city', 'country', 'email', 'name', 'postalCode', 'taxId']);
    const s = settings(w, o.orgId);
    assert.deepEqual(s.billingIdentity, { ...IDENTITY, email: 'billing@acme.ch' });
    assert.equal(s.providerSyncs, 1, 'one sync event recorded for the payment provider');
  });

  test('ORG-5 only changed fields are propagated; an unchanged save records no sync; removing the tax ID syncs it', () => {
    const w = world();
    const o = w.signUp();
    w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY });
    const same = w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, email: 'BILLING@acme.ch' });
    assert.deepEqual(same.synced, [], 'same identity (email in another case): nothing to sync');
    assert.equal(settings(w, o.orgId).providerSyncs, 1);
    const city = w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, city: 'Basel', postalCode: '4001' });
    assert.deepEqual([...city.synced].sort(), ['city', 'postalCode']);
    assert.equal(settings(w, o.orgId).providerSyncs, 2);
    const { taxId: _omit, ...noTax } = IDENTITY;
    const tax = w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...noTax, city: 'Basel', postalCode: '4001' });
    assert.deepEqual(tax.synced, ['taxId']);
    const s = settings(w, o.orgId);
    assert.equal(s.billingIdentity?.taxId, null);
    assert.equal(s.billingIdentity?.city, 'Basel');
    assert.equal(s.providerSyncs, 3);
  });

  test('ORG-5 an incomplete or malformed billing identity is refused and nothing is synced', () => {
    const w = world();
    const o = w.signUp();
    const { postalCode: _pc, ...missing } = IDENTITY;
    rejects(w, () => w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...missing } as never), 'validation_failed', (e) =>
      assert.equal(e.param, 'postalCode'),
    );
    rejects(w, () => w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, country: 'Switzerland' }), 'validation_failed', (e) =>
      assert.equal(e.param, 'country'),
    );
    rejects(w, () => w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, email: 'nope' }), 'validation_failed', (e) =>
      assert.equal(e.param, 'email'),
    );
    rejects(w, () => w.run(o.owner, 'org.updateBillingIdentity', { orgId: o.orgId, ...IDENTITY, city: '   ' }), 'validation_failed', (e) =>
      assert.equal(e.param, 'city'),
    );
    const s = settings(w, o.orgId);
    assert.equal(s.billingIdentity, null);
    assert.equal(s.providerSyncs, 0);
  });

  // — ORG-6 —
  test('ORG-6 Regular Chat and Endless Chat are two independent on/off toggles', () => {
    const w = world();
    const o = w.signUp();
    const initial = settings(w, o.orgId).features;
    assert.deepEqual(Object.keys(initial).sort(), ['endlessChat', 'regularChat']);
    assert.equal(typeof initial.regularChat, 'boolean');
    assert.equal(typeof initial.endlessChat, 'boolean');
    const states: [boolean, boolean][] = [[true, true], [false, true], [false, false], [true, false]];
    for (const [regularChat, endlessChat] of states) {
      w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, features: { regularChat, endlessChat } });
      assert.deepEqual(settings(w, o.orgId).features, { regularChat, endlessChat });
    }
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, features: { endlessChat: true } });
    assert.deepEqual(settings(w, o.orgId).features, { regularChat: true, endlessChat: true }, 'toggling one leaves the other');
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, features: { regularChat: false } });
    assert.deepEqual(settings(w, o.orgId).features, { regularChat: false, endlessChat: true });
  });

  test('ORG-6 there are exactly these two toggles and each is a boolean', () => {
    const w = world();
    const o = w.signUp();
    const before = settings(w, o.orgId).features;
    rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, features: { voiceChat: true } as never }), 'validation_failed', (e) =>
      assert.equal(e.param, 'features.voiceChat'),
    );
    rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, features: { endlessChat: 'on' } as never }), 'validation_failed', (e) =>
      assert.equal(e.param, 'features.endlessChat'),
    );
    assert.deepEqual(settings(w, o.orgId).features, before);
  });

  // — ORG-7 —
  test('ORG-7 the internal chat visibility default is private or full; anything else is refused', () => {
    const w = world();
    const o = w.signUp();
    assert.ok(['private', 'full'].includes(settings(w, o.orgId).internalChatVisibility));
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, internalChatVisibility: 'full' });
    assert.equal(settings(w, o.orgId).internalChatVisibility, 'full');
    w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, internalChatVisibility: 'private' });
    assert.equal(settings(w, o.orgId).internalChatVisibility, 'private');
    rejects(w, () => w.run(o.owner, 'org.updateSettings', { orgId: o.orgId, internalChatVisibility: 'public' as never }), 'validation_failed', (e) =>
      assert.equal(e.param, 'internalChatVisibility'),
    );
    assert.equal(settings(w, o.orgId).internalChatVisibility, 'private');
  });

  test('ORG-7 a visibility change applies only to chats created afterwards', () => {
    const w = world();
    const t = w.team('pro');
    w.run(t.owner, 'org.updateSettings', { orgId: t.orgId, internalChatVisibility: 'private' });
    const before = w.run(t.member.actor, 'chat.create', { orgId: t.orgId, title: 'Before', message: 'private thoughts' });
    assert.equal(before.visibility, 'private');
    w.run(t.owner, 'org.updateSettings', { orgId: t.orgId, internalChatVisibility: 'full' });
    const after = w.run(t.member.actor, 'chat.create', { orgId: t.orgId, title: 'After', message: 'open thoughts' });
    assert.equal(after.visibility, 'full');
    w.run(t.owner, 'org.updateSettings', { orgId: t.orgId, internalChatVisibility: 'private' });

    const mine = w.query(t.member.actor, 'chats.list', { orgId: t.orgId });
    assert.deepEqual(
      mine.map((c) => [c.id, c.visibility]),
      [[before.id, 'private'], [after.id, 'full']],
      'each chat keeps the visibility it was created under',
    );
    const oversight = w.query(t.admin.actor, 'chats.list', { orgId: t.orgId, scope: 'all' });
    const seen = Object.fromEntries(oversight.map((c) => [c.id, c.message]));
    assert.equal(seen[before.id], null, 'created under private: content stays hidden');
    assert.equal(seen[after.id], 'open thoughts', 'created under full: content stays visible after switching back');
  });

  // — ORG-8 —
  test('ORG-8 only the owner may delete the organization: admin, builder and member are forbidden, a deactivated member blocked', () => {
    const w = world();
    const t = w.team('pro');
    const slug = settings(w, t.orgId).slug;
    assert.ok(membership(w, t.owner, t.orgId).capabilities.includes('org.delete'));
    for (const who of [t.admin, t.builder, t.member]) {
      assert.ok(!membership(w, who.actor, t.orgId).capabilities.includes('org.delete'));
      rejects(w, () => w.run(who.actor, 'org.delete', { orgId: t.orgId, confirm: slug }), 'forbidden');
    }
    const w2 = world();
    const d = w2.deactivatedTeam();
    const slug2 = settings(w2, d.orgId).slug;
    rejects(w2, () => w2.run(d.admin.actor, 'org.delete', { orgId: d.orgId, confirm: slug2 }), 'org_access_blocked');
    rejects(w, () => w.run(SYSTEM, 'org.delete', { orgId: t.orgId, confirm: slug }), 'forbidden');
    assert.equal(settings(w, t.orgId).slug, slug, 'the organization still exists');
  });

  test('ORG-8 the owner deletes by typing the slug; a wrong confirmation changes nothing', () => {
    const w = world();
    const t = w.team('pro');
    const slug = settings(w, t.orgId).slug;
    rejects(w, () => w.run(t.owner, 'org.delete', { orgId: t.orgId, confirm: 'Acme AI' }), 'confirmation_mismatch', (e) =>
      assert.equal(e.param, 'confirm'),
    );
    const pending = w.run(t.owner, 'invite.create', { orgId: t.orgId, email: 'late@acme.test', role: 'member' });
    const res = w.run(t.owner, 'org.delete', { orgId: t.orgId, confirm: slug });
    assert.deepEqual(res, { orgId: t.orgId, deleted: true });
    rejects(w, () => w.query(t.owner, 'org.get', { orgId: t.orgId }), 'org_not_found');
    rejects(w, () => w.query(SYSTEM, 'settings.get', { orgId: t.orgId }), 'org_not_found');
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId: pending.id }), 'not_found');
    // ORG-1 [D]: everyone who belonged to it still belongs to an organization.
    for (const actor of [t.owner, t.admin.actor, t.builder.actor, t.member.actor]) {
      const ms = membershipsOf(w, actor);
      assert.equal(ms.length, 1);
      assert.notEqual(ms[0]?.orgId, t.orgId);
      assert.equal(ms[0]?.role, 'owner');
      assert.equal(ms[0]?.planId, 'free');
    }
  });

  // — ORG-9 —
  test('ORG-9 a user may belong to several organizations: create another, or join one by invite', () => {
    const w = world();
    const a = w.signUp({ email: 'ann@acme.test', orgName: 'Ann Co' });
    const second = w.run(a.owner, 'org.create', { name: 'Ann Labs', currency: 'CHF' });
    const b = w.signUp({ email: 'bob@globex.test', orgName: 'Globex' });
    w.plan(b.orgId, 'pro');
    const { id: inviteId } = w.run(b.owner, 'invite.create', { orgId: b.orgId, email: 'ANN@acme.test', role: 'builder' });
    rejects(w, () => w.run(ANONYMOUS, 'invite.accept', { inviteId }), 'unauthenticated');
    rejects(w, () => w.run(b.owner, 'invite.accept', { inviteId }), 'invite_email_mismatch');
    w.run(a.owner, 'invite.accept', { inviteId });
    const ms = membershipsOf(w, a.owner);
    assert.deepEqual(
      ms.map((m) => ({ orgId: m.orgId, name: m.name, role: m.role, planId: m.planId })).sort((x, y) => x.name.localeCompare(y.name)),
      [
        { orgId: a.orgId, name: 'Ann Co', role: 'owner', planId: 'free' },
        { orgId: second.id, name: 'Ann Labs', role: 'owner', planId: 'free' },
        { orgId: b.orgId, name: 'Globex', role: 'builder', planId: 'pro' },
      ],
    );
    assert.equal(membership(w, a.owner, second.id).currency, 'CHF');
    assert.equal(Object.keys(w.engine.state.users).length, 2, 'joining did not create a second account');
  });

  test('ORG-9 credit and usage views are per organization: the session lists every organization to select, with its own rights', () => {
    const w = world();
    const a = w.signUp({ email: 'ann@acme.test', orgName: 'Ann Co' });
    const b = w.signUp({ email: 'bob@globex.test', orgName: 'Globex' });
    w.plan(b.orgId, 'pro');
    const { id: inviteId } = w.run(b.owner, 'invite.create', { orgId: b.orgId, email: 'ann@acme.test', role: 'member' });
    assert.equal(membershipsOf(w, a.owner).length, 1, 'one organization: nothing to select');
    w.run(a.owner, 'invite.accept', { inviteId });
    const ms = membershipsOf(w, a.owner);
    assert.equal(ms.length, 2, 'two organizations: the selector has both');
    w.use(a.orgId, 50_000); // 50 credits at gpt-5-mini's rate
    // Each selected organization shows its own pool — and only where the role allows.
    assert.equal(w.query(a.owner, 'balance.get', { orgId: a.orgId }).balance, 150);
    assert.equal(w.query(a.owner, 'credits.get', { orgId: a.orgId }).usedThisCycle, 50);
    assert.equal(w.query(a.owner, 'usage.summary', { orgId: a.orgId, days: 30 }).totalCredits, 50);
    assert.ok(ms.find((m) => m.orgId === a.orgId)?.capabilities.includes('usage.read'));
    assert.ok(!ms.find((m) => m.orgId === b.orgId)?.capabilities.includes('usage.read'));
    rejects(w, () => w.query(a.owner, 'balance.get', { orgId: b.orgId }), 'forbidden');
    rejects(w, () => w.query(a.owner, 'usage.summary', { orgId: b.orgId, days: 30 }), 'forbidden');
    assert.equal(w.query(b.owner, 'balance.get', { orgId: b.orgId }).balance, 30_000, "the other organization's pool is untouched");
    // An organization the user does not belong to is not there at all.
    const c = w.signUp({ email: 'cy@initech.test', orgName: 'Initech' });
    rejects(w, () => w.query(a.owner, 'balance.get', { orgId: c.orgId }), 'org_not_found');
    rejects(w, () => w.query(asUser(a.userId), 'org.get', { orgId: c.orgId }), 'org_not_found');
  });
});
