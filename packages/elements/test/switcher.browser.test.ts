import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { OrgProvider, OrgSwitcher } from '../src/index.js';
import type { Mock } from './helpers.js';
import { mock, settled, shadow } from './helpers.js';

describe('<org-switcher>', () => {
  let m: Mock;
  afterEach(() => m.stop());

  it('ORG-9 lists every organization with the role and switches the provider, firing orgkit-org-changed', async () => {
    m = await mock('multi-org');
    const provider = await fixture<OrgProvider>(html`<org-provider .client=${m.clientFor('lea@schmid.test')}><org-switcher></org-switcher></org-provider>`);
    const el = provider.querySelector('org-switcher') as OrgSwitcher;
    await settled(el);
    const select = shadow(el).querySelector('select') as HTMLSelectElement;
    const labels = [...select.options].map((o) => o.textContent?.replace(/\s+/g, ' ').trim());
    expect(labels).to.have.length(3);
    expect(labels.join(' | ')).to.contain('Schmid Consulting — Owner').and.contain('Acme AI — Admin').and.contain('Globex — Builder');
    await expect(el).to.be.accessible();
    const target = select.options[2]?.value ?? '';
    const changed = oneEvent(provider, 'orgkit-org-changed');
    select.value = target;
    select.dispatchEvent(new Event('change'));
    expect((await changed).detail.orgId).to.equal(target);
    expect(provider.org).to.equal(target);
  });

  it('ORG-9 stays out of the way for someone in a single organization, unless a personal link is offered', async () => {
    m = await mock('standard-team');
    const el = await fixture<OrgSwitcher>(html`<org-provider .client=${m.clientFor('owner')}><org-switcher></org-switcher></org-provider>`).then((p) => p.querySelector('org-switcher') as OrgSwitcher);
    await waitUntil(() => el.ctx?.user);
    await el.updateComplete;
    expect(shadow(el).querySelector('select')).to.equal(null);
    el.setAttribute('personal-href', '/me');
    await el.updateComplete;
    expect(shadow(el).querySelectorAll('option')).to.have.length(2);
  });
});
