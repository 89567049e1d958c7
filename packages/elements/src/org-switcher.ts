import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { OrgKitElement } from './base.js';
import { orgkitEvent } from './events.js';
import { registerMessages } from './messages.js';

registerMessages({
  en: {
    'switcher.label': 'Organization',
    'switcher.deactivated': '(access blocked)',
    'switcher.personal': 'Personal account',
  },
  de: {
    'switcher.label': 'Organisation',
    'switcher.deactivated': '(Zugang gesperrt)',
    'switcher.personal': 'Persönliches Konto',
  },
});

/**
 * Lists the organizations the user belongs to, with their role, and switches the provider's organization (ORG-9).
 * Shown only when there is more than one choice (or a personal link is given).
 *
 * @tag org-switcher
 * @summary Switch between the organizations a user belongs to.
 * @attr personal-href - A link to the host's personal (non-organization) context, offered as the last choice.
 * @fires orgkit-org-select - The user picked an organization (`detail: { orgId }`); <org-provider> switches to it.
 * @fires orgkit-org-changed - The organization changed (`detail: { orgId, previousOrgId }`), fired by the provider.
 * @csspart label - The visible label.
 * @csspart select - The organization picker.
 * @cssprop --orgkit-color-accent - Focus and accent colour.
 */
export class OrgSwitcher extends OrgKitElement {
  @property({ attribute: 'personal-href' }) personalHref?: string;

  private pick(e: Event): void {
    const value = (e.target as HTMLSelectElement).value;
    if (value === '__personal' && this.personalHref) {
      window.location.assign(this.personalHref);
      return;
    }
    const previous = this.ctx?.orgId ?? null;
    this.dispatchEvent(orgkitEvent('orgkit-org-select', { orgId: value }));
    // Without a provider there is nobody to switch: this element switches itself and says so.
    if (this.ctx && !this.closest('org-provider')) {
      this.ctx.selectOrg(value);
      this.emit('orgkit-org-changed', { orgId: value, previousOrgId: previous });
    }
  }

  protected override render() {
    const gate = this.renderGate(null);
    const ctx = this.ctx;
    if (gate !== nothing && !(ctx?.user && ctx.memberships.length > 0)) return gate;
    const memberships = ctx?.memberships ?? [];
    if (memberships.length < 2 && !this.personalHref) return nothing;
    return html`<label part="label" for="org">${this.t('switcher.label')}</label>
      <select id="org" part="select" @change=${this.pick}>
        ${memberships.map(
          (m) => html`<option value=${m.orgId} ?selected=${m.orgId === ctx?.orgId}>
            ${m.name} — ${this.t(`role.${m.role}`)}${m.state === 'active' ? '' : ` ${this.t('switcher.deactivated')}`}
          </option>`,
        )}
        ${this.personalHref ? html`<option value="__personal">${this.t('switcher.personal')}</option>` : nothing}
      </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-switcher': OrgSwitcher;
  }
}
