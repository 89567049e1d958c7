import { atLeast, equal, expect, includes, notEqual } from '../assert.js';
import type { Check } from '../check.js';
import { check } from '../check.js';

export const orgChecks: Check[] = [
  check('ORG-1', 'signing up creates an organization on Free with the signer as owner and billing-role holder', async (t) => {
    await t.reset('fresh-free');
    const email = t.email('signup');
    const r = await t.ok('account.signUp', { as: null, body: { email, name: 'Casey Conformance', orgName: 'Conformance Labs' } });
    const me = await t.byEmail(email);
    const s = await t.session(me);
    equal(s.memberships.length, 1, 'memberships after sign-up');
    const m = s.memberships[0];
    equal(m?.orgId, r.orgId, 'membership orgId');
    equal(m?.planId, 'free', 'plan of the new organization');
    equal(m?.role, 'owner', 'role of the signer');
    equal(m?.billingHolder, true, 'the signer holds the billing role');
    const sub = await t.ok('subscription.get', { as: me, params: { orgId: r.orgId } });
    equal(sub.planId, 'free', 'subscription.planId');
  }),

  check('ORG-1', 'an account removed from its only organization still belongs to one', async (t) => {
    await t.reset('standard-team');
    const admin = t.who('admin');
    const before = await t.session(admin);
    equal(before.memberships.length, 1, `${admin.email} belongs to one organization in standard-team`);
    await t.ok('member.remove', { params: { userId: admin.userId } });
    const after = await t.session(admin);
    atLeast(after.memberships.length, 1, 'organizations of the removed account');
    expect(after.memberships.every((m) => m.orgId !== t.orgId), 'the removed account is no longer in the organization');
  }),

  check('ORG-2', 'the slug ID is read-only while profile fields are editable', async (t) => {
    await t.reset('standard-team');
    const org = await t.ok('org.get');
    expect(org.slug.length > 0, 'organization has a slug');
    await t.err('org.updateSettings', 'validation_failed', { body: { slug: 'hijacked-slug' } });
    const s = await t.ok('org.updateSettings', { body: { name: 'Acme AI Renamed' } });
    equal(s.name, 'Acme AI Renamed', 'name after edit');
    equal(s.slug, org.slug, 'slug after renaming');
    equal((await t.ok('org.get')).slug, org.slug, 'org.get slug after renaming');
  }),

  check('ORG-3', 'the General page is readable and editable by owner and admin, 403 for builder and member', async (t) => {
    await t.reset('pending-downgrade');
    for (const p of [t.who('owner'), t.who('admin')]) {
      await t.ok('settings.get', { as: p });
      await t.ok('org.updateSettings', { as: p, body: { notificationEmail: `ops-${p.role}@acme-ai.test` } });
    }
    for (const p of [t.who('builder'), t.who('member')]) {
      await t.err('settings.get', 'forbidden', { as: p });
      await t.err('org.updateSettings', 'forbidden', { as: p, body: { notificationEmail: 'x@acme-ai.test' } });
      await t.err('org.updateBillingIdentity', 'forbidden', {
        as: p, body: { email: 'b@acme-ai.test', name: 'X', country: 'CH', address: 'A 1', postalCode: '8000', city: 'Zürich' },
      });
    }
  }),

  check('ORG-4', 'an organization name with <, > or an http(s) URL, empty or over 100 characters is rejected; bare domains pass', async (t) => {
    await t.reset('standard-team');
    const bad = ['Acme <b>AI</b>', 'Acme > Others', 'Visit http://acme.example', 'https://acme.ch', 'Acme HTTPS://x.io', '', '    ', 'x'.repeat(101)];
    for (const name of bad) {
      const e = await t.err('org.updateSettings', 'invalid_org_name', { body: { name } });
      expect(e.message.length > 0, 'the error explains itself');
    }
    equal((await t.ok('settings.get')).name, 'Acme AI', 'name after rejected edits');
    equal((await t.ok('org.updateSettings', { body: { name: 'acme.ch' } })).name, 'acme.ch', 'a bare domain is allowed');
    equal((await t.ok('org.updateSettings', { body: { name: '  Acme AG  ' } })).name, 'Acme AG', 'the name is trimmed');
    const hundred = 'a'.repeat(100);
    equal((await t.ok('org.updateSettings', { body: { name: hundred } })).name, hundred, '100 characters are allowed');
    await t.err('org.create', 'invalid_org_name', { body: { name: 'New <org>' } });
    await t.err('account.signUp', 'invalid_org_name', { as: null, body: { email: t.email('org4'), name: 'X Y', orgName: 'see https://x.io' } });
  }),

  check('ORG-5', 'a billing identity change is saved and propagated to the payment provider', async (t) => {
    await t.reset('standard-team');
    const before = await t.ok('settings.get');
    const identity = {
      email: 'accounts@acme-ai.test', name: 'Acme AI AG', country: 'CH', address: 'Seestrasse 1', postalCode: '8002', city: 'Zürich', taxId: 'CHE-999.888.777 MWST',
    };
    const r = await t.ok('org.updateBillingIdentity', { body: identity });
    includes(r.synced, 'email', 'synced fields');
    includes(r.synced, 'taxId', 'synced fields');
    includes(r.synced, 'address', 'synced fields');
    equal(r.providerSyncs, before.providerSyncs + 1, 'providerSyncs after one change');
    const s = await t.ok('settings.get', { as: t.who('admin') });
    equal(s.billingIdentity?.email, identity.email, 'billing email');
    equal(s.billingIdentity?.taxId, identity.taxId, 'tax ID');
    equal(s.billingIdentity?.city, identity.city, 'city');
    await t.err('org.updateBillingIdentity', 'forbidden', { as: t.who('builder'), body: identity });
    await t.err('org.updateBillingIdentity', 'validation_failed', { body: { ...identity, country: 'Switzerland' } });
  }),

  check('ORG-6', 'Regular Chat and Endless Chat toggle on and off independently', async (t) => {
    await t.reset('standard-team');
    const s1 = await t.ok('org.updateSettings', { body: { features: { regularChat: false, endlessChat: true } } });
    equal(s1.features, { regularChat: false, endlessChat: true }, 'features');
    const s2 = await t.ok('org.updateSettings', { body: { features: { regularChat: true } } });
    equal(s2.features, { regularChat: true, endlessChat: true }, 'features after changing only regularChat');
    equal((await t.ok('settings.get')).features, s2.features, 'features read back');
    await t.err('org.updateSettings', 'validation_failed', { body: { features: { voiceChat: true } } });
  }),

  check('ORG-7', 'a chat-visibility change applies only to chats created afterwards', async (t) => {
    await t.reset('standard-team');
    const builder = t.who('builder');
    await t.ok('org.updateSettings', { body: { internalChatVisibility: 'full' } });
    const a = await t.ok('chat.create', { as: builder, body: { title: 'Before', message: 'created under full' } });
    equal(a.visibility, 'full', 'visibility of a chat created under full');
    await t.ok('org.updateSettings', { body: { internalChatVisibility: 'private' } });
    const b = await t.ok('chat.create', { as: builder, body: { title: 'After', message: 'created under private' } });
    equal(b.visibility, 'private', 'visibility of a chat created under private');
    const all = await t.ok('chats.list', { query: { scope: 'all' } });
    const ra = all.find((c) => c.id === a.id);
    const rb = all.find((c) => c.id === b.id);
    equal(ra?.visibility, 'full', 'the earlier chat keeps its visibility');
    equal(ra?.message, 'created under full', 'content of the full chat is visible to the owner');
    equal(rb?.message, null, 'content of the private chat is hidden from the owner');
  }),

  check('ORG-8', 'deleting the organization is owner-only (and needs its ID typed)', async (t) => {
    await t.reset('standard-team');
    const { slug } = await t.ok('org.get');
    await t.err('org.delete', 'forbidden', { as: t.who('admin'), body: { confirm: slug } });
    await t.err('org.delete', 'forbidden', { as: t.who('builder'), body: { confirm: slug } });
    await t.err('org.delete', 'confirmation_mismatch', { body: { confirm: `${slug}-nope` } });
    const r = await t.ok('org.delete', { body: { confirm: slug } });
    equal(r.deleted, true, 'deleted');
    await t.err('org.get', ['org_not_found', 'not_found'], {});
  }),

  check('ORG-9', 'a user may belong to several organizations, each with its own role', async (t) => {
    await t.reset('multi-org');
    const lea = t.who('owner');
    const s = await t.session(lea);
    atLeast(s.memberships.length, 3, 'memberships of the multi-org user');
    const roles = s.memberships.map((m) => m.role);
    for (const r of ['owner', 'admin', 'builder'] as const) includes(roles, r, 'roles across organizations');
    const ids = new Set(s.memberships.map((m) => m.orgId));
    equal(ids.size, s.memberships.length, 'distinct organizations');
    for (const m of s.memberships) {
      const org = await t.ok('org.get', { as: lea, params: { orgId: m.orgId } });
      equal(org.id, m.orgId, 'org.get id');
    }
    const owner = s.memberships.find((m) => m.role === 'owner');
    const builder = s.memberships.find((m) => m.role === 'builder');
    notEqual(owner?.capabilities, builder?.capabilities, 'capabilities differ per organization');
    await t.ok('usage.summary', { as: lea, params: { orgId: owner?.orgId ?? '' }, query: { days: 30 } });
    await t.err('usage.summary', 'forbidden', { as: lea, params: { orgId: builder?.orgId ?? '' }, query: { days: 30 } });
  }),
];
