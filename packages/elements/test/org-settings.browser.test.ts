import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { OrgKitClient } from '@orgkit/client';
import type { Settings } from '@orgkit/contract';
import type { OrgProvider } from '../src/index.js';
import { OrgSettings } from '../src/org-settings.js';
import type { LogoUploadRequestDetail } from '../src/org-settings.js';
import { defineElement } from '../src/registry.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('org-settings', OrgSettings);

let m: Mock;

async function mount(who: string, client = m.clientFor(who)): Promise<{ provider: OrgProvider; el: OrgSettings }> {
  const provider = await fixture<OrgProvider>(html`<org-provider .client=${client}><org-settings></org-settings></org-provider>`);
  const el = provider.querySelector('org-settings') as OrgSettings;
  await settled(el);
  return { provider, el };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = shadow(el).querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};

/** Type into an input as a user does (value + input event), then let the element render. */
async function type(el: OrgSettings, selector: string, value: string): Promise<HTMLInputElement> {
  const input = $<HTMLInputElement>(el, selector);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  return input;
}

async function toggle(el: OrgSettings, selector: string): Promise<HTMLInputElement> {
  const input = $<HTMLInputElement>(el, selector);
  input.click(); // what Space or a click does to a checkbox: toggles and fires change
  await el.updateComplete;
  return input;
}

async function save(el: OrgSettings, section: string): Promise<void> {
  const button = $<HTMLButtonElement>(el, `[part~="save-${section}"]`);
  expect(button.disabled, `Save of ${section} is enabled`).to.equal(false);
  button.click();
  await el.updateComplete;
}

const status = (el: OrgSettings, section: string) => $(el, `[part~="section-${section}"] [part="status"]`).textContent?.trim() ?? '';
const fieldError = (el: OrgSettings, id: string) => shadow(el).querySelector(`#${id}-error`)?.textContent?.trim() ?? '';
const server = (): Settings => m.backend.engine.query({ kind: 'system' }, 'settings.get', { orgId: m.state.orgId });

