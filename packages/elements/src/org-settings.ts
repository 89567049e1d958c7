import { css, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ApiError } from '@orgkit/client';
import type { ChatVisibility, Settings } from '@orgkit/contract';
import { orgNameProblem } from '@orgkit/contract/wire';
import { OrgKitElement } from './base.js';
import { Loader } from './loader.js';
import { countries } from './org-settings/countries.js';
import { registerMessages } from './messages.js';
import { orgSettingsMessages } from './org-settings/messages.js';

registerMessages(orgSettingsMessages);

/** The logo file types the picker accepts, and their size limit. */
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'];
export const LOGO_MAX_BYTES = 1024 * 1024;

/**
 * `detail` of `orgkit-logo-upload-request`. OrgKit's API stores a logo as an http(s) URL and has no upload
 * endpoint, so the host uploads the file: call `respondWith(urlOrPromise)` synchronously in the listener, and the
 * URL it resolves to is put into the Logo URL field (the user saves the section as usual). `preventDefault()`
 * refuses the file. With no listener calling `respondWith`, the element says that uploads are the host's job.
 */
export interface LogoUploadRequestDetail {
  orgId: string;
  file: File;
  respondWith(url: string | Promise<string>): void;
}

type SectionId = 'profile' | 'billing' | 'notifications' | 'features' | 'visibility';

/** What each section's form holds (text fields as typed; the request body is made from it on save). */
interface Forms {
  profile: { name: string; logoUrl: string };
  billing: { email: string; name: string; country: string; address: string; postalCode: string; city: string; taxId: string };
  notifications: { notificationEmail: string };
  features: { regularChat: boolean; endlessChat: boolean };
  visibility: { internalChatVisibility: ChatVisibility };
}

interface Problems {
  /** Field key → the text shown under that input. */
  fields: Record<string, string>;
  /** Shown above the section's Save button. */
  general: string | null;
}

interface UploadState {
  file?: string;
  preview?: string;
  busy?: boolean;
  message?: string;
  error?: string;
}

const SECTIONS: readonly SectionId[] = ['profile', 'billing', 'notifications', 'features', 'visibility'];

function formsOf(s: Settings): Forms {
  const b = s.billingIdentity;
  return {
    profile: { name: s.name, logoUrl: s.logoUrl ?? '' },
    billing: {
      email: b?.email ?? '', name: b?.name ?? '', country: b?.country ?? '', address: b?.address ?? '',
      postalCode: b?.postalCode ?? '', city: b?.city ?? '', taxId: b?.taxId ?? '',
    },
    notifications: { notificationEmail: s.notificationEmail ?? '' },
    features: { ...s.features },
    visibility: { internalChatVisibility: s.internalChatVisibility },
  };
}

const same = (a: object | undefined, b: object | undefined) => JSON.stringify(a) === JSON.stringify(b);

function isWebUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * The General page of an organization (ORG-2 … ORG-8): the read-only organization ID, name (checked as ORG-4 while
 * typing), logo, billing identity (synced to the payment provider), notification email, the Regular/Endless Chat
 * features, the default internal chat visibility, the server location and — for the owner — deleting the
 * organization. Shown to owners and admins (`settings.read`); builders and members see the no-access state.
 *
 * Each section saves on its own. Changes not yet saved are kept: the page warns before it is unloaded, and when the
 * organization is switched while editing, the draft is kept and a notice offers to go back or discard it.
 *
 * @tag org-settings
 * @summary Organization settings: profile, billing identity, features, chat visibility, delete.
 * @attr server-location-href - A link to where the server location (data residency) is changed, shown in that section.
 * @attr api-base - Where the OrgKit API lives (without an <org-provider>).
 * @attr org - The organization to show (without an <org-provider>).
 * @attr locale - `en` or `de`; default: the nearest `lang`.
 * @attr theme - `light` or `dark`; default: the user's color scheme.
 * @prop {boolean} hasUnsaved - Read-only: whether there are changes not yet saved (a host can guard its own navigation).
 * @fires orgkit-settings-saved - A section was saved (`detail: { orgId, fields }`, the changed fields).
 * @fires orgkit-logo-upload-request - Cancelable. A valid image was chosen (`detail: { orgId, file, respondWith(url) }`):
 *   upload it and call `respondWith(urlOrPromise)` synchronously; `preventDefault()` refuses the file.
 * @fires orgkit-org-delete-request - Cancelable. Fired before deleting (`detail: { orgId }`); `preventDefault()` vetoes it.
 * @fires orgkit-org-deleted - The organization was deleted (`detail: { orgId }`).
 * @slot server-location - Replaces the server location link, e.g. with a `<residency-select>`.
 * @slot no-access - Replaces the explanation shown to roles without access.
 * @csspart section - Every settings section (also `section-profile`, `section-billing`, `section-notifications`,
 *   `section-features`, `section-visibility`, `section-location`).
 * @csspart save-button - Every section's Save button (also `save-profile`, `save-billing`, `save-notifications`,
 *   `save-features`, `save-visibility`).
 * @csspart status - A section's "Saved." confirmation (aria-live).
 * @csspart section-error - A section's error that is not about one field.
 * @csspart org-id - The read-only organization ID.
 * @csspart location-current - The current server location (left out when a control fills the `server-location` slot).
 * @csspart copy-button - Copies the organization ID.
 * @csspart logo-preview - The logo image (current or chosen).
 * @csspart unsaved-notice - The notice after switching organizations with unsaved changes.
 * @csspart danger-zone - The delete organization region (owner only).
 * @csspart delete-button - Opens the delete dialog.
 * @csspart delete-dialog - The delete confirmation dialog.
 * @csspart confirm-input - Where the organization ID is typed to confirm.
 * @csspart confirm-delete-button - The dialog's Delete button.
 * @csspart notice - The confirmation after a deletion.
 * @csspart no-access - The no-access (or blocked) state.
 * @csspart loading - The loading state.
 * @csspart error - The load error, with `retry-button`.
 * @cssprop --orgkit-color-accent - Save buttons, switches, focus.
 * @cssprop --orgkit-color-danger - Errors and the danger zone.
 * @cssprop --orgkit-color-border - Section borders and inputs.
 * @cssprop --orgkit-color-surface - Notices and previews.
 * @cssprop --orgkit-radius - Corner radius.
 * @cssprop --orgkit-space - The spacing unit.
 */
