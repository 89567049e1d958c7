import { Task, TaskStatus } from '@lit/task';
import { css, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { OrgKitClient } from '@orgkit/client';
import type { Deployment, ResidencyTier, ResponseOf } from '@orgkit/contract';
import { RESIDENCY_TIERS, readTier } from '@orgkit/contract/wire';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { registerMessages } from './messages.js';
import { shared, tokens } from './styles.js';

registerMessages({
  en: {
    'residency.legend': 'Server location',
    'residency.description': 'Which AI models your organization may use, by where they are served and who operates them. A model of unknown origin only meets “No restriction”.',
    'residency.tier.ch-ch': 'Swiss server, Swiss company',
    'residency.tier.ch-ch.hint': 'Only models served in Switzerland by a Swiss company. The strictest setting.',
    'residency.tier.ch-any': 'Swiss server, any company',
    'residency.tier.ch-any.hint': 'Models served in Switzerland, whichever company operates them.',
    'residency.tier.eu-eu': 'European server, European company',
    'residency.tier.eu-eu.hint': 'Models served in Europe by a European company. Switzerland counts as European.',
    'residency.tier.eu-any': 'European server, any operator',
    'residency.tier.eu-any.hint': 'Models served in Europe, whichever company operates them.',
    'residency.tier.global': 'No restriction',
    'residency.tier.global.hint': 'Any model, wherever it is served. The default.',
    'residency.current': 'Current',
    'residency.readOnly': 'Only owners and admins can change the server location.',
    'residency.preview.title': 'Change to “{tier}”?',
    'residency.preview.loading': 'Checking what this change affects…',
    'residency.preview.models': 'These models become unavailable:',
    'residency.preview.noModels': 'No model becomes unavailable.',
    'residency.preview.deployments': 'These deployments will be flagged, because their model no longer meets the setting:',
    'residency.preview.noDeployments': 'No deployment will be flagged.',
    'residency.preview.cleared': 'These deployments meet the setting again and will no longer be flagged:',
    'residency.flagged.title': 'Flagged deployments ({count})',
    'residency.flagged.body': 'Their model does not meet the server location setting. Choose a compliant model for each.',
    'residency.flagged.model': 'Model: {model}',
    'residency.saved': 'Saved: the server location is now “{tier}”.',
    'residency.savedFlagged': 'Saved: the server location is now “{tier}”. {count} flagged deployments.',
  },
  de: {
    'residency.legend': 'Serverstandort',
    'residency.description': 'Welche KI-Modelle Ihre Organisation nutzen darf, je nachdem, wo sie betrieben werden und von wem. Ein Modell unbekannter Herkunft erfüllt nur «Keine Einschränkung».',
    'residency.tier.ch-ch': 'Server in der Schweiz, Schweizer Anbieter',
    'residency.tier.ch-ch.hint': 'Nur Modelle, die ein Schweizer Unternehmen in der Schweiz betreibt. Die strengste Einstellung.',
    'residency.tier.ch-any': 'Server in der Schweiz, beliebiger Anbieter',
    'residency.tier.ch-any.hint': 'Modelle, die in der Schweiz betrieben werden, egal von welchem Unternehmen.',
    'residency.tier.eu-eu': 'Server in Europa, europäischer Anbieter',
    'residency.tier.eu-eu.hint': 'Modelle, die ein europäisches Unternehmen in Europa betreibt. Die Schweiz zählt zu Europa.',
    'residency.tier.eu-any': 'Server in Europa, beliebiger Betreiber',
    'residency.tier.eu-any.hint': 'Modelle, die in Europa betrieben werden, egal von welchem Unternehmen.',
    'residency.tier.global': 'Keine Einschränkung',
    'residency.tier.global.hint': 'Jedes Modell, egal wo es betrieben wird. Die Standardeinstellung.',
    'residency.current': 'Aktuell',
    'residency.readOnly': 'Nur Owner und Admins können den Serverstandort ändern.',
    'residency.preview.title': 'Zu «{tier}» wechseln?',
    'residency.preview.loading': 'Es wird geprüft, was diese Änderung betrifft …',
    'residency.preview.models': 'Diese Modelle sind danach nicht mehr verfügbar:',
    'residency.preview.noModels': 'Kein Modell wird unverfügbar.',
    'residency.preview.deployments': 'Diese Deployments werden markiert, weil ihr Modell die Einstellung nicht mehr erfüllt:',
    'residency.preview.noDeployments': 'Kein Deployment wird markiert.',
    'residency.preview.cleared': 'Diese Deployments erfüllen die Einstellung wieder und werden nicht mehr markiert:',
    'residency.flagged.title': 'Markierte Deployments ({count})',
    'residency.flagged.body': 'Ihr Modell erfüllt die Einstellung zum Serverstandort nicht. Wählen Sie jeweils ein passendes Modell.',
    'residency.flagged.model': 'Modell: {model}',
    'residency.saved': 'Gespeichert: Der Serverstandort ist jetzt «{tier}».',
    'residency.savedFlagged': 'Gespeichert: Der Serverstandort ist jetzt «{tier}». {count} markierte Deployments.',
  },
});

/** Reading the tier needs one of these: settings (owner/admin) or the model list (builders, read-only). */
const READ_CAPABILITIES = ['settings.read', 'deployments.read'] as const;

type PreviewArgs = [OrgKitClient | undefined, string, ResidencyTier | undefined, ResidencyTier | null];

/**
 * The organization's data-residency tier (RES-1…5) as a form-associated control: five tiers, strictest first, each
 * with its meaning. On its own it loads the organization's tier and saves a change — after a preview of the models
 * that become unavailable and the deployments that will be flagged (RES-4) — then lists the flagged deployments.
 * Inside a `<form>` it only contributes its value (`name=value`) like a native control: nothing is saved.
 * Only owners and admins can change it (RES-3); builders see it read-only; members see no-access.
 *
 * @tag residency-select
 * @summary Choose where the organization's AI models may be served (data residency), with a preview before tightening.
 * @attr name - The form field name (inside a `<form>`).
 * @attr value - The initial tier inside a `<form>` (form reset returns to it); default: the organization's tier. An unknown value reads as `global` (RES-2).
 * @attr disabled - Disables the control; inside a `<form>` it is then left out of the form data.
 * @prop {ResidencyTier} value - The selected tier: `ch-ch`, `ch-any`, `eu-eu`, `eu-any` or `global`; an unknown value reads as `global`.
 * @fires input - The user selected another tier (native `Event`, bubbling and composed).
 * @fires change - The user committed another tier (native `Event`, bubbling and composed).
 * @fires orgkit-residency-changed - The tier was saved (`detail: { orgId, tier, flaggedDeploymentIds }`); standalone only.
 * @csspart group - The radio group (a fieldset) of the five tiers.
 * @csspart option - One tier: its radio, name and meaning.
 * @csspart note - The read-only explanation.
 * @csspart preview - What a change would affect, with Save and Cancel.
 * @csspart save-button - Saves the previewed change.
 * @csspart cancel-button - Discards the previewed change.
 * @csspart flagged-list - The deployments whose model does not meet the current tier.
 * @csspart status - The result of saving (announced politely).
 * @csspart unavailable-models - In the preview: the models that become unavailable.
 * @csspart flagged-deployments - In the preview: the deployments that will be flagged.
 * @csspart error - An error, with Retry.
 * @csspart retry-button - Retry after an error.
 * @csspart loading - The loading state.
 * @csspart no-access - The no-access and blocked states.
 * @slot no-access - Replaces the no-access explanation.
 * @cssprop --orgkit-color-accent - The selected tier and the Save button.
 * @cssprop --orgkit-color-warning - The preview and the flagged deployments.
 * @cssprop --orgkit-color-border - Option borders.
 * @cssprop --orgkit-radius - Corner radius.
 */
export class ResidencySelect extends OrgKitElement {
  static formAssociated = true;

  static override styles = [
    tokens,
    shared,
    css`
      fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
      :host([theme='dark']) fieldset { color-scheme: dark; }
      @media (prefers-color-scheme: dark) { :host(:not([theme='light'])) fieldset { color-scheme: dark; } }
      legend { font-weight: 600; font-size: 1.05em; padding: 0; margin-bottom: 4px; }
      .options { display: grid; gap: calc(var(--_space) * 0.75); margin-top: calc(var(--_space) * 1.5); }
      label.option {
        display: flex; gap: calc(var(--_space) * 1.25); align-items: flex-start; margin: 0; font-weight: 400; cursor: pointer;
        padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5); border: 1px solid var(--_border); border-radius: var(--_radius);
        background: var(--_bg);
      }
      label.option:has(input:checked) { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 8%, var(--_bg)); }
      label.option:has(input:disabled) { cursor: default; }
      label.option:has(input:focus-visible) { box-shadow: var(--_focus); }
      label.option input { margin: 3px 0 0; accent-color: var(--_accent); flex: none; }
      label.option input:focus-visible { box-shadow: none; }
      .option-text { display: grid; gap: 2px; flex: 1; }
      .option-title { font-weight: 600; display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap; }
      .option-hint { color: var(--_muted); font-size: 0.92em; }
      .note { margin-top: calc(var(--_space) * 1.5); }
      .panel { margin-top: calc(var(--_space) * 2); }
      .notice.warn h3 { margin-bottom: var(--_space); }
      ul { margin: 4px 0 var(--_space); padding-left: 1.25em; }
      li { margin: 2px 0; }
      .actions { display: flex; gap: var(--_space); justify-content: flex-end; margin-top: calc(var(--_space) * 1.5); flex-wrap: wrap; }
      [part='status']:empty { display: none; }
      [part='status'] { margin-top: calc(var(--_space) * 1.5); }
      .panel .notice.error { margin-top: var(--_space); }
    `,
  ];

  /** @internal */
  readonly internals: ElementInternals;

  /** The form field name. */
  @property({ reflect: true }) name = '';
  /** The `value` attribute: the initial tier inside a form (reset returns to it). */
  @property({ attribute: 'value' }) defaultValue: string | null = null;
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** What the user (or the host) chose; null until then (the value follows the default). */
  @state() private raw: string | null = null;
  /** Disabled by a disabled <fieldset> around it. */
  @state() private formDisabled = false;
  /** The organization's saved tier, once loaded. */
  @state() private serverTier: ResidencyTier | undefined;
  @state() private deployments: Deployment[] | null = null;
  @state() private saving = false;
  @state() private saveError: unknown = null;
  @state() private savedTier: ResidencyTier | null = null;
  private readonly modelNames = new Map<string, string>();

  private readonly loader = new Loader<true>(this, {
    capability: READ_CAPABILITIES,
    load: async ({ client, orgId, signal }) => {
      const standalone = !this.internals.form;
      const [tier, deployments] = await Promise.all([
        this.can('settings.read')
          ? client.orgs.settings(orgId, { signal }).then((s) => s.residency)
          : client.models.list(orgId, { signal }).then((l) => {
              for (const model of l.models) this.modelNames.set(model.id, model.name);
              return l.tier;
            }),
        standalone && this.can('deployments.read') ? client.deployments.list(orgId, { signal }) : Promise.resolve(null),
      ]);
      this.serverTier = readTier(tier);
      this.deployments = deployments;
      return true;
    },
  });

  /** RES-4: what changing to the selected tier would affect (standalone, owner/admin, a change pending). */
  private readonly preview = new Task<PreviewArgs, { preview: ResponseOf<'residency.preview'>; deployments: Deployment[] } | undefined>(this, {
    task: async ([client, orgId, from, to], { signal }) => {
      if (!client || !orgId || !from || !to) return undefined;
      const [preview, models, deployments] = await Promise.all([
        client.orgs.previewResidency(orgId, { tier: to }, { signal }),
        client.models.list(orgId, { signal }),
        client.deployments.list(orgId, { signal }),
      ]);
      for (const model of models.models) this.modelNames.set(model.id, model.name);
      return { preview, deployments };
    },
    args: (): PreviewArgs => [this.ctx?.client, this.orgId, this.serverTier, this.pendingTier],
  });

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  // — the form-control API (as native controls have it) —

  /** The selected tier; an unknown value reads as `global` (RES-2). */
  get value(): ResidencyTier {
    return readTier(this.raw ?? this.initial);
  }

  set value(value: string) {
    this.raw = String(value);
    this.savedTier = null;
  }

  /** The form this control belongs to, if any (then it only contributes its value and saves nothing). */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get type(): string {
    return this.localName;
  }

  get labels(): NodeList {
    return this.internals.labels;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** @internal */
  formAssociatedCallback(): void {
    this.requestUpdate();
  }

  /** @internal The form was reset: back to the initial tier. */
  formResetCallback(): void {
    this.raw = null;
  }

  /** @internal The browser restores the value (back/forward navigation, autofill). */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.raw = state;
  }

  /** @internal A disabled fieldset or form around it. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    // Also called while Lit reflects `disabled` to the attribute, when a new render request would be dropped.
    void this.updateComplete.then(() => this.requestUpdate());
  }

  // — internals —

  /** The initial tier: the `value` attribute inside a form, else the organization's tier. */
  private get initial(): string | null | undefined {
    return this.internals.form ? (this.defaultValue ?? this.serverTier) : (this.serverTier ?? this.defaultValue);
  }

  private get standalone(): boolean {
    return !this.internals.form;
  }

  private get editable(): boolean {
    return this.can('residency.edit') && !this.disabled && !this.formDisabled;
  }

  /** Standalone: the tier a change is pending to (it differs from the saved one), else null. */
  private get pendingTier(): ResidencyTier | null {
    if (!this.standalone || !this.serverTier || !this.editable) return null;
    return this.value === this.serverTier ? null : this.value;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const value = this.value;
    this.internals.setFormValue(value, value);
  }

  private onInput(e: Event): void {
    e.stopPropagation(); // the inner radio's composed `input` must not leak out next to ours
    this.raw = (e.target as HTMLInputElement).value;
    this.savedTier = null;
    this.saveError = null;
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  private onChange(e: Event): void {
    e.stopPropagation();
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  private async cancel(): Promise<void> {
    this.raw = null;
    this.saveError = null;
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await this.focusChecked();
  }

  private async save(): Promise<void> {
    const ctx = this.ctx;
    const tier = this.pendingTier;
    if (!ctx || !tier || this.saving) return;
    const orgId = this.orgId;
    this.saving = true;
    this.saveError = null;
    try {
      const result = await ctx.client.orgs.setResidency(orgId, { tier });
      const flagged = new Set(result.flaggedDeploymentIds);
      this.deployments = await ctx.client.deployments
        .list(orgId)
        .catch(() => (this.deployments ?? []).map((d) => ({ ...d, flagged: flagged.has(d.id) })));
      this.serverTier = result.tier;
      this.raw = null;
      this.savedTier = result.tier;
      this.saving = false;
      this.emit('orgkit-residency-changed', { orgId, tier: result.tier, flaggedDeploymentIds: result.flaggedDeploymentIds });
      await this.focusChecked(); // the Save button is gone: focus returns to the chosen tier
    } catch (error) {
      this.saving = false;
      this.saveError = error;
    }
  }

  private async focusChecked(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }

  private tierName(tier: ResidencyTier): string {
    return this.t(`residency.tier.${tier}`);
  }

  private deploymentName(id: string, list: readonly Deployment[]): string {
    return list.find((d) => d.id === id)?.name ?? id;
  }

  // — rendering —

  protected override render() {
    return this.loader.render({ complete: () => this.renderBody() });
  }

  private renderBody(): TemplateResult {
    const canEdit = this.can('residency.edit');
    return html`${this.renderGroup(canEdit)}
      ${canEdit ? nothing : html`<p part="note" class="note notice" role="note">${this.t('residency.readOnly')}</p>`}
      ${this.standalone ? this.renderStandalone() : nothing}`;
  }

  private renderGroup(canEdit: boolean): TemplateResult {
    const value = this.value;
    const locked = !canEdit || this.disabled || this.formDisabled || this.saving;
    return html`<fieldset part="group" role="radiogroup" aria-describedby="description" ?disabled=${locked}>
      <legend>${this.t('residency.legend')}</legend>
      <p id="description" class="muted">${this.t('residency.description')}</p>
      <div class="options">
        ${RESIDENCY_TIERS.map(
          (tier) => html`<label part="option" class="option">
            <input
              type="radio"
              name="tier"
              .value=${tier}
              .checked=${live(tier === value)}
              aria-describedby=${`hint-${tier}`}
              @input=${this.onInput}
              @change=${this.onChange}
            />
            <span class="option-text">
              <span class="option-title">${this.tierName(tier)}
                ${this.standalone && tier === this.serverTier ? html`<span class="badge accent">${this.t('residency.current')}</span>` : nothing}</span>
              <span id=${`hint-${tier}`} class="option-hint">${this.t(`residency.tier.${tier}.hint`)}</span>
            </span>
          </label>`,
        )}
      </div>
    </fieldset>`;
  }

  private renderStandalone(): TemplateResult {
    const flagged = (this.deployments ?? []).filter((d) => d.flagged);
    const saved = this.savedTier;
    return html`${this.pendingTier ? this.renderPreview(this.pendingTier) : nothing}
      <div part="status" role="status" aria-live="polite">${saved
        ? flagged.length > 0
          ? this.t('residency.savedFlagged', { tier: this.tierName(saved), count: flagged.length })
          : this.t('residency.saved', { tier: this.tierName(saved) })
        : nothing}</div>
      ${flagged.length > 0 && !this.pendingTier
        ? html`<section part="flagged-list" class="panel notice warn" aria-labelledby="flagged-title">
            <h3 id="flagged-title">${this.t('residency.flagged.title', { count: flagged.length })}</h3>
            <p class="muted">${this.t('residency.flagged.body')}</p>
            <ul>
              ${flagged.map(
                (d) => html`<li><strong>${d.name}</strong>
                  <span class="muted">· ${this.t('residency.flagged.model', { model: d.modelId })}</span></li>`,
              )}
            </ul>
          </section>`
        : nothing}`;
  }

  private renderPreview(to: ResidencyTier): TemplateResult {
    const data = this.preview.value;
    const current = data && data.preview.to === to && data.preview.from === this.serverTier ? data : undefined;
    const title = html`<h3 id="preview-title">${this.t('residency.preview.title', { tier: this.tierName(to) })}</h3>`;
    if (!current) {
      const error = this.preview.error;
      return html`<section part="preview" class="panel notice warn" aria-labelledby="preview-title">
        ${title}
        ${error !== undefined && this.preview.status === TaskStatus.ERROR
          ? this.renderError(error, () => void this.preview.run())
          : html`<p role="status" aria-busy="true">${this.t('residency.preview.loading')}</p>`}
        <div class="actions">
          <button part="cancel-button" @click=${this.cancel}>${this.t('common.cancel')}</button>
        </div>
      </section>`;
    }
    const { preview, deployments } = current;
    const willFlag = new Set(preview.flaggedDeploymentIds);
    const cleared = deployments.filter((d) => d.flagged && !willFlag.has(d.id));
    const affects = preview.unavailableModelIds.length + preview.flaggedDeploymentIds.length > 0;
    return html`<section part="preview" class="panel notice ${affects ? 'warn' : ''}" aria-labelledby="preview-title">
      ${title}
      ${preview.unavailableModelIds.length > 0
        ? html`<p>${this.t('residency.preview.models')}</p>
            <ul part="unavailable-models">
              ${preview.unavailableModelIds.map((id) => html`<li>${this.modelNames.get(id) ?? id}</li>`)}
            </ul>`
        : html`<p>${this.t('residency.preview.noModels')}</p>`}
      ${preview.flaggedDeploymentIds.length > 0
        ? html`<p>${this.t('residency.preview.deployments')}</p>
            <ul part="flagged-deployments">
              ${preview.flaggedDeploymentIds.map((id) => html`<li>${this.deploymentName(id, deployments)}</li>`)}
            </ul>`
        : html`<p>${this.t('residency.preview.noDeployments')}</p>`}
      ${cleared.length > 0
        ? html`<p>${this.t('residency.preview.cleared')}</p>
            <ul>
              ${cleared.map((d) => html`<li>${d.name}</li>`)}
            </ul>`
        : nothing}
      ${this.saveError ? this.renderError(this.saveError, () => void this.save()) : nothing}
      <div class="actions">
        <button part="cancel-button" ?disabled=${this.saving} @click=${this.cancel}>${this.t('common.cancel')}</button>
        <button part="save-button" class="primary" ?disabled=${this.saving} @click=${this.save}>
          ${this.saving ? this.t('common.saving') : this.t('common.save')}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'residency-select': ResidencySelect;
  }
}
