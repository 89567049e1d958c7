import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { customElement } from 'lit/decorators.js';
import { html as litHtml } from 'lit';
import type { MemberList } from '@orgkit/contract';
import { Loader, OrgKitElement } from '../src/index.js';
import type { OrgProvider } from '../src/index.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

/** A minimal element on the base: a member count through the one Loader. */
@customElement('test-member-count')
class TestMemberCount extends OrgKitElement {
  loader = new Loader<MemberList>(this, { capability: 'members.read', load: ({ client, orgId, signal }) => client.members.list(orgId, { signal }) });
  protected override render() {
    return this.loader.render({ complete: (v) => litHtml`<p part="count">${v.members.length} members</p>` });
  }
}
void TestMemberCount;

describe('element base: provider, standalone, async states', () => {
  let m: Mock;
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  it('ROLE-8 <org-provider> loads the session and provides the client, organization and capabilities to elements inside', async () => {
    const provider = await fixture<OrgProvider>(html`<org-provider .client=${m.clientFor('owner')}><test-member-count></test-member-count></org-provider>`);
    const el = provider.querySelector('test-member-count') as TestMemberCount;
    await settled(el);
    expect(text(el)).to.equal('3 members');
    expect(el.ctx?.capabilities).to.include('members.invite');
    expect(el.ctx?.membership?.role).to.equal('owner');
  });

  it('an element works without a provider, given api-base and org (here with the host\'s cookie session)', async () => {
    document.cookie = `orgkit_session=${encodeURIComponent(m.person('builder').token)}; path=/`;
    try {
      const el = await fixture<TestMemberCount>(html`<test-member-count api-base=${location.origin} org=${m.state.orgId}></test-member-count>`);
      await settled(el);
      expect(text(el)).to.equal('3 members');
      expect(el.ctx?.membership?.role).to.equal('builder');
    } finally {
      document.cookie = 'orgkit_session=; path=/; max-age=0';
    }
  });

  it('the production path: a host client with its own async token provider, asked again after a 401', async () => {
    let asked = 0;
    const { OrgKitClient } = await import('@orgkit/client');
    const client = new OrgKitClient({
      getAuthToken: async ({ forceRefresh }) => {
        asked += 1;
        return forceRefresh ? m.person('admin').token : 'orgkit-mock.usr_expired';
      },
    });
    const provider = await fixture<OrgProvider>(html`<org-provider .client=${client}><test-member-count></test-member-count></org-provider>`);
    const el = provider.querySelector('test-member-count') as TestMemberCount;
    await settled(el);
    expect(el.ctx?.membership?.role).to.equal('admin');
    expect(asked).to.be.at.least(2);
  });

  it('ROLE-5 a member sees the calm no-access state, never data', async () => {
    m.stop();
    m = await mock('pending-downgrade');
    const p2 = await fixture<OrgProvider>(html`<org-provider .client=${m.clientFor('member')}><test-member-count></test-member-count></org-provider>`);
    const el = p2.querySelector('test-member-count') as TestMemberCount;
    await settled(el);
    expect(shadow(el).querySelector('[part~="no-access"]')).to.exist;
    expect(text(el)).to.contain('internal chat only');
    expect(shadow(el).querySelector('[part="count"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('ROLE-7 a deactivated member sees "organization access blocked"', async () => {
    m.stop();
    m = await mock('pending-downgrade');
    await m.control('/clock', { to: 'period_end' });
    const gone = m.backend.engine.query({ kind: 'system' }, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
    expect(gone, 'the downgrade deactivated someone').to.exist;
    const token = m.state.people.find((p) => p.userId === gone?.userId)?.token ?? '';
    const { OrgKitClient } = await import('@orgkit/client');
    const provider = await fixture<OrgProvider>(html`<org-provider .client=${new OrgKitClient({ getAuthToken: () => token })}><test-member-count></test-member-count></org-provider>`);
    const el = provider.querySelector('test-member-count') as TestMemberCount;
    await settled(el);
    expect(text(el)).to.contain('Organization access blocked');
  });

  it('loading shows aria-busy; a failed load shows the server\'s message with Retry, and Retry recovers', async () => {
    m.backend.faults.latencyMs = 150;
    const provider = await fixture<OrgProvider>(html`<org-provider .client=${m.clientFor('owner')}><test-member-count></test-member-count></org-provider>`);
    const el = provider.querySelector('test-member-count') as TestMemberCount;
    await waitUntil(() => shadow(el).querySelector('[aria-busy="true"]'), 'shows a busy state while loading');
    m.backend.faults.latencyMs = 0;
    await settled(el);
    m.backend.faults.failNext = 1;
    el.loader.reload();
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'shows the error');
    expect(text(el)).to.contain('The server had a problem');
    await expect(el).to.be.accessible();
    (shadow(el).querySelector('[part="retry-button"]') as HTMLButtonElement).click();
    await waitUntil(() => text(el) === '3 members', 'Retry loads the data');
  });

  it('changing the provider\'s org re-provides; the locale comes from lang or the locale attribute', async () => {
    m.stop();
    m = await mock('multi-org');
    const lea = m.person('lea@schmid.test');
    const memberships = m.backend.engine.query({ kind: 'user', userId: lea.userId }, 'session', {}).memberships;
    const acme = memberships.find((x) => x.role === 'admin');
    const provider = await fixture<OrgProvider>(html`<org-provider lang="de" .client=${m.clientFor('lea@schmid.test')}><test-member-count></test-member-count></org-provider>`);
    const el = provider.querySelector('test-member-count') as TestMemberCount;
    await settled(el);
    expect(el.ctx?.membership?.role).to.equal('owner');
    const changed = oneEvent(provider, 'orgkit-org-changed');
    provider.org = acme?.orgId ?? '';
    const ev = await changed;
    expect(ev.detail.orgId).to.equal(acme?.orgId);
    await waitUntil(() => el.ctx?.membership?.role === 'admin' && text(el) === '4 members', 're-provided for the other organization (Acme: 3 + Lea)');
    m.backend.faults.failNext = 1;
    el.loader.reload();
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'));
    expect(text(el)).to.contain('Der Server hatte ein Problem');
  });
});