export class OrgSettings extends OrgKitElement {
  static override styles = [
    ...OrgKitElement.styles,
    css`
      :host([theme='light']) { color-scheme: light; }
      :host([theme='dark']) { color-scheme: dark; }
      @media (prefers-color-scheme: dark) { :host(:not([theme='light'])) { color-scheme: dark; } }
      .wrap { display: grid; gap: calc(var(--_space) * 2); }
      .block { container-type: inline-size; border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 2.25); margin: 0; }
      .block > h2 { margin-bottom: 4px; }
      .intro { color: var(--_muted); margin: 0; }
      fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
      .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: calc(var(--_space) * 2); }
      @container (max-width: 460px) { .grid { grid-template-columns: minmax(0, 1fr); } }
      .grid .wide { grid-column: 1 / -1; }
      .inline { display: flex; gap: var(--_space); align-items: center; }
      .inline input { flex: 1; }
      .inline button { flex: none; }
      input[readonly] { background: var(--_surface); font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
      input[type='file'] { padding: 4px; cursor: pointer; }
      input[type='file']::file-selector-button {
        font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 2px); padding: 3px 10px; margin-right: var(--_space); cursor: pointer;
      }
      .footer {
        display: flex; gap: var(--_space); align-items: center; flex-wrap: wrap;
        margin-top: calc(var(--_space) * 2); padding-top: calc(var(--_space) * 1.5); border-top: 1px solid var(--_border);
      }
      .footer .status { color: var(--_ok); font-weight: 500; }
      .section-error { margin-top: calc(var(--_space) * 1.5); }
      .logo { display: flex; gap: calc(var(--_space) * 1.5); align-items: center; margin-top: var(--_space); }
      .logo img {
        width: 64px; height: 64px; object-fit: contain; border: 1px solid var(--_border); border-radius: var(--_radius);
        background: var(--_surface); flex: none;
      }
      .message { margin-top: 6px; }
      .switch-row { display: flex; gap: calc(var(--_space) * 2); align-items: center; justify-content: space-between; padding: var(--_space) 0; }
      .switch-row + .switch-row { border-top: 1px solid var(--_border); }
      .switch-row label { margin: 0; }
      .switch-row .hint { margin-top: 2px; }
      input[role='switch'] {
        appearance: none; flex: none; width: 42px; height: 24px; min-height: 0; padding: 0; margin: 0; cursor: pointer;
        border-radius: 999px; border: 1px solid var(--_border);
        background: radial-gradient(circle at 11px 50%, var(--_bg) 8px, transparent 9px), color-mix(in srgb, var(--_muted) 45%, var(--_border));
        transition: background-position 0.15s;
      }
      input[role='switch']:checked {
        border-color: var(--_accent);
        background: radial-gradient(circle at calc(100% - 11px) 50%, var(--_on-accent) 8px, transparent 9px), var(--_accent);
      }
      input[role='switch']:disabled { opacity: 0.55; cursor: not-allowed; }
      .state { color: var(--_muted); font-size: 0.92em; min-width: 2.5em; text-align: right; }
      .switch-control { display: flex; gap: var(--_space); align-items: center; }
      legend { font-weight: 500; padding: 0; margin: calc(var(--_space) * 1.5) 0 4px; }
      .choice { display: grid; grid-template-columns: auto 1fr; column-gap: var(--_space); align-items: baseline; padding: 6px 0; }
      .choice label { margin: 0; }
      .choice .hint { grid-column: 2; margin-top: 0; }
      .note { margin-top: calc(var(--_space) * 1.5); }
      code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--_surface); border: 1px solid var(--_border); border-radius: 4px; padding: 0 5px; }
      .danger-zone { border-color: color-mix(in srgb, var(--_danger) 45%, var(--_border)); }
      .danger-zone h2 { color: var(--_danger); }
      .danger-zone p { margin: 4px 0 calc(var(--_space) * 1.5); }
      dialog h2 { margin-bottom: var(--_space); }
      a { color: var(--_accent); }
    `,
  ];

