/**
 * End to end: the Acme AI demo built by Vite, served by `vite preview`, walked in the system Chromium the way a new
 * integrator would — through the dashboard, the embedded OrgKit tags and the demo's control drawer, against the
 * mock backend in the page's service worker. Then the same smoke run in the React 19 and Vue 3 hosts.
 *
 *   pnpm e2e                                  (builds the demo, ~1 min)
 *   E2E_BASE_URL=http://127.0.0.1:5173 pnpm e2e   (against a demo you already serve with `pnpm demo`)
 *
 * Titles name the rule they prove. Steps within a describe build on each other (one visitor, one journey).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Demo } from './harness.js';
import {
  actAs, clickDrawer, closeDrawer, drawer, drawerNotice, goTo, launchBrowser, newVisitor, open, openDrawer, part, resetTo,
  serveDemo, server, shows, switcher, toasts, view, waitFor, waitText, who,
} from './harness.js';

/**
 * Look through the page on screen, shadow roots included: `loading` — does any element still show its loading
 * state; `keys` — texts that are all "word.word(.word)", i.e. message keys an element could not translate.
 * (A string, so the bundler of this file adds no helpers to code that runs in the page.)
 */
function deep<T>(page: Page, what: 'loading' | 'keys'): Promise<T> {
  return page.evaluate(`(() => {
    const root = document.querySelector('#content > [data-page]:not([hidden])');
    const key = /^[a-z][a-zA-Z]*(\\.[a-zA-Z0-9]+)+$/;
    const keys = [];
    let loading = false;
    const stack = root ? [root] : [];
    while (stack.length) {
      const n = stack.pop();
      for (const el of n.querySelectorAll('*')) {
        if (/(^| )loading( |$)/.test(el.getAttribute('part') || '')) loading = true;
        for (const c of el.childNodes) {
          const t = c.nodeType === 3 ? (c.textContent || '').trim() : '';
          if (t && key.test(t)) keys.push('<' + el.localName + '> ' + t);
        }
        if (el.shadowRoot) stack.push(el.shadowRoot);
      }
    }
    return ${what === 'loading' ? 'loading' : 'keys'};
  })()`) as Promise<T>;
}

let demo: Demo;
let browser: Browser;

