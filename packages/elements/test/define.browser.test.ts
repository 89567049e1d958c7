import { expect } from '@open-wc/testing';
import { defineAll, defineElement, tagName } from '../src/index.js';

class Probe extends HTMLElement {
  connectedCallback() {
    this.textContent = 'probe';
  }
}

describe('define()', () => {
  it('registers a tag and skips it when already registered (two copies of OrgKit on one page)', () => {
    const first = defineElement('orgkit-probe', Probe);
    expect(first).to.deep.equal({ name: 'orgkit-probe', defined: true });
    const again = defineElement('orgkit-probe', class extends HTMLElement {});
    expect(again).to.deep.equal({ name: 'orgkit-probe', defined: false });
    expect(customElements.get('orgkit-probe')).to.equal(Probe);
  });

  it('registers under a prefix when a host already uses the name', () => {
    customElements.define('host-widget', class extends HTMLElement {});
    const { name } = defineElement('widget', Probe, { prefix: 'host' });
    expect(name).to.equal('host-widget');
    const names = defineAll({ widget: Probe }, { prefix: 'acme' });
    expect(names).to.deep.equal(['acme-widget']);
    const el = document.createElement('acme-widget');
    document.body.append(el);
    expect(el.textContent).to.equal('probe');
    el.remove();
  });

  it('rejects a prefix that would make an invalid tag name, with a clear message', () => {
    expect(() => tagName('org-members', { prefix: 'Acme!' })).to.throw(/prefix "Acme!" must be lower-case/);
  });

  it('registers into a scoped registry instead of the global one', () => {
    const defined = new Map<string, CustomElementConstructor>();
    const registry = { get: (n: string) => defined.get(n), define: (n: string, c: CustomElementConstructor) => void defined.set(n, c) };
    defineElement('org-scoped', Probe, { registry });
    expect(defined.get('org-scoped')).to.equal(Probe);
    expect(customElements.get('org-scoped')).to.equal(undefined);
  });
});
