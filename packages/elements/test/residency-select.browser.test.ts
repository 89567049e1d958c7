import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ApiError } from '@orgkit/client';
import type { ResidencyTier } from '@orgkit/contract';
import { RESIDENCY_TIERS } from '@orgkit/contract';
import type { OrgProvider } from '../src/index.js';
import { defineElement } from '../src/registry.js';
import { ResidencySelect } from '../src/residency-select.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow, text } from './helpers.js';

defineElement('residency-select', ResidencySelect);

/** Real key presses through the test runner's send-keys command (what @web/test-runner-commands does). */
async function press(key: string): Promise<void> {
  const socket = '/__web-dev-server__web-socket.js';
  const { sendMessageWaitForResponse } = (await import(/* @vite-ignore */ socket)) as {
    sendMessageWaitForResponse: (m: unknown) => Promise<{ executed: boolean }>;
  };
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const res = await sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command: 'send-keys', payload: { press: key } });
  expect(res.executed, 'send-keys ran').to.equal(true);
}

const radios = (el: ResidencySelect) => [...shadow(el).querySelectorAll<HTMLInputElement>('input[type="radio"]')];
const radio = (el: ResidencySelect, tier: ResidencyTier) => {
  const r = radios(el).find((x) => x.value === tier);
  if (!r) throw new Error(`no radio for ${tier}`);
  return r;
};
const part = (el: ResidencySelect, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const has = (el: ResidencySelect, name: string) => part(el, name) !== null;
const partText = (el: ResidencySelect, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const items = (el: ResidencySelect, name: string) =>
  [...(part(el, name)?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '');

describe('<residency-select>', () => {
  let m: Mock;
  afterEach(() => m.stop());

  const serverTier = () => m.backend.engine.query({ kind: 'system' }, 'settings.get', { orgId: m.state.orgId }).residency;
  const serverDeployments = () => m.backend.engine.query({ kind: 'system' }, 'deployments.list', { orgId: m.state.orgId });

  async function standalone(role: string, lang = 'en'): Promise<ResidencySelect> {
    const provider = await fixture<OrgProvider>(
      html`<org-provider lang=${lang} .client=${m.clientFor(role)}><residency-select></residency-select></org-provider>`,
    );
    const el = provider.querySelector('residency-select') as ResidencySelect;
    await settled(el);
    return el;
  }

  async function previewFor(el: ResidencySelect, tier: ResidencyTier): Promise<void> {
    radio(el, tier).click();
    await waitUntil(() => part(el, 'save-button'), `the preview for ${tier} is shown`);
  }

  it('RES-1 lists the five tiers strictest first, each with its meaning, as a labelled radio group (en and de)', async () => {
    m = await mock('standard-team');
    const el = await standalone('owner');
    expect(radios(el).map((r) => r.value)).to.deep.equal([...RESIDENCY_TIERS]);
    expect(RESIDENCY_TIERS[0]).to.equal('ch-ch');
    const group = part(el, 'group');
    expect(group?.getAttribute('role')).to.equal('radiogroup');
    expect(group?.querySelector('legend')?.textContent).to.contain('Server location');
    const options = [...shadow(el).querySelectorAll('[part~="option"]')].map((o) => o.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    expect(options).to.have.length(5);
    expect(options[0]).to.contain('Swiss server, Swiss company');
    expect(options[1]).to.contain('Swiss server, any company');
    expect(options[2]).to.contain('European server, European company').and.contain('Switzerland counts as European');
    expect(options[3]).to.contain('European server, any operator');
    expect(options[4]).to.contain('No restriction');
    expect(el.value).to.equal('global');
    expect(radio(el, 'global').checked).to.equal(true);
    await expect(el).to.be.accessible();

    m.stop();
    m = await mock('strict-residency');
    const de = await standalone('owner', 'de');
    expect(de.value).to.equal('ch-ch');
    expect(text(de)).to.contain('Serverstandort').and.contain('Server in der Schweiz, Schweizer Anbieter').and.contain('Keine Einschränkung');
    await expect(de).to.be.accessible();
  });

  it('RES-2 a missing or unknown value reads as global; an invalid tier is never saved', async () => {
    m = await mock('strict-residency');
    // In a form: an unknown `value` attribute reads as global, and global is what the form carries.
    const form = await fixture<HTMLFormElement>(
      html`<org-provider .client=${m.clientFor('owner')}><form><residency-select name="residency" value="mars"></residency-select></form></org-provider>`,
    ).then((p) => p.querySelector('form') as HTMLFormElement);
    const inForm = form.querySelector('residency-select') as ResidencySelect;
    await settled(inForm);
    expect(inForm.value).to.equal('global');
    expect(new FormData(form).get('residency')).to.equal('global');
    inForm.value = 'eu-eu';
    await inForm.updateComplete;
    expect(new FormData(form).get('residency')).to.equal('eu-eu');
    inForm.value = 'moon';
    await inForm.updateComplete;
    expect(inForm.value).to.equal('global');
    expect(radio(inForm, 'global').checked).to.equal(true);
    expect(new FormData(form).get('residency')).to.equal('global');

    // Standalone: an unknown value becomes a pending change to global — only a preview, nothing saved.
    const el = await standalone('owner');
    el.value = 'mars';
    await waitUntil(() => part(el, 'save-button'), 'a pending change shows the preview');
    expect(el.value).to.equal('global');
    expect(serverTier()).to.equal('ch-ch');
    // The server rejects an invalid tier outright (the client cannot be talked into saving one).
    const error = await m.clientFor('owner').orgs.setResidency(m.state.orgId, { tier: 'mars' as ResidencyTier }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).code).to.equal('validation_failed');
    expect(serverTier()).to.equal('ch-ch');
  });

  it('RES-3 an owner and an admin can save; the admin\'s change is the server state', async () => {
    m = await mock('strict-residency');
    const admin = await standalone('admin');
    expect(m.person('admin').name).to.equal('Claudia Frei');
    expect(radios(admin).every((r) => !r.matches(':disabled'))).to.equal(true);
    expect(has(admin, 'note'), 'note').to.equal(false);
    await previewFor(admin, 'eu-eu');
    part(admin, 'save-button')?.click();
    await waitUntil(() => partText(admin, 'status').includes('Saved'), 'saved');
    expect(serverTier()).to.equal('eu-eu');
    expect(admin.value).to.equal('eu-eu');

    m.stop();
    m = await mock('standard-team');
    const owner = await standalone('owner');
    await previewFor(owner, 'eu-any');
    part(owner, 'save-button')?.click();
    await waitUntil(() => serverTier() === 'eu-any', 'the owner saved');
  });

  it('RES-3 a builder sees the tier read-only; a member sees no-access; a deactivated member is blocked', async () => {
    m = await mock('standard-team');
    const builder = await standalone('builder');
    expect(builder.value).to.equal('global');
    expect(radio(builder, 'global').checked).to.equal(true);
    expect(radios(builder).every((r) => r.matches(':disabled'))).to.equal(true);
    expect(partText(builder, 'note')).to.contain('Only owners and admins');
    expect(has(builder, 'save-button'), 'save-button').to.equal(false);
    await expect(builder).to.be.accessible();

    m.stop();
    m = await mock('pending-downgrade');
    const member = await standalone('member');
    expect(has(member, 'no-access'), 'no-access').to.equal(true);
    expect(radios(member)).to.have.length(0);
    await expect(member).to.be.accessible();

    await m.control('/clock', { to: 'period_end' });
    const gone = m.backend.engine.query({ kind: 'system' }, 'members.list', { orgId: m.state.orgId }).members.find((x) => x.state === 'deactivated');
    expect(gone, 'the downgrade deactivated someone').to.exist;
    const person = m.state.people.find((p) => p.userId === gone?.userId);
    const blocked = await standalone(person?.email ?? '');
    expect(text(blocked)).to.contain('Organization access blocked');
    expect(radios(blocked)).to.have.length(0);
  });

  it('RES-4 before tightening it previews the models that become unavailable and the deployments that will be flagged; after saving it lists the flagged deployments as the server has them', async () => {
    m = await mock('standard-team');
    const el = await standalone('owner');
    expect(has(el, 'flagged-list'), 'flagged-list').to.equal(false);
    await previewFor(el, 'eu-eu');
    expect(items(el, 'unavailable-models')).to.have.members(['GPT-5 (Swiss region)', 'Claude (EU region)', 'GPT-5', 'GPT-5 mini', 'Open Weights X']);
    expect(items(el, 'flagged-deployments')).to.have.members(['Website widget', 'Hotline']);
    expect(serverTier(), 'nothing saved by the preview').to.equal('global');
    await expect(el).to.be.accessible();

    const changed = oneEvent(el, 'orgkit-residency-changed');
    part(el, 'save-button')?.click();
    const ev = await changed;
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(ev.detail.tier).to.equal('eu-eu');
    expect(ev.detail.orgId).to.equal(m.state.orgId);
    await waitUntil(() => part(el, 'flagged-list'), 'the flagged deployments are shown');
    const flaggedOnServer = serverDeployments().filter((d) => d.flagged);
    expect(flaggedOnServer.map((d) => d.name)).to.have.members(['Website widget', 'Hotline']);
    expect(ev.detail.flaggedDeploymentIds).to.have.members(flaggedOnServer.map((d) => d.id));
    const shown = items(el, 'flagged-list');
    expect(shown).to.have.length(flaggedOnServer.length);
    for (const d of flaggedOnServer) expect(shown.some((s) => s.includes(d.name))).to.equal(true);
    expect(serverTier()).to.equal('eu-eu');
    expect(partText(el, 'status')).to.contain('Saved').and.contain('European server, European company');
    expect(has(el, 'save-button'), 'save-button').to.equal(false);
    expect(radio(el, 'eu-eu').checked).to.equal(true);
    expect(shadow(el).activeElement === radio(el, 'eu-eu'), 'focus returns to the chosen tier').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('RES-4 Cancel discards a pending change; loosening shows that nothing is flagged and clears the flags once saved', async () => {
    m = await mock('strict-residency');
    const el = await standalone('owner');
    expect(items(el, 'flagged-list').join(' | ')).to.contain('Ticket hotline').and.contain('Website widget');
    await previewFor(el, 'eu-any');
    part(el, 'cancel-button')?.click();
    await waitUntil(() => !part(el, 'preview'), 'the preview closes');
    expect(el.value).to.equal('ch-ch');
    expect(radio(el, 'ch-ch').checked).to.equal(true);
    expect(serverTier()).to.equal('ch-ch');

    await previewFor(el, 'global');
    expect(partText(el, 'preview')).to.contain('No model becomes unavailable').and.contain('No deployment will be flagged');
    expect(partText(el, 'preview')).to.contain('Ticket hotline');
    part(el, 'save-button')?.click();
    await waitUntil(() => serverTier() === 'global' && !part(el, 'save-button'), 'saved');
    await waitUntil(() => partText(el, 'status').includes('Saved'));
    expect(has(el, 'flagged-list'), 'flagged-list').to.equal(false);
    expect(serverDeployments().some((d) => d.flagged)).to.equal(false);
  });

  it('RES-4 a failed preview and a failed save show the server\'s message inline with Retry, and Retry recovers', async () => {
    m = await mock('standard-team');
    const el = await standalone('owner');
    m.backend.faults.failNext = 1;
    radio(el, 'eu-any').click();
    await waitUntil(() => part(el, 'error'), 'the preview failed');
    expect(partText(el, 'error')).to.contain('The server had a problem');
    await expect(el).to.be.accessible();
    part(el, 'retry-button')?.click();
    await waitUntil(() => part(el, 'save-button'), 'Retry loads the preview');

    m.backend.faults.failNext = 1;
    part(el, 'save-button')?.click();
    await waitUntil(() => part(el, 'error'), 'the save failed');
    expect(serverTier()).to.equal('global');
    part(el, 'retry-button')?.click();
    await waitUntil(() => serverTier() === 'eu-any' && partText(el, 'status').includes('Saved'), 'Retry saves');
  });

  it('RES-5 the unknown-origin model becomes unavailable on every restrictive tier', async () => {
    m = await mock('standard-team');
    const el = await standalone('owner');
    for (const tier of RESIDENCY_TIERS.filter((t) => t !== 'global')) {
      await previewFor(el, tier);
      await waitUntil(() => items(el, 'unavailable-models').length > 0, `the preview for ${tier}`);
      expect(items(el, 'unavailable-models'), tier).to.include('Open Weights X');
      part(el, 'cancel-button')?.click();
      await waitUntil(() => !part(el, 'preview'));
    }
    expect(serverTier()).to.equal('global');
  });

  it('keyboard: arrow keys move the selection within the group and fire input/change', async () => {
    m = await mock('standard-team');
    const el = await standalone('owner');
    let changes = 0;
    el.addEventListener('change', () => (changes += 1));
    radio(el, 'global').focus();
    await press('ArrowUp');
    await el.updateComplete;
    expect(el.value).to.equal('eu-any');
    await press('ArrowUp');
    await el.updateComplete;
    expect(el.value).to.equal('eu-eu');
    expect(changes).to.equal(2);
    expect(shadow(el).activeElement === radio(el, 'eu-eu'), 'focus moved with the selection').to.equal(true);
    await waitUntil(() => items(el, 'flagged-deployments').length > 0, 'the preview follows the selection');
    expect(partText(el, 'preview')).to.contain('European server, European company');
  });

  describe('form association', () => {
    async function inForm(attrs: { value?: string; disabled?: boolean } = {}) {
      const provider = await fixture<OrgProvider>(html`<org-provider .client=${m.clientFor('owner')}>
        <form><residency-select name="residency" value=${ifDefined(attrs.value)} ?disabled=${attrs.disabled ?? false}></residency-select></form>
      </org-provider>`);
      const form = provider.querySelector('form') as HTMLFormElement;
      const el = form.querySelector('residency-select') as ResidencySelect;
      await settled(el);
      return { form, el };
    }

    it('inside a <form> it contributes name=value, fires native input/change, and saves nothing', async () => {
      m = await mock('standard-team');
      const { form, el } = await inForm();
      expect(ResidencySelect.formAssociated).to.equal(true);
      expect(el.form === form).to.equal(true);
      expect(el.validity.valid).to.equal(true);
      expect(new FormData(form).get('residency'), 'defaults to the organization\'s tier').to.equal('global');
      const seen: string[] = [];
      for (const type of ['input', 'change']) {
        el.addEventListener(type, (e) => {
          expect(e.bubbles && e.composed, `${type} bubbles and is composed`).to.equal(true);
          seen.push(`${type}:${el.value}`);
        });
      }
      const formSaw = oneEvent(form, 'change');
      radio(el, 'ch-ch').click();
      await formSaw;
      await el.updateComplete;
      expect(seen).to.deep.equal(['input:ch-ch', 'change:ch-ch']);
      expect(new FormData(form).get('residency')).to.equal('ch-ch');
      expect(has(el, 'preview'), 'preview').to.equal(false);
      expect(has(el, 'save-button'), 'save-button').to.equal(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(serverTier(), 'nothing is saved in form mode').to.equal('global');
      await expect(el).to.be.accessible();
    });

    it('form.reset() restores the initial value; the browser\'s state restore sets it', async () => {
      m = await mock('standard-team');
      const { form, el } = await inForm({ value: 'ch-any' });
      expect(el.value).to.equal('ch-any');
      radio(el, 'eu-any').click();
      await el.updateComplete;
      expect(new FormData(form).get('residency')).to.equal('eu-any');
      form.reset();
      await el.updateComplete;
      expect(el.value).to.equal('ch-any');
      expect(radio(el, 'ch-any').checked).to.equal(true);
      expect(new FormData(form).get('residency')).to.equal('ch-any');
      el.formStateRestoreCallback('eu-eu');
      await el.updateComplete;
      expect(el.value).to.equal('eu-eu');
      expect(new FormData(form).get('residency')).to.equal('eu-eu');
    });

    it('disabled (itself or by a disabled fieldset) leaves it out of the form data and disables the radios', async () => {
      m = await mock('standard-team');
      const { form, el } = await inForm({ value: 'eu-eu', disabled: true });
      expect(new FormData(form).has('residency')).to.equal(false);
      expect(radios(el).every((r) => r.matches(':disabled'))).to.equal(true);
      el.disabled = false;
      await el.updateComplete;
      expect(new FormData(form).get('residency')).to.equal('eu-eu');
      await waitUntil(() => radios(el).every((r) => !r.matches(':disabled')), 'enabled again');
      expect(el.matches(':disabled')).to.equal(false);
      const fieldset = document.createElement('fieldset');
      form.append(fieldset);
      fieldset.append(el);
      fieldset.disabled = true;
      await waitUntil(() => radios(el).every((r) => r.matches(':disabled')), 'a disabled fieldset disables it');
      expect(el.matches(':disabled')).to.equal(true);
      expect(new FormData(form).has('residency')).to.equal(false);
      await expect(el).to.be.accessible();
    });
  });
});