/** A File of `bytes` bytes, chosen in the file picker as a user does. */
async function pickFile(el: OrgSettings, name: string, type_: string, bytes: number): Promise<HTMLInputElement> {
  const input = $<HTMLInputElement>(el, '#profile-logoFile');
  const transfer = new DataTransfer();
  transfer.items.add(new File([new Uint8Array(bytes)], name, { type: type_ }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
  return input;
}

describe('<org-settings>', () => {
  beforeEach(async () => {
    m = await mock('standard-team');
  });
  afterEach(() => m.stop());

  it('with a control in the server-location slot the section shows one heading and one current setting', async () => {
    const provider = await fixture<OrgProvider>(
      html`<org-provider .client=${m.clientFor('owner')}><org-settings><span slot="server-location">Server location control</span></org-settings></org-provider>`,
    );
    const el = provider.querySelector('org-settings') as OrgSettings;
    await settled(el);
    await waitUntil(() => !shadow(el).querySelector('[part~="location-current"]'), 'the slotted control replaces the current-setting line');
    expect($(el, '#location-title').classList.contains('sr-only'), 'the heading stays for the section label, visually hidden').to.equal(true);
    el.querySelector('span')?.remove();
    await waitUntil(() => shadow(el).querySelector('[part~="location-current"]'), 'without the control the current setting shows again');
    expect($(el, '#location-title').classList.contains('sr-only')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  describe('ORG-3 who sees the General page', () => {
    it('ORG-3 ORG-2 the owner sees every section, the read-only organization ID with Copy, and the danger zone', async () => {
      const { el } = await mount('owner');
      const id = $<HTMLInputElement>(el, '#org-id');
      expect(id.value).to.equal('acme-ai');
      expect(id.readOnly).to.equal(true);
      for (const section of ['profile', 'billing', 'notifications', 'features', 'visibility', 'location']) {
        expect(shadow(el).querySelector(`[part~="section-${section}"]`), section).to.exist;
      }
      expect($<HTMLInputElement>(el, '#profile-name').value).to.equal('Acme AI');
      expect($<HTMLInputElement>(el, '#billing-city').value).to.equal('Zürich');
      expect($<HTMLSelectElement>(el, '#billing-country').value).to.equal('CH');
      expect(text(el)).to.contain('Current setting: No restriction');
      expect(shadow(el).querySelector('[part~="danger-zone"]')).to.exist;
      await expect(el).to.be.accessible();

      const clipboard = navigator.clipboard as Clipboard & { writeText: (t: string) => Promise<void> };
      let copied = '';
      clipboard.writeText = (t: string) => {
        copied = t;
        return Promise.resolve();
      };
      try {
        $<HTMLButtonElement>(el, '[part~="copy-button"]').click();
        await waitUntil(() => text(el).includes('Organization ID copied.'));
        expect(copied).to.equal('acme-ai');
      } finally {
        delete (clipboard as Partial<typeof clipboard>).writeText;
      }
    });

    it('ORG-3 ORG-2 an admin sees and edits the page; the organization ID is not editable', async () => {
      const { el } = await mount('admin');
      expect($<HTMLInputElement>(el, '#org-id').readOnly).to.equal(true);
      await type(el, '#profile-name', 'Acme AI Group');
      await save(el, 'profile');
      await waitUntil(() => status(el, 'profile') === 'Saved.', 'says Saved.');
      expect(server().name).to.equal('Acme AI Group');
      expect(server().slug, 'the slug never changes').to.equal('acme-ai');
      await expect(el).to.be.accessible();
    });

    it('ORG-3 a builder sees the no-access state, never the settings', async () => {
      const { el } = await mount('builder');
      expect(shadow(el).querySelector('[part~="no-access"]')).to.exist;
      expect(text(el)).to.contain('Not available to you');
      expect(text(el)).not.to.contain('acme-ai');
      expect(shadow(el).querySelector('form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('ORG-3 a member sees the no-access state for internal-chat-only roles', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      const { el } = await mount('member');
      expect(shadow(el).querySelector('[part~="no-access"]')).to.exist;
      expect(text(el)).to.contain('internal chat only');
      expect(shadow(el).querySelector('form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('ORG-3 ROLE-7 a deactivated member sees "organization access blocked"', async () => {
      m.stop();
      m = await mock('pending-downgrade');
      await m.control('/clock', { to: 'period_end' });
      const gone = m.backend.engine.query({ kind: 'system' }, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
      const token = m.state.people.find((p) => p.userId === gone?.userId)?.token ?? '';
      const { el } = await mount('', new OrgKitClient({ getAuthToken: () => token, maxRetries: 0 }));
      expect(shadow(el).querySelector('[part~="blocked"]')).to.exist;
      expect(text(el)).to.contain('Organization access blocked');
      expect(shadow(el).querySelector('form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('a failed load shows the message table text with Retry, and Retry recovers', async () => {
      m.backend.faults.failNext = 1;
      const { el } = await mount('owner');
      await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'shows the error');
      expect(text(el)).to.contain('The server had a problem');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '[part="retry-button"]').click();
      await waitUntil(() => shadow(el).querySelector('#org-id'), 'Retry loads the settings');
    });
  });

  describe('ORG-4 the organization name', () => {
    it('ORG-4 client-side: < > and URLs are flagged while typing, nothing is sent, the input keeps what was typed', async () => {
      const { el } = await mount('owner');
      let input = await type(el, '#profile-name', 'Acme <b>AI</b>');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(fieldError(el, 'profile-name')).to.equal('The name cannot contain < or >.');
      expect(input.getAttribute('aria-describedby')).to.contain('profile-name-error');
      await save(el, 'profile');
      expect(text(el)).to.contain('Some fields need your attention. Nothing was saved.');
      expect(input.value).to.equal('Acme <b>AI</b>');
      expect(shadow(el).activeElement === input, 'focus stays in the name').to.equal(true);
      expect(server().name, 'no round trip').to.equal('Acme AI');

      await type(el, '#profile-name', 'Acme https://acme.ch');
      expect(fieldError(el, 'profile-name')).to.contain('cannot contain a web address');
      input = await type(el, '#profile-name', '   ');
      input.dispatchEvent(new Event('blur'));
      await el.updateComplete;
      expect(fieldError(el, 'profile-name')).to.equal('Enter a name for the organization.');
      await type(el, '#profile-name', 'x'.repeat(101));
      expect(fieldError(el, 'profile-name')).to.contain('at most 100 characters');
      await expect(el).to.be.accessible();

      // A bare domain is a fine name (ORG-4): the error goes while typing, and it saves (trimmed).
      input = await type(el, '#profile-name', '  acme.ch ');
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      expect(fieldError(el, 'profile-name')).to.equal('');
      const saved = oneEvent(el, 'orgkit-settings-saved');
      await save(el, 'profile');
      expect((await saved).detail).to.deep.equal({ orgId: m.state.orgId, fields: ['name'] });
      await waitUntil(() => status(el, 'profile') === 'Saved.');
      expect(server().name).to.equal('acme.ch');
    });

    it('ORG-4 server-side: the server\'s invalid_org_name is shown inline at the name, with the input kept', async () => {
      // A host backend is the authority: here a request reaches it with a name it refuses (the mock answers for real).
      const token = m.person('owner').token;
      const client = new OrgKitClient({
        getAuthToken: () => token,
        maxRetries: 0,
        fetch: ((url: RequestInfo | URL, init?: RequestInit) => {
          if (init?.method === 'PATCH' && typeof init.body === 'string') {
            const body = JSON.parse(init.body) as { name?: string };
            if (body.name) body.name = `${body.name} <script>`;
            return fetch(url, { ...init, body: JSON.stringify(body) });
          }
          return fetch(url, init);
        }) as typeof fetch,
      });
      const { el } = await mount('owner', client);
      const input = await type(el, '#profile-name', 'Acme Labs');
      await save(el, 'profile');
      await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'the name is marked invalid');
      expect(fieldError(el, 'profile-name')).to.contain('This organization name is not allowed');
      expect(input.value).to.equal('Acme Labs');
      expect(el.hasUnsaved, 'the draft is kept').to.equal(true);
      expect(server().name).to.equal('Acme AI');
      await expect(el).to.be.accessible();
    });
  });

  describe('saving sections', () => {
    it('ORG-5 the billing identity is saved, propagated to the payment provider (providerSyncs grows) and confirmed', async () => {
      const before = server();
      const { el } = await mount('owner');
      await type(el, '#billing-city', 'Basel');
      await type(el, '#billing-postalCode', '4051');
      await type(el, '#billing-taxId', 'CHE-999.888.777 MWST');
      expect(text(el)).to.contain('Unsaved changes');
      const saved = oneEvent(el, 'orgkit-settings-saved');
      await save(el, 'billing');
      const ev = await saved;
      expect(ev.detail.fields).to.have.members(['billingIdentity.postalCode', 'billingIdentity.city', 'billingIdentity.taxId']);
      await waitUntil(() => status(el, 'billing') === 'Saved. The payment provider was updated.');
      const after = server();
      expect(after.billingIdentity).to.deep.equal({ ...before.billingIdentity, city: 'Basel', postalCode: '4051', taxId: 'CHE-999.888.777 MWST' });
      expect(after.providerSyncs).to.equal(before.providerSyncs + 1);
      expect(el.hasUnsaved).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('ORG-5 a first billing identity on a new organization (fresh-free)', async () => {
      m.stop();
      m = await mock('fresh-free');
      const { el } = await mount('owner');
      expect(text(el)).to.contain('No billing identity yet');
      expect(server().billingIdentity).to.equal(null);
      await type(el, '#billing-email', 'Billing@Northwind.test');
      await type(el, '#billing-name', 'Northwind Labs Inc.');
      await type(el, '#billing-address', '1 Market St');
      await type(el, '#billing-postalCode', '94105');
      await type(el, '#billing-city', 'San Francisco');
      const country = $<HTMLSelectElement>(el, '#billing-country');
      country.value = 'US';
      country.dispatchEvent(new Event('change'));
      await el.updateComplete;
      await save(el, 'billing');
      await waitUntil(() => status(el, 'billing').startsWith('Saved.'));
      expect(server().billingIdentity).to.deep.equal({
        email: 'billing@northwind.test', name: 'Northwind Labs Inc.', country: 'US', address: '1 Market St', postalCode: '94105', city: 'San Francisco', taxId: null,
      });
      expect(server().providerSyncs).to.equal(1);
    });

    it('ORG-5 validation_failed names the fields: each input is marked with its error, inputs are kept, nothing is synced', async () => {
      const before = server();
      const { el } = await mount('owner');
      const email = await type(el, '#billing-email', 'not-an-email');
      const postal = await type(el, '#billing-postalCode', '   ');
      await save(el, 'billing');
      await waitUntil(() => email.getAttribute('aria-invalid') === 'true', 'the email is marked');
      expect(fieldError(el, 'billing-email')).to.equal('Enter a valid email address.');
      expect(postal.getAttribute('aria-invalid')).to.equal('true');
      expect(fieldError(el, 'billing-postalCode')).to.equal('Postal code is required.');
      expect($<HTMLInputElement>(el, '#billing-city').getAttribute('aria-invalid')).to.equal('false');
      expect(text(el)).to.contain('Some fields need your attention');
      expect(email.value).to.equal('not-an-email');
      expect(shadow(el).activeElement === email, 'focus moves to the first invalid field').to.equal(true);
      expect(server().providerSyncs).to.equal(before.providerSyncs);
      expect(server().billingIdentity).to.deep.equal(before.billingIdentity);
      await expect(el).to.be.accessible();
    });

    it('ORG-2 the notification email and the logo URL are saved; a bad value is shown at its input', async () => {
      const { el } = await mount('admin');
      const notify = await type(el, '#notifications-notificationEmail', 'alerts@');
      await save(el, 'notifications');
      await waitUntil(() => notify.getAttribute('aria-invalid') === 'true');
      expect(fieldError(el, 'notifications-notificationEmail')).to.equal('Enter a valid email address.');
      await type(el, '#notifications-notificationEmail', 'Alerts@Acme-AI.test');
      await save(el, 'notifications');
      await waitUntil(() => status(el, 'notifications') === 'Saved.');
      expect(server().notificationEmail).to.equal('alerts@acme-ai.test');

      const logo = await type(el, '#profile-logoUrl', 'ftp://files.acme-ai.test/logo.png');
      await save(el, 'profile');
      await waitUntil(() => logo.getAttribute('aria-invalid') === 'true');
      expect(fieldError(el, 'profile-logoUrl')).to.contain('https://');
      expect(server().logoUrl).to.equal(null);
      await type(el, '#profile-logoUrl', `${location.origin}/logo.png`);
      await save(el, 'profile');
      await waitUntil(() => status(el, 'profile') === 'Saved.');
      expect(server().logoUrl).to.equal(`${location.origin}/logo.png`);
      expect($<HTMLImageElement>(el, '[part~="logo-preview"]').alt).to.equal('Current logo');
    });

    it('ORG-6 Regular and Endless Chat are labelled switches, saved on/off', async () => {
      const { el } = await mount('owner');
      const regular = $<HTMLInputElement>(el, '#features-regularChat');
      const endless = $<HTMLInputElement>(el, '#features-endlessChat');
      expect(regular.getAttribute('role')).to.equal('switch');
      expect(shadow(el).querySelector('label[for="features-endlessChat"]')?.textContent?.trim()).to.equal('Endless Chat');
      expect([regular.checked, endless.checked]).to.deep.equal([server().features.regularChat, server().features.endlessChat]);
      const was = server().features;
      await toggle(el, '#features-endlessChat');
      await toggle(el, '#features-regularChat');
      await save(el, 'features');
      await waitUntil(() => status(el, 'features') === 'Saved.');
      expect(server().features).to.deep.equal({ regularChat: !was.regularChat, endlessChat: !was.endlessChat });
      await toggle(el, '#features-regularChat');
      await save(el, 'features');
      await waitUntil(() => server().features.regularChat === was.regularChat, 'and back');
      await expect(el).to.be.accessible();
    });

    it('ORG-7 internal chat visibility: a radio choice with the note that it applies only to chats created from now on', async () => {
      const before = m.backend.engine.run({ kind: 'user', userId: m.person('builder').userId }, 'chat.create', { orgId: m.state.orgId, title: 'Before', message: 'Hi' });
      const { el } = await mount('owner');
      expect(server().internalChatVisibility).to.equal('private');
      expect($<HTMLInputElement>(el, '#visibility-private').checked).to.equal(true);
      expect(text(el)).to.contain('A change applies only to chats created from now on');
      expect($(el, 'fieldset[aria-describedby="visibility-note"]')).to.exist;
      const full = $<HTMLInputElement>(el, '#visibility-full');
      full.click();
      await el.updateComplete;
      await save(el, 'visibility');
      await waitUntil(() => status(el, 'visibility') === 'Saved.');
      expect(server().internalChatVisibility).to.equal('full');
      await expect(el).to.be.accessible();
      // Forward only: a chat created before the change keeps `private`; one created after takes `full`.
      const builder = { kind: 'user' as const, userId: m.person('builder').userId };
      const after = m.backend.engine.run(builder, 'chat.create', { orgId: m.state.orgId, title: 'After', message: 'Hello' });
      const chats = m.backend.engine.query({ kind: 'system' }, 'chats.list', { orgId: m.state.orgId, scope: 'all' });
      expect(chats.find((c) => c.id === before.id)?.visibility).to.equal('private');
      expect(chats.find((c) => c.id === after.id)?.visibility).to.equal('full');
    });

    it('a save that fails for another reason keeps the input and says why in the section', async () => {
      const { el } = await mount('owner');
      const input = await type(el, '#profile-name', 'Acme Robotics');
      m.backend.faults.failNext = 1;
      await save(el, 'profile');
      await waitUntil(() => shadow(el).querySelector('[part~="section-profile"] [part~="section-error"]'));
      expect(text(el)).to.contain('The server had a problem');
      expect(input.value).to.equal('Acme Robotics');
      expect(el.hasUnsaved).to.equal(true);
      await save(el, 'profile');
      await waitUntil(() => server().name === 'Acme Robotics', 'saving again works');
    });
  });

  describe('unsaved changes are never lost silently', () => {
    it('an edit marks the section, warns before unload, and Discard restores the saved value', async () => {
      const { el } = await mount('owner');
      const unload = () => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      };
      expect(unload()).to.equal(false);
      expect($<HTMLButtonElement>(el, '[part~="save-profile"]').disabled, 'nothing to save yet').to.equal(true);
      await type(el, '#profile-name', 'Acme Unsaved');
      expect(el.hasUnsaved).to.equal(true);
      expect($(el, '[part~="section-profile"]').textContent).to.contain('Unsaved changes');
      expect(unload(), 'the page warns before unloading').to.equal(true);
      $<HTMLButtonElement>(el, '[part~="section-profile"] [part~="discard-button"]').click();
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#profile-name').value).to.equal('Acme AI');
      expect(unload()).to.equal(false);
      // Typing the saved value back is not a change either.
      await type(el, '#billing-city', 'Bern');
      await type(el, '#billing-city', 'Zürich');
      expect(el.hasUnsaved).to.equal(false);
    });

    it('switching organization while editing keeps the draft and offers Keep editing or Discard', async () => {
      m.stop();
      m = await mock('multi-org');
      const lea = m.person('lea@schmid.test');
      const memberships = m.backend.engine.query({ kind: 'user', userId: lea.userId }, 'session', {}).memberships;
      const schmid = memberships.find((x) => x.role === 'owner')?.orgId ?? '';
      const acme = memberships.find((x) => x.role === 'admin')?.orgId ?? '';
      const { provider, el } = await mount('lea@schmid.test');
      expect($<HTMLInputElement>(el, '#profile-name').value).to.equal('Schmid Consulting');
      await type(el, '#profile-name', 'Schmid Partners');

      provider.org = acme;
      await waitUntil(() => shadow(el).querySelector('[part~="unsaved-notice"]'), 'a notice instead of dropping the draft');
      expect(text(el)).to.contain('Unsaved changes for Schmid Consulting').and.contain('Organization');
      expect(shadow(el).querySelector('#profile-name'), 'the other organization is not mixed in').to.equal(null);
      await expect(el).to.be.accessible();

      $<HTMLButtonElement>(el, '[part~="keep-editing-button"]').click();
      await waitUntil(() => provider.org === schmid && shadow(el).querySelector<HTMLInputElement>('#profile-name')?.value === 'Schmid Partners', 'back to Schmid, with the draft');
      expect(el.hasUnsaved).to.equal(true);

      provider.org = acme;
      await waitUntil(() => shadow(el).querySelector('[part~="unsaved-notice"]'));
      $<HTMLButtonElement>(el, '[part~="unsaved-notice"] [part~="discard-button"]').click();
      await waitUntil(() => shadow(el).querySelector<HTMLInputElement>('#profile-name')?.value === 'Acme AI', 'Acme\'s settings after Discard');
      expect(el.hasUnsaved).to.equal(false);
      expect(m.backend.engine.query({ kind: 'system' }, 'settings.get', { orgId: schmid }).name).to.equal('Schmid Consulting');
    });
  });

  describe('ORG-8 deleting the organization', () => {
    it('ORG-8 owner: typed confirmation enables Delete; request then deleted events; the organization is gone; focus returns', async () => {
      const { provider, el } = await mount('owner');
      const opener = $<HTMLButtonElement>(el, '[part~="delete-button"]');
      opener.focus();
      opener.click();
      await el.updateComplete;
      const dialog = $<HTMLDialogElement>(el, '[part~="delete-dialog"]');
      expect(dialog.open).to.equal(true);
      expect(shadow(el).activeElement?.id, 'focus in the confirmation input').to.equal('delete-confirm');
      await expect(el).to.be.accessible();
      const confirm = $<HTMLButtonElement>(el, '[part~="confirm-delete-button"]');
      expect(confirm.disabled).to.equal(true);
      await type(el, '#delete-confirm', 'Acme AI');
      expect(confirm.disabled, 'the name is not the ID').to.equal(true);
      await type(el, '#delete-confirm', 'acme-a');
      expect(confirm.disabled).to.equal(true);
      await type(el, '#delete-confirm', 'acme-ai');
      expect(confirm.disabled).to.equal(false);

      const requested = oneEvent(provider, 'orgkit-org-delete-request');
      const deleted = oneEvent(provider, 'orgkit-org-deleted');
      confirm.click();
      expect((await requested).detail.orgId).to.equal(m.state.orgId);
      expect((await deleted).detail.orgId).to.equal(m.state.orgId);
      expect(() => server(), 'the organization is gone on the server').to.throw();
      await waitUntil(() => text(el).includes('Acme AI was deleted.'));
      expect(dialog.open).to.equal(false);
      await waitUntil(() => shadow(el).activeElement !== null, 'focus returned to the page');
    });

    it('ORG-8 an admin has no danger zone and no delete dialog', async () => {
      const { el } = await mount('admin');
      expect(el.ctx?.capabilities).not.to.include('org.delete');
      expect(shadow(el).querySelector('[part~="danger-zone"]')).to.equal(null);
      expect(shadow(el).querySelector('[part~="delete-dialog"]')).to.equal(null);
      expect(text(el)).not.to.contain('Delete organization');
    });

    it('ORG-8 a host vetoes the deletion: nothing is deleted, the dialog closes and focus returns to its button', async () => {
      const { provider, el } = await mount('owner');
      provider.addEventListener('orgkit-org-delete-request', (e) => e.preventDefault(), { once: true });
      let deletedFired = false;
      provider.addEventListener('orgkit-org-deleted', () => (deletedFired = true));
      const opener = $<HTMLButtonElement>(el, '[part~="delete-button"]');
      opener.click();
      await el.updateComplete;
      await type(el, '#delete-confirm', 'acme-ai');
      $<HTMLFormElement>(el, '[part~="delete-dialog"] form').requestSubmit(); // Enter in the input
      await waitUntil(() => !$<HTMLDialogElement>(el, '[part~="delete-dialog"]').open, 'the dialog closes');
      await waitUntil(() => shadow(el).activeElement === opener, 'focus returns to the Delete button');
      expect(server().slug, 'the organization still exists').to.equal('acme-ai');
      expect(deletedFired).to.equal(false);
      expect(text(el)).to.contain('Deleting was stopped by the app');
    });

    it('ORG-8 Cancel closes the dialog, clears the typed ID and returns focus', async () => {
      const { el } = await mount('owner');
      const opener = $<HTMLButtonElement>(el, '[part~="delete-button"]');
      opener.click();
      await el.updateComplete;
      await type(el, '#delete-confirm', 'acme-ai');
      $<HTMLButtonElement>(el, '[part~="delete-dialog"] .actions button:not([part])').click();
      expect($<HTMLDialogElement>(el, '[part~="delete-dialog"]').open).to.equal(false);
      await waitUntil(() => shadow(el).activeElement === opener, 'focus returns to the Delete button');
      opener.click();
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#delete-confirm').value).to.equal('');
      expect(server().slug).to.equal('acme-ai');
    });
  });

  describe('logo file', () => {
    it('checks the image type and size with clear errors', async () => {
      const { el } = await mount('owner');
      let input = await pickFile(el, 'logo.gif', 'image/gif', 2_000);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(fieldError(el, 'profile-logoFile')).to.equal('“logo.gif” is not a PNG, JPEG, SVG or WebP image.');
      input = await pickFile(el, 'huge.png', 'image/png', 1024 * 1024 + 1);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.value, 'the refused file is not kept').to.equal('');
      expect(fieldError(el, 'profile-logoFile')).to.contain('“huge.png” is 1.1 MB').and.contain('at most 1 MB');
      await expect(el).to.be.accessible();
    });

    it('with no host handling uploads, a valid image is previewed and the element says the host uploads files', async () => {
      const { el } = await mount('owner');
      const input = await pickFile(el, 'logo.png', 'image/png', 10_000);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      expect($<HTMLImageElement>(el, '[part~="logo-preview"]').src).to.match(/^blob:/);
      expect(text(el)).to.contain('This app has not connected a file upload');
      expect(el.hasUnsaved, 'nothing pretends to be saved').to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('a host uploads the file (orgkit-logo-upload-request) and its URL is saved as the logo', async () => {
      const { provider, el } = await mount('owner');
      let got: LogoUploadRequestDetail | null = null;
      provider.addEventListener('orgkit-logo-upload-request', (e) => {
        got = e.detail;
        e.detail.respondWith(Promise.resolve(`${location.origin}/uploads/acme.webp`));
      });
      await pickFile(el, 'acme.webp', 'image/webp', 50_000);
      await waitUntil(() => $<HTMLInputElement>(el, '#profile-logoUrl').value === `${location.origin}/uploads/acme.webp`, 'the URL fills the field');
      expect((got as LogoUploadRequestDetail | null)?.file.name).to.equal('acme.webp');
      expect(text(el)).to.contain('Uploaded. Save to use it as the logo.');
      await save(el, 'profile');
      await waitUntil(() => server().logoUrl === `${location.origin}/uploads/acme.webp`);
    });

    it('a host may refuse the file (preventDefault)', async () => {
      const { provider, el } = await mount('owner');
      provider.addEventListener('orgkit-logo-upload-request', (e) => e.preventDefault());
      await pickFile(el, 'logo.svg', 'image/svg+xml', 800);
      expect(text(el)).to.contain('This image was not accepted by the app.');
      expect(shadow(el).querySelector('[part~="logo-preview"]')).to.equal(null);
    });
  });

  it('German texts throughout', async () => {
    const provider = await fixture<OrgProvider>(html`<org-provider lang="de" .client=${m.clientFor('owner')}><org-settings></org-settings></org-provider>`);
    const el = provider.querySelector('org-settings') as OrgSettings;
    await settled(el);
    expect(text(el)).to.contain('Organisations-ID').and.contain('Rechnungsangaben').and.contain('Sichtbarkeit interner Chats').and.contain('Organisation löschen');
    expect($<HTMLSelectElement>(el, '#billing-country').selectedOptions[0]?.textContent).to.equal('Schweiz');
    await type(el, '#profile-name', 'a > b');
    expect(fieldError(el, 'profile-name')).to.equal('Der Name darf kein < oder > enthalten.');
  });
});
