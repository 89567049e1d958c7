import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { OrgProvider } from '../src/index.js';
import { cycleDays, UsageMeters } from '../src/usage-meters.js';
import { defineElement } from '../src/registry.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('usage-meters', UsageMeters);

let m: Mock;

async function mount(who: string, options: { unit?: string; lang?: string; statsHref?: string; plansHref?: string } = {}): Promise<{ provider: OrgProvider; el: UsageMeters }> {
  const provider = await fixture<OrgProvider>(html`<org-provider lang=${options.lang ?? 'en'} .client=${m.clientFor(who)}>
    <usage-meters unit=${options.unit ?? 'credits'} stats-href=${ifDefined(options.statsHref)} plans-href=${ifDefined(options.plansHref)}></usage-meters>
  </org-provider>`);
  const el = provider.querySelector('usage-meters') as UsageMeters;
  await settled(el);
  await el.updateComplete;
  return { provider, el };
}

const part = <T extends Element = HTMLElement>(el: Element, name: string): T | null => shadow(el).querySelector<T>(`[part~="${name}"]`);
const meter = (el: Element, key: string) => part(el, `meter-${key}`);
const bar = (el: Element, key: string) => meter(el, key)?.querySelector<HTMLElement>('[role="meter"]') ?? null;
const subscription = () => m.backend.engine.query({ kind: 'system' }, 'subscription.get', { orgId: m.state.orgId });

/** After a change made behind the element's back (the control API): refresh as the provider does after any change. */
async function refreshed(provider: OrgProvider, el: UsageMeters, until: () => boolean, what: string): Promise<void> {
  provider.refresh();
  await waitUntil(until, what, { timeout: 5_000 });
  await el.updateComplete;
}