  /** A link to where the server location is changed (e.g. a page with <residency-select>). */
  @property({ attribute: 'server-location-href' }) serverLocationHref?: string;

  /** @internal */
  readonly loader = new Loader<Settings>(this, {
    capability: 'settings.read',
    load: ({ client, orgId, signal }) => client.orgs.settings(orgId, { signal }),
  });

  /** Unsaved edits per section (only sections that differ), and the organization they belong to. */
  @state() private drafts: Partial<Forms> = {};
  @state() private draftOrg: { id: string; name: string } | null = null;
  @state() private problems: Partial<Record<SectionId, Problems>> = {};
  @state() private saving: Partial<Record<SectionId, boolean>> = {};
  @state() private status: Partial<Record<SectionId, string>> = {};
  /** A save's answer, shown until the next load replaces the value it was based on. */
  @state() private fresh: { base: Settings; settings: Settings } | null = null;
  @state() private upload: UploadState = {};
  @state() private copyStatus = '';
  @state() private confirmText = '';
  /** A control (e.g. <residency-select>) fills the server-location slot: it brings its own heading and current setting. */
  @state() private locationSlotted = false;
  @state() private deleting = false;
  @state() private deleteError: string | null = null;
  @state() private notice: string | null = null;

  @query('dialog') private dialog?: HTMLDialogElement;
  private opener: HTMLElement | null = null;
  private lastOrgId: string | null = null;