before(async () => {
  [demo, browser] = await Promise.all([serveDemo(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** Send an invite through <org-members>' dialog; returns what the dialog or the status said. */
async function invite(page: Page, email: string, role: 'member' | 'builder' | 'admin' = 'member'): Promise<'sent' | string> {
  if ((await page.locator('#content > [data-page="team"]:not([hidden])').count()) === 0) await goTo(page, 'team');
  await part(page, 'org-members', 'invite-button').click();
  const dialog = part(page, 'org-members', 'invite-dialog');
  await dialog.waitFor({ state: 'visible' });
  await part(page, 'org-members', 'invite-email').fill(email);
  await part(page, 'org-members', 'invite-role').selectOption(role);
  await part(page, 'org-members', 'invite-submit').click();
  let outcome = '';
  // One snapshot per poll (the dialog's content goes away as it closes, so no waiting locators here).
  await waitFor(page, `the invite to ${email} to be answered`, async () => {
    const state = await view(page).locator('org-members').evaluate((el) => {
      const root = el.shadowRoot;
      const d = root?.querySelector<HTMLDialogElement>('[part~="invite-dialog"]');
      return { open: d?.open ?? false, error: root?.querySelector('[part~="invite-error"]')?.textContent?.trim() ?? '' };
    });
    outcome = state.error || (state.open ? '' : 'sent');
    return outcome !== '';
  });
  return outcome;
}

/** Pay in the simulated checkout mounted in an element's light DOM (the mock's stand-in for Stripe's). */
async function payInCheckout(page: Page, host: string): Promise<void> {
  const pay = view(page).locator(`${host} orgkit-simulated-checkout [part="pay-button"]`);
  await pay.waitFor({ state: 'visible' });
  await pay.click();
}

describe('plain-HTML host: a new integrator walks the demo', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  before(async () => {
    ({ context, page, errors } = await newVisitor(browser));
  });
  after(async () => {
    await context?.close();
  });

  it('loads the Acme AI dashboard with the tags registered and the host’s client as a property', async () => {
    await open(page, `${demo.url}/index.html`);
    const provider = await page.locator('org-provider').evaluate((el) => ({
      defined: customElements.get('org-members') !== undefined,
      clientIsProperty: typeof (el as HTMLElement & { client?: { session?: unknown } }).client?.session === 'object' && !el.hasAttribute('client'),
      checkout: el.getAttribute('checkout'),
    }));
    assert.deepEqual(provider, { defined: true, clientIsProperty: true, checkout: 'simulated' });
    assert.match(await who(page), /Olivia Brandt · Owner · Acme AI/);
    assert.equal(await page.locator('h1#page-title').textContent(), 'Overview');
    await waitText(part(page, 'usage-meters', 'plan-name'), /Standard/);
  });

  it('every page of tags reads as words: no element shows a raw message key (what a bundler keeps)', async () => {
    const pages = ['overview', 'team', 'billing', 'usage', 'settings', 'organization'] as const;
    const found: string[] = [];
    for (const id of pages) {
      await goTo(page, id);
      await waitFor(page, `the ${id} page to load`, async () => !(await deep<boolean>(page, 'loading')));
      const keys = await deep<string[]>(page, 'keys');
      found.push(...keys.slice(0, 3).map((k) => `${id}: ${k}`)); // a few per page say which element
    }
    await goTo(page, 'overview');
    assert.deepEqual(found, []);
  });

  it('the control drawer opens from the header, takes focus, and Escape closes it and returns focus', async () => {
    const toggle = page.locator('[data-drawer-toggle]');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'demo-drawer');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-drawer-toggle')), true);
  });

  it('resets to a new sign-up on Free and acts as its owner', async () => {
    await resetTo(page, 'fresh-free');
    await actAs(page, /owner/);
    await waitFor(page, 'the header to show the owner', async () => /Sam Carter · Owner · Northwind Labs/.test(await who(page)));
    await goTo(page, 'overview');
    await waitText(part(page, 'usage-meters', 'plan-name'), /Free/);
  });

  it('INV-5 on Free (one seat) an invite is refused with the count and the limit, and an upgrade is offered', async () => {
    const answer = await invite(page, 'ada@northwind.test');
    assert.match(answer, /All 1 seats of your plan are taken \(1 of 1\)/);
    assert.equal(await part(page, 'org-members', 'invite-error').locator('[part~="upgrade-button"]').isVisible(), true);
    const invites = await server<unknown[]>(page, 'c.invites.list(orgId)');
    assert.equal(invites.length, 0);
  });

  it('CHG-3 the upgrade leads to the plan picker; Free → Standard goes through the simulated checkout and applies once paid', async () => {
    await part(page, 'org-members', 'invite-error').locator('[part~="upgrade-button"]').click();
    // The host handles orgkit-upgrade-request: it shows Billing, with the plan picker in view.
    await page.locator('#content > [data-page="billing"]').waitFor({ state: 'visible' });
    assert.match(page.url(), /#\/billing$/);
    await part(page, 'plan-picker', 'card-standard').locator('[part~="choose-button"]').click();
    await payInCheckout(page, 'plan-picker');
    await waitText(part(page, 'plan-picker', 'status'), /Standard/);
    const sub = await server<{ planId: string }>(page, 'c.subscription.get(orgId)');
    assert.equal(sub.planId, 'standard');
    // The element's orgkit-plan-changed reached the host, which says so in a toast.
    await waitFor(page, 'the host’s toast', async () => (await toasts(page)).some((t) => /You are now on Standard\. orgkit-plan-changed/.test(t)));
    await goTo(page, 'overview');
    await waitText(part(page, 'usage-meters', 'plan-name'), /Standard/);
  });

  it('INV-5 on Standard (three seats) two invites fill the seats and the next one is refused', async () => {
    assert.equal(await invite(page, 'ada@northwind.test', 'builder'), 'sent');
    assert.equal(await invite(page, 'ben@northwind.test'), 'sent');
    await waitText(part(page, 'org-members', 'seat-meter'), /3 of 3 seats/);
    assert.match(await invite(page, 'cleo@northwind.test'), /All 3 seats of your plan are taken \(3 of 3\)/);
    await page.keyboard.press('Escape');
    const invites = await server<{ email: string }[]>(page, 'c.invites.list(orgId)');
    assert.deepEqual(invites.map((i) => i.email).sort(), ['ada@northwind.test', 'ben@northwind.test']);
  });

  it('INV-4 after 72 h the invites have expired, no longer hold a seat, and a new invite goes through', async () => {
    await clickDrawer(page, 'clock-+72 h', /The clock moved \+72 h/);
    await goTo(page, 'team');
    await waitFor(page, 'both invites to show as expired', async () => (await part(page, 'org-members', 'invite-expired').count()) === 2);
    assert.equal(await invite(page, 'cleo@northwind.test'), 'sent');
    const invites = await server<{ email: string; status: string }[]>(page, 'c.invites.list(orgId)');
    assert.equal(invites.find((i) => i.email === 'cleo@northwind.test')?.status, 'pending');
  });

  it('CRD-3 usage recorded on a channel and an agent draws from the one pool', async () => {
    await openDrawer(page);
    const before_ = await server<{ balance: number }>(page, 'c.credits.balance(orgId)');
    await drawer(page).locator('[data-test="usage-channel"]').selectOption('widget');
    await waitFor(page, 'the agents to be listed', async () => (await drawer(page).locator('[data-test="usage-agent"] option').count()) > 1);
    await drawer(page).locator('[data-test="usage-agent"]').selectOption({ index: 1 });
    await drawer(page).locator('[data-test="usage-credits"]').fill('120');
    await clickDrawer(page, 'usage-record', /Recorded 120 credits of Widget usage on First assistant/);
    const after_ = await server<{ balance: number }>(page, 'c.credits.balance(orgId)');
    assert.equal(before_.balance - after_.balance, 120);
  });

  it('CRD-5 burning the balance to zero takes the assistants offline — in the elements and in the product', async () => {
    await clickDrawer(page, 'usage-burn-all', /The balance is at zero/);
    await goTo(page, 'overview');
    await waitText(part(page, 'credit-balance', 'offline-alert'), /This assistant is currently offline/);
    assert.equal((await server<{ balance: number; offline: boolean }>(page, 'c.credits.balance(orgId)')).offline, true);
    // The host's own pages read the same API: the agents are offline, the internal assistant refuses.
    await goTo(page, 'agents');
    await waitText(page.locator('[data-test="offline-banner"]'), /Your assistants are offline/);
    await goTo(page, 'conversations');
    await page.locator('#ask').fill('Summarise yesterday’s tickets');
    await page.locator('.composer button[type="submit"]').click();
    await waitText(page.locator('[data-test="assistant-offline"]'), /This assistant is currently offline/);
  });

  it('PKG-3 buying a package (confirm credits and amount) brings the credits back', async () => {
    await goTo(page, 'overview');
    await part(page, 'credit-balance', 'package').first().locator('[part~="buy-button"]').click();
    await waitText(part(page, 'credit-balance', 'confirm-dialog'), /1,000 credits/);
    await part(page, 'credit-balance', 'confirm-button').click();
    // With a saved card it is charged at once; without one the purchase continues in checkout (PKG-3).
    await waitFor(page, 'the purchase to be charged or to open checkout', async () =>
      (await view(page).locator('credit-balance orgkit-simulated-checkout').count()) > 0 || !(await part(page, 'credit-balance', 'confirm-dialog').isVisible()));
    if ((await view(page).locator('credit-balance orgkit-simulated-checkout').count()) > 0) await payInCheckout(page, 'credit-balance');
    await waitFor(page, 'the offline alert to go', async () => (await part(page, 'credit-balance', 'offline-alert').count()) === 0);
    const b = await server<{ balance: number; offline: boolean }>(page, 'c.credits.balance(orgId)');
    assert.deepEqual({ balance: b.balance, offline: b.offline }, { balance: 1000, offline: false });
  });

  it('PKG-4 a purchase with a card that stays pending grants nothing until the drawer settles the payment', async () => {
    await openDrawer(page);
    await drawer(page).locator('[data-test="saved-card"]').selectOption('pending');
    await clickDrawer(page, 'saved-card-apply', /answers “pending”/);
    await closeDrawer(page);
    await part(page, 'credit-balance', 'package').first().locator('[part~="buy-button"]').click();
    await part(page, 'credit-balance', 'confirm-button').click();
    await waitText(part(page, 'credit-balance', 'pending'), /./);
    assert.equal((await server<{ balance: number }>(page, 'c.credits.balance(orgId)')).balance, 1000);
    await openDrawer(page);
    await drawer(page).locator('[data-test="pending-payment"] [data-test="settle"]').click();
    await drawerNotice(page, /The payment was collected/);
    assert.equal((await server<{ balance: number }>(page, 'c.credits.balance(orgId)')).balance, 2000);
  });

  it('ROLE-4 a builder sees the member list read-only, no settings and a read-only plan', async () => {
    await resetTo(page, 'pending-downgrade');
    await actAs(page, /Bea Huber/);
    await waitFor(page, 'the header to show the builder', async () => /Bea Huber · Builder · Acme AI/.test(await who(page)));
    await goTo(page, 'team');
    await waitFor(page, 'the member list', async () => (await part(page, 'org-members', 'row').count()) >= 5);
    assert.equal(await part(page, 'org-members', 'invite-button').count(), 0);
    assert.equal(await part(page, 'org-members', 'role-select').count(), 0);
    await goTo(page, 'settings');
    await shows(page, 'org-settings', 'no-access');
    await goTo(page, 'billing');
    await part(page, 'plan-picker', 'read-only').waitFor({ state: 'visible' });
  });

  it('ROLE-5 a member sees calm no-access states and never data, in every element and in the product', async () => {
    await actAs(page, /Marco Rossi/);
    await waitFor(page, 'the header to show the member', async () => /Marco Rossi · Member · Acme AI/.test(await who(page)));
    await closeDrawer(page);
    // (<residency-select> sits inside <org-settings>, whose no-access state replaces it.)
    const tags = ['usage-meters', 'credit-balance', 'org-members', 'plan-picker', 'invoice-list', 'usage-chart', 'spend-caps', 'org-settings'];
    const panels = { overview: ['usage-meters', 'credit-balance'], team: ['org-members'], billing: ['plan-picker', 'credit-balance', 'invoice-list'], usage: ['usage-chart', 'spend-caps'], settings: ['org-settings'] } as const;
    for (const [id, names] of Object.entries(panels)) {
      await goTo(page, id as keyof typeof panels);
      for (const name of names) await shows(page, name, 'no-access');
    }
    assert.deepEqual(new Set(Object.values(panels).flat()), new Set(tags));
    assert.equal(await part(page, 'org-members', 'row').count(), 0);
    await goTo(page, 'agents');
    await page.locator('[data-test="page-no-access"]').waitFor({ state: 'visible' });
  });

  it('state survives a reload: the scenario, the acting person and the open drawer', async () => {
    await openDrawer(page);
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    assert.match(await who(page), /Marco Rossi · Member · Acme AI/);
    assert.equal(await drawer(page).evaluate((el) => el.classList.contains('open')), true);
    assert.equal(await drawer(page).locator('[data-test="scenario"]').inputValue(), 'pending-downgrade');
    await closeDrawer(page);
  });

  it('faults: an offline network shows each element’s error with Retry, and clearing it recovers', async () => {
    await actAs(page, /Olivia Brandt/);
    await drawer(page).locator('[data-test="fault-offline"]').check();
    await clickDrawer(page, 'faults-apply', /Faults applied/);
    await waitText(page.locator('.fault-badge'), /Offline/);
    await goTo(page, 'team');
    await part(page, 'org-members', 'error').locator('[part~="retry-button"]').waitFor({ state: 'visible' });
    await clickDrawer(page, 'faults-clear', /Faults cleared/);
    await closeDrawer(page);
    await waitFor(page, 'the members to load again', async () => (await part(page, 'org-members', 'row').count()) >= 5);
  });

  it('the embed snippet shows the provider and exactly the tags on screen, ready to copy', async () => {
    await goTo(page, 'team');
    await page.locator('[data-snippet-open]').click();
    const code = page.locator('[data-test="snippet-code"]');
    await waitText(code, /<org-provider checkout="simulated" org="[^"]+">/);
    const text = (await code.textContent()) ?? '';
    assert.match(text, /import '@orgkit\/elements\/define'/);
    assert.match(text, /<org-switcher><\/org-switcher>\n\s*<org-members><\/org-members>/);
    assert.doesNotMatch(text, /<plan-picker>/); // not on screen in this tab
    await page.locator('#snippet-dialog [role="tab"][data-flavor="react"]').click();
    assert.match((await code.textContent()) ?? '', /onorgkit-org-changed=\{\(e\) => setOrgId\(e\.detail\.orgId\)\}/);
    await page.keyboard.press('Escape');
    // A tag slotted into another is shown where it sits.
    await goTo(page, 'settings');
    await page.locator('[data-snippet-open]').click();
    await page.locator('#snippet-dialog [role="tab"][data-flavor="html"]').click();
    assert.match((await code.textContent()) ?? '', /<org-settings>\n\s+<residency-select slot="server-location"><\/residency-select>\n\s+<\/org-settings>/);
    await page.keyboard.press('Escape');
  });

  it('ORG-3 My Organization is one <org-console>: its tab is in the URL, and a reload opens the same tab', async () => {
    await goTo(page, 'organization');
    const console_ = view(page).locator('org-console');
    // Olivia is the owner: all four tabs.
    await waitFor(page, 'the console’s tabs', async () => (await console_.locator('[part~="tab"]').count()) === 4);
    await console_.locator('[part~="tab-plans"]').click();
    await waitFor(page, 'the URL to name the tab', async () => page.url().endsWith('#/organization/plans'));
    await view(page).locator('org-console plan-picker [part~="card-standard"]').waitFor({ state: 'visible' });
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await view(page).locator('org-console').getAttribute('tab'), 'plans');
    await view(page).locator('org-console plan-picker [part~="card-standard"]').waitFor({ state: 'visible' });
    // A builder has no General tab (no settings.read): the console offers only what the role may see.
    await actAs(page, /Bea Huber/);
    await closeDrawer(page);
    await waitFor(page, 'the builder’s tabs', async () => (await console_.locator('[part~="tab"]').count()) === 3);
    assert.equal(await console_.locator('[part~="tab-general"]').count(), 0);
    assert.deepEqual(errors, []);
  });
});

/**
 * The same smoke run in a framework host: load, the client set as a property, the owner sees the members, a purchase
 * whose event the framework renders as a toast, the builder loses access, and an organization switch reflected in
 * the framework's state.
 */
function frameworkSmoke(name: 'React 19' | 'Vue 3', path: string, eventTest: string) {
  describe(`${name} host: the same tags through ${name}'s property and event binding`, () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];

    before(async () => {
      ({ context, page, errors } = await newVisitor(browser));
    });
    after(async () => {
      await context?.close();
    });

    it(`loads, with <org-provider>'s client set as a property by ${name}`, async () => {
      await open(page, `${demo.url}/${path}?scenario=standard-team&as=owner#/overview`);
      const clientIsProperty = await page.locator('org-provider').evaluate((el) =>
        typeof (el as HTMLElement & { client?: { session?: unknown } }).client?.session === 'object' && !el.hasAttribute('client'));
      assert.equal(clientIsProperty, true);
      await waitText(part(page, 'usage-meters', 'plan-name'), /Standard/);
      // The embed snippet speaks this host's language, with the provider's settings however they were bound.
      await page.locator('[data-snippet-open]').click();
      const code = (await page.locator('[data-test="snippet-code"]').textContent()) ?? '';
      assert.match(code, name === 'React 19' ? /<org-provider client=\{client\} checkout="simulated" org=\{orgId\}/ : /<org-provider :client\.prop="client" checkout="simulated" :org="orgId"/);
      await page.keyboard.press('Escape');
      assert.match(code, /<usage-meters plans-href="#\/billing" stats-href="#\/usage"[^>]*><\/usage-meters>\n\s+<credit-balance><\/credit-balance>/);
    });

    it('ROLE-2 the owner sees every member and may invite', async () => {
      await waitFor(page, 'the header to show the owner', async () => /Olivia Brandt · Owner · Acme AI/.test(await who(page)));
      await goTo(page, 'team');
      await waitFor(page, 'three member rows', async () => (await part(page, 'org-members', 'row').count()) === 3);
      await part(page, 'org-members', 'invite-button').waitFor({ state: 'visible' });
    });

    it(`PKG-3 a purchase fires orgkit-credits-purchased, which ${name} renders as a toast`, async () => {
      await goTo(page, 'overview');
      const before_ = await server<{ balance: number }>(page, 'c.credits.balance(orgId)');
      await part(page, 'credit-balance', 'package').first().locator('[part~="buy-button"]').click();
      await part(page, 'credit-balance', 'confirm-button').click();
      await waitFor(page, `${name}'s toast`, async () => (await toasts(page)).some((t) => /1,000 credits added\. orgkit-credits-purchased/.test(t)));
      await waitText(page.locator(`[data-test="${eventTest}"]`), /orgkit-credits-purchased/);
      assert.equal((await server<{ balance: number }>(page, 'c.credits.balance(orgId)')).balance, before_.balance + 1000);
    });

    it('ROLE-4 acting as the builder, the same page loses the invite button and the settings', async () => {
      await goTo(page, 'team');
      await actAs(page, /Bea Huber/);
      await closeDrawer(page);
      await waitFor(page, 'the invite button to go', async () => (await part(page, 'org-members', 'invite-button').count()) === 0);
      assert.equal(await part(page, 'org-members', 'row').count(), 3);
      await goTo(page, 'settings');
      await shows(page, 'org-settings', 'no-access');
    });

    it(`ORG-9 switching organization in <org-switcher> fires orgkit-org-changed, which ${name} state shows in the header`, async () => {
      await resetTo(page, 'multi-org');
      await closeDrawer(page);
      await waitFor(page, 'Lea in her own organization', async () => /Lea Schmid · Owner · Schmid Consulting/.test(await who(page)));
      const select = switcher(page);
      const globex = await select.evaluate((el) => [...(el as HTMLSelectElement).options].find((o) => o.text.includes('Globex'))?.value ?? '');
      await select.selectOption(globex);
      await waitFor(page, 'the header to follow the switch', async () => /Lea Schmid · Builder · Globex/.test(await who(page)));
      await waitText(page.locator(`[data-test="${eventTest}"]`), new RegExp(`orgkit-org-changed → ${globex}`));
      // …and the framework binds its state back: the provider's org is the one chosen.
      assert.equal(await page.locator('org-provider').getAttribute('org'), globex);
      await goTo(page, 'team');
      await waitFor(page, 'the builder’s read-only list', async () => (await part(page, 'org-members', 'row').count()) > 0);
      assert.equal(await part(page, 'org-members', 'invite-button').count(), 0);
      assert.deepEqual(errors, []);
    });
  });
}

frameworkSmoke('React 19', 'react.html', 'react-last-event');
frameworkSmoke('Vue 3', 'vue.html', 'vue-last-event');