describe('<usage-meters>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  it('PLAN-4 the owner sees plan name, reset date, an overall badge and meters for credits, KB pages, agents and seats', async () => {
    const { el } = await mount('owner');
    const s = subscription();
    expect(part(el, 'plan-name')?.textContent).to.equal('Standard plan');
    const resets = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(s.resetsAt));
    expect(part(el, 'reset')?.textContent).to.contain(`Resets on ${resets}`);
    for (const key of ['credits', 'kbPages', 'agents', 'seats'] as const) {
      const meterData = s.meters[key];
      const row = meter(el, key);
      expect(row, key).to.exist;
      const b = bar(el, key);
      expect(b, `${key} bar`).to.exist;
      expect(b?.getAttribute('aria-valuemin')).to.equal('0');
      expect(b?.getAttribute('aria-valuemax')).to.equal(String(meterData.limit));
      expect(b?.getAttribute('aria-valuenow')).to.equal(String(Math.min(meterData.used, meterData.limit ?? 0)));
      expect(b?.getAttribute('aria-valuetext')).to.contain(`of ${new Intl.NumberFormat('en-US').format(meterData.limit ?? 0)}`);
      // The bar is named by its label.
      const label = shadow(el).getElementById(b?.getAttribute('aria-labelledby') ?? '');
      expect(label?.textContent?.trim()).to.not.equal('');
    }
    expect(meter(el, 'kbPages')?.textContent).to.contain('Knowledge-base pages');
    expect(meter(el, 'kbPages')?.textContent).to.contain(`${s.meters.kbPages.used} / 4,000`);
    expect(meter(el, 'kbPages')?.querySelector('[part~="percent"]')?.textContent).to.equal(`${Math.floor(s.meters.kbPages.percent ?? 0)}%`);
    // Standard: 3 of 3 seats, 2 of 2 agents — full: red, and said in words (not by colour alone).
    expect(meter(el, 'seats')?.textContent).to.contain('3 / 3');
    expect(meter(el, 'seats')?.getAttribute('part')).to.contain('meter-full');
    expect(bar(el, 'seats')?.classList.contains('full')).to.equal(true);
    expect(meter(el, 'seats')?.textContent).to.contain('Limit reached');
    expect(part(el, 'overall')?.textContent?.trim()).to.equal('100% used');
    expect(part(el, 'overall')?.classList.contains('danger')).to.equal(true);
    expect(s.meters.overallPercent).to.equal(100);
    // The owner may read usage and change the plan.
    expect(part(el, 'stats-link')?.textContent).to.contain('View stats');
    expect(part(el, 'plans-button')?.textContent).to.contain('Change plan');
    await expect(el).to.be.accessible();
  });

  it('PLAN-4 a meter turns amber from 80 % and red at 100 %', async () => {
    const used = subscription().meters.credits.used;
    await m.control('/usage', { orgId: m.state.orgId, channel: 'chat', credits: 8_500 - used });
    const { el } = await mount('owner');
    expect(subscription().meters.credits.percent).to.equal(85);
    expect(meter(el, 'credits')?.getAttribute('part')).to.contain('meter-warn');
    expect(bar(el, 'credits')?.classList.contains('warn')).to.equal(true);
    expect(meter(el, 'credits')?.textContent).to.contain('8,500 / 10,000');
    expect(meter(el, 'credits')?.textContent).to.contain('85%');
    expect(meter(el, 'credits')?.textContent).to.contain('Nearly used up');
    // KB pages are far below 80 %: neither colour.
    expect(bar(el, 'kbPages')?.classList.contains('warn')).to.equal(false);
    expect(bar(el, 'kbPages')?.classList.contains('full')).to.equal(false);
    await expect(el).to.be.accessible();

    m = await mock('low-credit');
    const low = await mount('owner');
    const credits = subscription().meters.credits;
    expect(credits.used).to.be.greaterThanOrEqual(credits.limit ?? Infinity);
    expect(meter(low.el, 'credits')?.getAttribute('part')).to.contain('meter-full');
    expect(bar(low.el, 'credits')?.classList.contains('full')).to.equal(true);
    expect(bar(low.el, 'credits')?.getAttribute('aria-valuenow'), 'clamped to the maximum').to.equal(String(credits.limit));
    expect(bar(low.el, 'credits')?.getAttribute('aria-valuetext')).to.contain(`${Math.round(credits.percent ?? 0)}%`);
    await expect(low.el).to.be.accessible();
  });

  it('PLAN-4 PLAN-3 on Ultra, KB pages, agents and seats show as unlimited; the credits meter keeps its custom allowance', async () => {
    const { provider, el } = await mount('owner');
    await m.control(`/orgs/${m.state.orgId}/plan`, { planId: 'ultra', interval: 'month' });
    await refreshed(provider, el, () => part(el, 'plan-name')?.textContent === 'Ultra plan', 'shows Ultra');
    for (const key of ['kbPages', 'agents', 'seats']) {
      expect(meter(el, key)?.getAttribute('part'), key).to.contain('meter-unlimited');
      expect(meter(el, key)?.textContent, key).to.contain('Unlimited');
      expect(bar(el, key), `${key}: no meter without a maximum`).to.equal(null);
    }
    const credits = subscription().meters.credits;
    expect(credits.limit).to.be.a('number');
    expect(bar(el, 'credits')?.getAttribute('aria-valuemax')).to.equal(String(credits.limit));
    expect(part(el, 'overall')?.classList.contains('ok')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('POL-SEAT-BILLING seats show as billed per member, not as a limit', async () => {
    await m.control('/reset', { scenario: 'standard-team', policy: { seatBilling: true } });
    const { el } = await mount('owner');
    expect(subscription().meters.seats.limit).to.equal(null);
    expect(meter(el, 'seats')?.textContent).to.contain('Billed per member');
    expect(meter(el, 'seats')?.textContent).to.contain('3');
    expect(meter(el, 'seats')?.textContent).to.not.contain('Unlimited');
    expect(bar(el, 'seats')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('PLAN-4 USE-1 unit="tokens" counts this cycle\'s AI tokens for those who may read usage', async () => {
    const { el } = await mount('owner', { unit: 'tokens' });
    const s = subscription();
    const days = cycleDays(s.cycleStart, Date.now() + (el.ctx?.clockOffset ?? 0));
    const summary = m.backend.engine.query({ kind: 'system' }, 'usage.summary', { orgId: m.state.orgId, days });
    expect(meter(el, 'credits')).to.equal(null);
    const tokens = meter(el, 'tokens');
    expect(tokens?.textContent).to.contain('AI tokens');
    expect(tokens?.querySelector('[part~="value"]')?.getAttribute('title')).to.equal(new Intl.NumberFormat('en-US').format(summary.totalTokens));
    expect(tokens?.textContent).to.contain(`of 10,000 credits`);
    expect(bar(el, 'tokens')?.getAttribute('aria-valuetext')).to.contain('AI tokens');
    expect(part(el, 'unit-note')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('USE-2 ROLE-4 a builder sees the limits (credits, not tokens), but neither View stats nor Change plan', async () => {
    const { el } = await mount('builder', { unit: 'tokens' });
    expect(meter(el, 'credits')).to.exist;
    expect(meter(el, 'tokens')).to.equal(null);
    expect(part(el, 'unit-note')?.textContent).to.contain('Shown in credits');
    expect(meter(el, 'seats')?.textContent).to.contain('3 / 3');
    expect(part(el, 'stats-link')).to.equal(null);
    expect(part(el, 'plans-button')).to.equal(null);
    // The server agrees: a builder may not read the detailed usage.
    const refused = await m.clientFor('builder').usage.summary(m.state.orgId, { days: 30 }).then(() => null, (e: { code?: string }) => e.code);
    expect(refused).to.equal('forbidden');
    await expect(el).to.be.accessible();
  });

  it('ROLE-5 a member sees the no-access state, never data; ROLE-7 a deactivated member sees the blocked state', async () => {
    m = await mock('pending-downgrade');
    const { el } = await mount('member');
    expect(part(el, 'no-access')).to.exist;
    expect(text(el)).to.contain('internal chat only');
    expect(part(el, 'meters')).to.equal(null);
    await expect(el).to.be.accessible();

    await m.control('/clock', { to: 'period_end' });
    const gone = m.backend.engine.query({ kind: 'system' }, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
    expect(gone).to.exist;
    const blocked = await mount(gone?.email ?? '');
    expect(text(blocked.el)).to.contain('Organization access blocked');
    expect(part(blocked.el, 'meters')).to.equal(null);
    await expect(blocked.el).to.be.accessible();
  });

  it('PLAN-4 the scheduled plan change is stated with its date (CHG-7)', async () => {
    m = await mock('pending-downgrade');
    const { el } = await mount('owner');
    const s = subscription();
    expect(part(el, 'plan-name')?.textContent).to.equal('Pro plan');
    const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(s.pendingChange?.effectiveAt ?? ''));
    expect(part(el, 'pending')?.textContent).to.contain(`Moves to Standard on ${date}`);
    await expect(el).to.be.accessible();
  });

  it('View stats fires orgkit-usage-details-request and Change plan orgkit-upgrade-request; cancelling keeps a link from navigating', async () => {
    const { el } = await mount('owner', { unit: 'tokens' });
    setTimeout(() => part<HTMLButtonElement>(el, 'stats-link')?.click());
    const stats = await oneEvent(el, 'orgkit-usage-details-request');
    expect(stats.detail).to.deep.equal({ orgId: m.state.orgId, unit: 'tokens' });
    expect(stats.cancelable).to.equal(true);
    setTimeout(() => part<HTMLButtonElement>(el, 'plans-button')?.click());
    const upgrade = await oneEvent(el, 'orgkit-upgrade-request');
    expect(upgrade.detail).to.deep.equal({ orgId: m.state.orgId, reason: 'plan' });

    const before = location.hash;
    const linked = await mount('owner', { statsHref: '#usage-stats', plansHref: '#plans' });
    const link = part<HTMLAnchorElement>(linked.el, 'stats-link');
    expect(link?.tagName).to.equal('A');
    expect(link?.getAttribute('href')).to.equal('#usage-stats');
    const veto = (e: Event) => e.preventDefault();
    linked.el.addEventListener('orgkit-usage-details-request', veto);
    link?.click();
    expect(location.hash, 'a vetoed request does not navigate').to.equal(before);
    linked.el.removeEventListener('orgkit-usage-details-request', veto);
    part<HTMLAnchorElement>(linked.el, 'plans-button')?.click();
    expect(location.hash).to.equal('#plans');
    history.replaceState(null, '', location.pathname + location.search);
    await expect(linked.el).to.be.accessible();
  });

  it('CHG-1 POL-BILLING-OWNER-ONLY an admin is offered Change plan by default, not under the policy', async () => {
    const admin = await mount('admin');
    expect(part(admin.el, 'plans-button')).to.exist;
    expect(part(admin.el, 'stats-link')).to.exist;

    await m.control('/reset', { scenario: 'standard-team', policy: { billingOwnerOnly: true } });
    const restricted = await mount('admin');
    expect(part(restricted.el, 'plans-button')).to.equal(null);
    expect(part(restricted.el, 'stats-link'), 'usage stays readable').to.exist;
    expect(part(restricted.el, 'meters')).to.exist;
    const owner = await mount('owner');
    expect(part(owner.el, 'plans-button')).to.exist;
    await expect(restricted.el).to.be.accessible();
  });

  it('a failed load shows the server\'s message with Retry, and Retry recovers', async () => {
    const { el } = await mount('owner');
    m.backend.faults.failNext = 1;
    el.loader.reload();
    await waitUntil(() => part(el, 'error'), 'shows the error');
    expect(text(el)).to.contain('The server had a problem');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'retry-button')?.click();
    await waitUntil(() => part(el, 'meters'), 'Retry loads the meters');
  });

  it('speaks German with lang="de"', async () => {
    const { el } = await mount('owner', { lang: 'de' });
    expect(part(el, 'plan-name')?.textContent).to.equal('Plan Standard');
    expect(text(el)).to.contain('Wird am');
    expect(text(el)).to.contain('Plätze');
    expect(text(el)).to.contain('Limit erreicht');
    expect(part(el, 'overall')?.textContent?.trim()).to.equal('100% genutzt');
    expect(part(el, 'plans-button')?.textContent).to.contain('Plan ändern');
    await expect(el).to.be.accessible();
  });
});