  private readonly onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (!this.hasUnsaved) return;
    e.preventDefault();
    e.returnValue = this.t('orgSettings.unload');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.setUpload({});
  }

  /** Whether there are changes not yet saved (in this or — after a switch — another organization). */
  get hasUnsaved(): boolean {
    return Object.keys(this.drafts).length > 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const orgId = this.ctx?.orgId ?? null;
    if (orgId !== this.lastOrgId) {
      // What was said about the previous organization no longer applies; its unsaved draft is kept.
      if (this.lastOrgId !== null) {
        this.problems = {};
        this.status = {};
        this.copyStatus = '';
        this.setUpload({});
      }
      this.lastOrgId = orgId;
    }
  }

  // — drafts —

  private current(s: Settings): Settings {
    return this.fresh && this.fresh.base === s ? this.fresh.settings : s;
  }

  private form<S extends SectionId>(s: Settings, section: S): Forms[S] {
    const draft = this.draftOrg?.id === s.id ? (this.drafts[section] as Forms[S] | undefined) : undefined;
    return draft ?? formsOf(s)[section];
  }

  private dirty(s: Settings, section: SectionId): boolean {
    return this.draftOrg?.id === s.id && this.drafts[section] !== undefined && !same(this.drafts[section], formsOf(s)[section]);
  }

  private edit<S extends SectionId>(s: Settings, section: S, patch: Partial<Forms[S]>): void {
    if (this.draftOrg && this.draftOrg.id !== s.id) return;
    const next = { ...this.form(s, section), ...patch };
    const drafts: Partial<Forms> = { ...this.drafts };
    if (same(next, formsOf(s)[section])) delete drafts[section];
    else (drafts as Record<string, unknown>)[section] = next;
    this.setDrafts(drafts, s);
    if (this.status[section]) this.status = { ...this.status, [section]: '' };
  }

  private setDrafts(drafts: Partial<Forms>, s: { id: string; name: string } | null): void {
    this.drafts = drafts;
    this.draftOrg = Object.keys(drafts).length > 0 && s ? (this.draftOrg ?? { id: s.id, name: s.name }) : null;
  }

  private discard(section: SectionId): void {
    const drafts = { ...this.drafts };
    delete drafts[section];
    this.setDrafts(drafts, this.draftOrg);
    this.problems = { ...this.problems, [section]: undefined };
    if (section === 'profile') this.setUpload({});
  }

  private discardAll(): void {
    this.setDrafts({}, null);
    this.problems = {};
    this.setUpload({});
  }

  /** Back to the organization whose changes are unsaved (the provider switches, as for <org-switcher>). */
  private keepEditing(): void {
    const id = this.draftOrg?.id;
    if (!id) return;
    this.emit('orgkit-org-select', { orgId: id });
    if (this.ctx && !this.closest('org-provider')) this.ctx.selectOrg(id);
  }

  private get stranded(): boolean {
    return this.hasUnsaved && !!this.draftOrg && !!this.ctx?.orgId && this.ctx.orgId !== this.draftOrg.id;
  }

  // — validation and errors —

  /** ORG-4, as the server checks it (orgNameProblem), in the user's language. */
  private nameError(name: string): string | null {
    if (orgNameProblem(name) === null) return null;
    const trimmed = name.trim();
    if (trimmed.length === 0) return this.t('orgSettings.name.empty');
    if (trimmed.length > 100) return this.t('orgSettings.name.tooLong', { count: trimmed.length });
    if (/[<>]/.test(trimmed)) return this.t('orgSettings.name.angle');
    return this.t('orgSettings.name.url');
  }

  private checkName(s: Settings): void {
    // A blur also comes when the input leaves the page (e.g. on switching organization): nothing to check then.
    if (this.stranded || s.id !== this.ctx?.orgId) return;
    const error = this.nameError(this.form(s, 'profile').name);
    const previous = this.problems.profile ?? { fields: {}, general: null };
    if ((previous.fields.name ?? null) === error) return;
    const fields = { ...previous.fields };
    if (error) fields.name = error;
    else delete fields.name;
    this.problems = { ...this.problems, profile: { fields, general: Object.keys(fields).length > 0 ? previous.general : null } };
  }

  private label(section: SectionId, key: string): string {
    const keys: Record<string, string> = {
      'profile.name': 'orgSettings.name.label',
      'profile.logoUrl': 'orgSettings.logo.urlLabel',
      'notifications.notificationEmail': 'orgSettings.notifications.email',
      'features.regularChat': 'orgSettings.features.regularChat',
      'features.endlessChat': 'orgSettings.features.endlessChat',
      'visibility.internalChatVisibility': 'orgSettings.visibility.legend',
    };
    return this.t(keys[`${section}.${key}`] ?? `orgSettings.billing.${key}`);
  }

  /** The text for one field the server named (its `param`), in the user's language where we know the rule. */
  private fieldText(section: SectionId, key: string, error: ApiError, form: Record<string, unknown>): string {
    if (error.code !== 'validation_failed') return this.errorText(error);
    if (key === 'logoUrl') return this.t('orgSettings.logo.invalidUrl');
    if (key === 'email' || key === 'notificationEmail') return this.t('orgSettings.error.email');
    if (key === 'country') return this.t('orgSettings.error.country');
    const value = form[key];
    const field = this.label(section, key).replace(/\s*\(.*\)$/, '');
    if (typeof value === 'string' && value.trim() === '') return this.t('orgSettings.error.required', { field });
    return this.t('orgSettings.error.invalid', { field });
  }

  /** Map an error to the inputs it is about (`param`, and every issue of a validation error), else a section error. */
  private problemsFor(section: SectionId, error: unknown, form: Record<string, unknown>): Problems {
    if (error instanceof ApiError && error.param) {
      const issues = (error.meta as { issues?: unknown } | undefined)?.issues;
      const params = Array.isArray(issues)
        ? issues.map((i) => (typeof i === 'object' && i !== null && 'param' in i ? String((i as { param: unknown }).param) : ''))
        : [error.param];
      const fields: Record<string, string> = {};
      for (const param of params) {
        const key = param in form ? param : (param.split('.').pop() ?? '');
        if (key in form && !(key in fields)) fields[key] = this.fieldText(section, key, error, form);
      }
      if (Object.keys(fields).length > 0) return { fields, general: this.t('orgSettings.fixFields') };
    }
    return { fields: {}, general: this.errorText(error) };
  }

  private async focusFirstInvalid(section: SectionId): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[part~="section-${section}"] [aria-invalid="true"]`)?.focus();
  }

  // — saving —

  private async save(s: Settings, section: SectionId, e?: Event): Promise<void> {
    e?.preventDefault();
    const client = this.ctx?.client;
    if (!client || this.saving[section] || !this.can('settings.edit')) return;
    const form = this.form(s, section);
    if (section === 'profile') {
      const error = this.nameError(this.form(s, 'profile').name);
      if (error) {
        this.problems = { ...this.problems, profile: { fields: { name: error }, general: this.t('orgSettings.fixFields') } };
        void this.focusFirstInvalid(section);
        return;
      }
    }
    const base = formsOf(s)[section] as Record<string, unknown>;
    const changed = Object.keys(form).filter((k) => (form as Record<string, unknown>)[k] !== base[k]);
    this.saving = { ...this.saving, [section]: true };
    this.status = { ...this.status, [section]: '' };
    this.problems = { ...this.problems, [section]: undefined };
    try {
      let result: Settings;
      let message = this.t('orgSettings.saved');
      let fields = changed;
      switch (section) {
        case 'profile': {
          const f = form as Forms['profile'];
          const logo = f.logoUrl.trim();
          result = await client.orgs.updateSettings(s.id, { name: f.name.trim(), logoUrl: logo === '' ? null : logo });
          break;
        }
        case 'notifications': {
          const email = (form as Forms['notifications']).notificationEmail.trim();
          result = await client.orgs.updateSettings(s.id, { notificationEmail: email === '' ? null : email });
          break;
        }
        case 'features':
          result = await client.orgs.updateSettings(s.id, { features: { ...(form as Forms['features']) } });
          fields = changed.map((k) => `features.${k}`);
          break;
        case 'visibility':
          result = await client.orgs.updateSettings(s.id, { internalChatVisibility: (form as Forms['visibility']).internalChatVisibility });
          break;
        case 'billing': {
          const f = form as Forms['billing'];
          const r = await client.orgs.updateBillingIdentity(s.id, {
            email: f.email.trim(), name: f.name.trim(), country: f.country, address: f.address.trim(),
            postalCode: f.postalCode.trim(), city: f.city.trim(), taxId: f.taxId.trim() === '' ? null : f.taxId.trim(),
          });
          result = r;
          fields = r.synced.map((k) => `billingIdentity.${k}`);
          message = this.t(r.synced.length > 0 ? 'orgSettings.savedSynced' : 'orgSettings.savedNoChange');
          break;
        }
      }
      // Saved: drop the draft (unless the user typed on while it was saving), show the answer until the reload.
      if (same(this.drafts[section], form) && this.draftOrg?.id === s.id) {
        const drafts = { ...this.drafts };
        delete drafts[section];
        this.setDrafts(drafts, this.draftOrg);
      }
      if (section === 'profile') this.setUpload({});
      const shown = this.loader.value;
      if (shown) this.fresh = { base: shown, settings: result };
      this.status = { ...this.status, [section]: message };
      this.emit('orgkit-settings-saved', { orgId: s.id, fields });
      this.loader.reload();
    } catch (error) {
      this.problems = { ...this.problems, [section]: this.problemsFor(section, error, form as Record<string, unknown>) };
      void this.focusFirstInvalid(section);
    } finally {
      this.saving = { ...this.saving, [section]: false };
    }
  }

  // — logo file —

  private setUpload(next: UploadState): void {
    if (this.upload.preview && this.upload.preview !== next.preview) URL.revokeObjectURL(this.upload.preview);
    this.upload = next;
  }

  private async pickLogo(s: Settings, e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    this.setUpload({});
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) {
      input.value = '';
      this.setUpload({ error: this.t('orgSettings.logo.badType', { file: file.name }) });
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      input.value = '';
      const megabytes = Math.ceil((file.size / LOGO_MAX_BYTES) * 10) / 10; // rounded up: never "1 MB" over the limit
      const size = new Intl.NumberFormat(this.uiLocale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(megabytes);
      this.setUpload({ error: this.t('orgSettings.logo.tooBig', { file: file.name, size }) });
      return;
    }
    const preview = URL.createObjectURL(file);
    const reply: { url?: Promise<string> } = {};
    const event = new CustomEvent<LogoUploadRequestDetail>('orgkit-logo-upload-request', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { orgId: s.id, file, respondWith: (url) => void (reply.url = Promise.resolve(url)) },
    });
    if (!this.dispatchEvent(event)) {
      URL.revokeObjectURL(preview);
      input.value = '';
      this.setUpload({ message: this.t('orgSettings.logo.vetoed') });
      return;
    }
    if (!reply.url) {
      this.setUpload({ preview, file: file.name, message: this.t('orgSettings.logo.noUploader') });
      return;
    }
    this.setUpload({ preview, file: file.name, busy: true, message: this.t('orgSettings.logo.uploading', { file: file.name }) });
    try {
      const url = await reply.url;
      if (this.upload.preview !== preview) return; // another file was chosen meanwhile
      const shown = this.loader.value;
      if (shown?.id === s.id) this.edit(this.current(shown), 'profile', { logoUrl: url });
      this.setUpload({ preview, file: file.name, message: this.t('orgSettings.logo.uploaded') });
    } catch (error) {
      if (this.upload.preview !== preview) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.setUpload({ error: this.t('orgSettings.logo.uploadFailed', { reason }) });
    }
  }

  // — organization ID —

  private async copyId(slug: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(slug);
      this.copyStatus = this.t('orgSettings.id.copied');
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#org-id')?.select();
      this.copyStatus = this.t('orgSettings.id.copyFailed');
    }
  }

  // — delete (ORG-8) —

  private openDelete(e: Event): void {
    this.opener = e.currentTarget as HTMLElement;
    this.confirmText = '';
    this.deleteError = null;
    this.notice = null;
    this.dialog?.showModal();
  }

  private closeDelete(): void {
    this.dialog?.close();
  }

  private onDialogClose(): void {
    this.confirmText = '';
    this.deleteError = null;
    const back = this.opener;
    this.opener = null;
    void this.updateComplete.then(() => {
      if (back?.isConnected) back.focus();
      else this.renderRoot.querySelector<HTMLElement>('[part~="notice"]')?.focus();
    });
  }

  private async confirmDelete(s: Settings, e: Event): Promise<void> {
    e.preventDefault();
    const client = this.ctx?.client;
    const typed = this.confirmText.trim();
    if (!client || this.deleting || typed !== s.slug) return;
    if (!this.request('orgkit-org-delete-request', { orgId: s.id })) {
      this.notice = this.t('orgSettings.delete.vetoed');
      this.closeDelete();
      return;
    }
    this.deleting = true;
    this.deleteError = null;
    try {
      await client.orgs.delete(s.id, { confirm: typed });
      if (this.draftOrg?.id === s.id) this.discardAll();
      this.notice = this.t('orgSettings.delete.done', { org: s.name });
      this.deleting = false;
      this.closeDelete();
      this.emit('orgkit-org-deleted', { orgId: s.id });
      // Without a provider nobody refreshes the session: this element does.
      if (this.ctx && !this.closest('org-provider')) this.ctx.refresh();
    } catch (error) {
      this.deleting = false;
      this.deleteError = this.errorText(error);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#delete-confirm')?.focus();
    }
  }

  // — rendering —

  protected override render() {
    const notice = this.notice
      ? html`<div part="notice" class="notice ok" role="status" tabindex="-1">${this.notice}</div>`
      : nothing;
    const body = this.stranded
      ? this.renderStranded()
      : this.loader.render({
          // Right after a switch the loader still holds the previous organization: never show (or edit) that.
          complete: (v) => (v.id === this.ctx?.orgId ? this.renderSettings(this.current(v)) : this.renderLoading()),
        });
    return html`<div class="wrap">${notice}${body}</div>`;
  }

  private renderStranded(): TemplateResult {
    const org = this.draftOrg?.name ?? '';
    const sections = SECTIONS.filter((x) => this.drafts[x] !== undefined).map((x) => this.t(`orgSettings.${x}.title`));
    const canReturn = this.ctx?.memberships.some((m) => m.orgId === this.draftOrg?.id && m.state === 'active') ?? false;
    return html`<div part="unsaved-notice" class="notice warn" role="alert">
      <strong>${this.t('orgSettings.stranded.title', { org })}</strong>
      <p style="margin:6px 0 10px">${this.t('orgSettings.stranded.body', { org, sections: sections.join(', ') })}</p>
      <div class="row">
        ${canReturn
          ? html`<button class="primary" part="keep-editing-button" @click=${this.keepEditing}>${this.t('orgSettings.stranded.keep', { org })}</button>`
          : nothing}
        <button part="discard-button" @click=${this.discardAll}>${this.t('common.discard')}</button>
      </div>
    </div>`;
  }

  private renderSettings(s: Settings): TemplateResult {
    const editable = this.can('settings.edit');
    return html`
      ${editable ? nothing : html`<p class="notice" role="note">${this.t('orgSettings.readOnly')}</p>`}
      ${this.renderProfile(s, editable)} ${this.renderBilling(s, editable)} ${this.renderNotifications(s, editable)}
      ${this.renderFeatures(s, editable)} ${this.renderVisibility(s, editable)} ${this.renderLocation(s)}
      ${this.can('org.delete') ? this.renderDanger(s) : nothing}
    `;
  }

  /** A section: its heading, fields, and the footer with Save, Discard, the unsaved badge and the "Saved." status. */
  private section(s: Settings, id: SectionId, editable: boolean, fields: TemplateResult, options: { intro?: string; before?: TemplateResult } = {}): TemplateResult {
    const dirty = this.dirty(s, id);
    const saving = this.saving[id] ?? false;
    const problem = this.problems[id];
    return html`<form part="section section-${id}" class="block" aria-labelledby="${id}-title" novalidate @submit=${(e: Event) => this.save(s, id, e)}>
      <h2 id="${id}-title">${this.t(`orgSettings.${id}.title`)}</h2>
      ${options.intro ? html`<p class="intro">${options.intro}</p>` : nothing}
      ${options.before ?? nothing}
      <fieldset ?disabled=${!editable}>${fields}</fieldset>
      ${problem?.general ? html`<div part="section-error" class="notice error section-error" role="alert">${problem.general}</div>` : nothing}
      ${editable
        ? html`<div class="footer">
            <button type="submit" class="primary" part="save-button save-${id}" ?disabled=${!dirty || saving}>
              ${saving ? this.t('common.saving') : this.t('common.save')}
            </button>
            ${dirty
              ? html`<button type="button" part="discard-button" @click=${() => this.discard(id)}>${this.t('orgSettings.discard')}</button>
                  <span class="badge warn">${this.t('orgSettings.unsaved')}</span>`
              : nothing}
            <span part="status" class="status" role="status">${this.status[id] ?? ''}</span>
          </div>`
        : nothing}
    </form>`;
  }

  /** A labelled text input with hint and error wired by aria-describedby; the error marks it aria-invalid. */
  private input<S extends SectionId>(
    s: Settings,
    section: S,
    key: keyof Forms[S] & string,
    options: { label?: string; type?: string; hint?: string; autocomplete?: string; required?: boolean; wide?: boolean; onBlur?: () => void; after?: () => void } = {},
  ): TemplateResult {
    const id = `${section}-${key}`;
    const value = String(this.form(s, section)[key] ?? '');
    const error = this.problems[section]?.fields[key];
    const described = [options.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class=${options.wide ? 'wide' : ''}>
      <label for=${id}>${options.label ?? this.label(section, key)}</label>
      <input
        id=${id}
        name=${key}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? 'off'}
        ?required=${options.required ?? false}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        .value=${live(value)}
        @input=${(e: Event) => {
          this.edit(s, section, { [key]: (e.target as HTMLInputElement).value } as Partial<Forms[S]>);
          options.after?.();
        }}
        @blur=${options.onBlur}
      />
      ${error ? html`<div class="field-error" id="${id}-error">${error}</div>` : nothing}
      ${options.hint ? html`<div class="hint" id="${id}-hint">${options.hint}</div>` : nothing}
    </div>`;
  }

  private renderProfile(s: Settings, editable: boolean): TemplateResult {
    const form = this.form(s, 'profile');
    const upload = this.upload;
    const shownLogo = upload.preview ?? (isWebUrl(form.logoUrl.trim()) ? form.logoUrl.trim() : null);
    const nameTouched = () => {
      // Once the name shows an error, re-check it while typing, so the error goes as soon as it is fixed.
      if (this.problems.profile?.fields.name || this.nameError(this.form(s, 'profile').name)) this.checkName(s);
    };
    const idBlock = html`<label for="org-id">${this.t('orgSettings.id.label')}</label>
      <div class="inline">
        <input id="org-id" part="org-id" readonly .value=${s.slug} aria-describedby="org-id-hint" />
        <button type="button" part="copy-button" @click=${() => this.copyId(s.slug)}>${this.t('orgSettings.id.copy')}</button>
      </div>
      <div class="hint" id="org-id-hint">${this.t('orgSettings.id.hint')}</div>
      <div class="hint" role="status">${this.copyStatus}</div>`;
    const fileError = upload.error;
    const fields = html`
      ${this.input(s, 'profile', 'name', { required: true, autocomplete: 'organization', hint: this.t('orgSettings.name.hint'), after: nameTouched, onBlur: () => this.checkName(s) })}
      ${this.input(s, 'profile', 'logoUrl', { type: 'url', hint: this.t('orgSettings.logo.urlHint'), autocomplete: 'url' })}
      <label for="profile-logoFile">${this.t('orgSettings.logo.fileLabel')}</label>
      <input
        id="profile-logoFile"
        type="file"
        accept=${LOGO_TYPES.join(',')}
        aria-invalid=${fileError ? 'true' : 'false'}
        aria-describedby=${fileError ? 'profile-logoFile-error profile-logoFile-hint' : 'profile-logoFile-hint'}
        @change=${(e: Event) => this.pickLogo(s, e)}
      />
      ${fileError ? html`<div class="field-error" id="profile-logoFile-error" role="alert">${fileError}</div>` : nothing}
      <div class="hint" id="profile-logoFile-hint">${this.t('orgSettings.logo.fileHint')}</div>
      <div class="logo">
        ${shownLogo
          ? html`<img part="logo-preview" src=${shownLogo} alt=${this.t(upload.preview ? 'orgSettings.logo.preview' : 'orgSettings.logo.current')} />`
          : nothing}
        <div class="message hint" role="status" aria-busy=${upload.busy ? 'true' : 'false'}>${upload.message ?? ''}</div>
      </div>
    `;
    return this.section(s, 'profile', editable, fields, { intro: this.t('orgSettings.profile.intro'), before: idBlock });
  }

  private renderBilling(s: Settings, editable: boolean): TemplateResult {
    const form = this.form(s, 'billing');
    const countryError = this.problems.billing?.fields.country;
    const list = countries(this.uiLocale, form.country || undefined);
    const fields = html`
      ${s.billingIdentity ? nothing : html`<p class="hint">${this.t('orgSettings.billing.none')}</p>`}
      <div class="grid">
        ${this.input(s, 'billing', 'email', { type: 'email', required: true, autocomplete: 'email' })}
        ${this.input(s, 'billing', 'name', { required: true, autocomplete: 'organization' })}
        ${this.input(s, 'billing', 'address', { required: true, autocomplete: 'street-address', wide: true })}
        ${this.input(s, 'billing', 'postalCode', { required: true, autocomplete: 'postal-code' })}
        ${this.input(s, 'billing', 'city', { required: true, autocomplete: 'address-level2' })}
        <div>
          <label for="billing-country">${this.t('orgSettings.billing.country')}</label>
          <select
            id="billing-country"
            name="country"
            autocomplete="country"
            required
            aria-invalid=${countryError ? 'true' : 'false'}
            aria-describedby=${countryError ? 'billing-country-error' : nothing}
            @change=${(e: Event) => this.edit(s, 'billing', { country: (e.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${form.country === ''} disabled>${this.t('orgSettings.billing.countryPick')}</option>
            ${list.map((c) => html`<option value=${c.code} ?selected=${c.code === form.country}>${c.name}</option>`)}
          </select>
          ${countryError ? html`<div class="field-error" id="billing-country-error">${countryError}</div>` : nothing}
        </div>
        ${this.input(s, 'billing', 'taxId', { hint: this.t('orgSettings.billing.taxIdHint') })}
      </div>
    `;
    return this.section(s, 'billing', editable, fields, { intro: this.t('orgSettings.billing.intro') });
  }

  private renderNotifications(s: Settings, editable: boolean): TemplateResult {
    const fields = this.input(s, 'notifications', 'notificationEmail', { type: 'email', autocomplete: 'email', hint: this.t('orgSettings.notifications.hint') });
    return this.section(s, 'notifications', editable, fields);
  }

  private renderFeatures(s: Settings, editable: boolean): TemplateResult {
    const form = this.form(s, 'features');
    const toggle = (key: 'regularChat' | 'endlessChat') => html`<div class="switch-row">
      <div>
        <label for="features-${key}">${this.t(`orgSettings.features.${key}`)}</label>
        <div class="hint" id="features-${key}-hint">${this.t(`orgSettings.features.${key}Hint`)}</div>
      </div>
      <div class="switch-control">
        <span class="state" aria-hidden="true">${this.t(form[key] ? 'orgSettings.features.on' : 'orgSettings.features.off')}</span>
        <input
          id="features-${key}"
          type="checkbox"
          role="switch"
          aria-describedby="features-${key}-hint"
          .checked=${live(form[key])}
          @change=${(e: Event) => this.edit(s, 'features', { [key]: (e.target as HTMLInputElement).checked })}
        />
      </div>
    </div>`;
    return this.section(s, 'features', editable, html`${toggle('regularChat')}${toggle('endlessChat')}`);
  }

  private renderVisibility(s: Settings, editable: boolean): TemplateResult {
    const value = this.form(s, 'visibility').internalChatVisibility;
    const choice = (v: ChatVisibility) => html`<div class="choice">
      <input
        type="radio"
        id="visibility-${v}"
        name="internalChatVisibility"
        value=${v}
        aria-describedby="visibility-${v}-hint"
        .checked=${live(value === v)}
        @change=${() => this.edit(s, 'visibility', { internalChatVisibility: v })}
      />
      <label for="visibility-${v}">${this.t(`orgSettings.visibility.${v}`)}</label>
      <div class="hint" id="visibility-${v}-hint">${this.t(`orgSettings.visibility.${v}Hint`)}</div>
    </div>`;
    const fields = html`<fieldset aria-describedby="visibility-note">
        <legend>${this.t('orgSettings.visibility.legend')}</legend>
        ${choice('private')}${choice('full')}
      </fieldset>
      <p class="notice note" id="visibility-note" part="visibility-note">${this.t('orgSettings.visibility.note')}</p>`;
    return this.section(s, 'visibility', editable, fields);
  }

  private renderLocation(s: Settings): TemplateResult {
    return html`<section part="section section-location" class="block" aria-labelledby="location-title">
      <h2 id="location-title" class=${this.locationSlotted ? 'sr-only' : ''}>${this.t('orgSettings.location.title')}</h2>
      ${this.locationSlotted
        ? nothing
        : html`<p part="location-current">${this.t('orgSettings.location.current', { tier: this.t(`orgSettings.tier.${s.residency}`) })}</p>`}
      <slot
        name="server-location"
        @slotchange=${(e: Event) => {
          this.locationSlotted = (e.target as HTMLSlotElement).assignedElements().length > 0;
        }}
      >
        ${this.serverLocationHref
          ? html`<a part="location-link" href=${this.serverLocationHref}>${this.t('orgSettings.location.change')}</a>`
          : nothing}
      </slot>
    </section>`;
  }

  private renderDanger(s: Settings): TemplateResult {
    const matches = this.confirmText.trim() === s.slug;
    const [before, after] = this.t('orgSettings.delete.dialogBody', { slug: '\u0000' }).split('\u0000');
    return html`<section part="danger-zone" class="block danger-zone" aria-labelledby="delete-title">
        <h2 id="delete-title">${this.t('orgSettings.delete.title')}</h2>
        <p>${this.t('orgSettings.delete.intro', { org: s.name })}</p>
        <button type="button" class="danger" part="delete-button" aria-haspopup="dialog" @click=${this.openDelete}>
          ${this.t('orgSettings.delete.open')}
        </button>
      </section>
      <dialog part="delete-dialog" aria-labelledby="delete-dialog-title" aria-describedby="delete-dialog-body" @close=${this.onDialogClose}>
        <form novalidate @submit=${(e: Event) => this.confirmDelete(s, e)}>
          <h2 id="delete-dialog-title">${this.t('orgSettings.delete.dialogTitle', { org: s.name })}</h2>
          <p id="delete-dialog-body">${before}<code>${s.slug}</code>${after}</p>
          <label for="delete-confirm">${this.t('orgSettings.delete.confirmLabel')}</label>
          <input
            id="delete-confirm"
            part="confirm-input"
            autofocus
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            aria-invalid=${this.deleteError ? 'true' : 'false'}
            aria-describedby=${this.deleteError ? 'delete-confirm-error' : nothing}
            .value=${live(this.confirmText)}
            @input=${(e: Event) => (this.confirmText = (e.target as HTMLInputElement).value)}
          />
          ${this.deleteError ? html`<div class="field-error" id="delete-confirm-error" role="alert">${this.deleteError}</div>` : nothing}
          <div class="actions">
            <button type="button" @click=${this.closeDelete}>${this.t('common.cancel')}</button>
            <button type="submit" class="danger primary" part="confirm-delete-button" ?disabled=${!matches || this.deleting}>
              ${this.deleting ? this.t('orgSettings.delete.deleting') : this.t('orgSettings.delete.confirm')}
            </button>
          </div>
        </form>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'org-settings': OrgSettings;
  }
  interface GlobalEventHandlersEventMap {
    'orgkit-logo-upload-request': CustomEvent<LogoUploadRequestDetail>;
  }
}
