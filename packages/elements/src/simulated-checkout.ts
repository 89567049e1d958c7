import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CheckoutSession } from '@orgkit/contract';
import { formatMoney } from './format.js';
import { registerMessages, resolveLocale, translate } from './messages.js';
import type { SimulatedOutcome } from './payments.js';
import { shared, tokens } from './styles.js';

registerMessages({
  en: {
    'sim.title': 'Test checkout',
    'sim.note': 'Simulated payment (mock backend). No real card is charged.',
    'sim.card': 'Test card',
    'sim.card.succeed': 'Visa ending 4242 — payment succeeds',
    'sim.card.decline': 'Visa ending 0002 — card declined',
    'sim.card.pending': 'Visa ending 3155 — payment stays pending',
    'sim.pay': 'Pay {amount}',
    'sim.paying': 'Paying…',
    'sim.pending': 'The payment is pending. It completes once it is collected.',
  },
  de: {
    'sim.title': 'Test-Checkout',
    'sim.note': 'Simulierte Zahlung (Mock-Backend). Es wird keine echte Karte belastet.',
    'sim.card': 'Testkarte',
    'sim.card.succeed': 'Visa mit Endung 4242 — Zahlung gelingt',
    'sim.card.decline': 'Visa mit Endung 0002 — Karte abgelehnt',
    'sim.card.pending': 'Visa mit Endung 3155 — Zahlung bleibt ausstehend',
    'sim.pay': '{amount} bezahlen',
    'sim.paying': 'Zahlung läuft …',
    'sim.pending': 'Die Zahlung ist ausstehend. Sie wird abgeschlossen, sobald sie eingezogen ist.',
  },
});

/** The simulated checkout's form (mounted by simulatedCheckout()): a test card, Pay, and the outcome. */
export class OrgKitSimulatedCheckout extends LitElement {
  static override styles = [tokens, shared, css`
    :host { border: 1px dashed var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 2); }
    fieldset { border: none; padding: 0; margin: 0; display: grid; gap: 6px; }
    legend { font-weight: 500; margin-bottom: 6px; }
    .amount { font-size: 1.4em; font-weight: 600; }
  `];

  @property({ attribute: false }) session?: CheckoutSession;
  @property({ attribute: false }) pay?: (outcome: SimulatedOutcome) => Promise<void>;
  @property({ attribute: false }) onComplete?: () => void;
  @state() private outcome: SimulatedOutcome = 'succeed';
  @state() private busy = false;
  @state() private message: { kind: 'error' | 'warn'; text: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Mounted in another element's light DOM: follow that element's theme.
    const theme = this.parentElement?.closest('[theme]')?.getAttribute('theme');
    if (theme && !this.hasAttribute('theme')) this.setAttribute('theme', theme);
  }

  private get loc() {
    return resolveLocale(this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang);
  }

  private async submit(e: Event) {
    e.preventDefault();
    if (!this.pay || this.busy) return;
    this.busy = true;
    this.message = null;
    try {
      await this.pay(this.outcome);
      if (this.outcome === 'pending') this.message = { kind: 'warn', text: translate(this.loc, 'sim.pending') };
      this.onComplete?.();
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.message = { kind: 'error', text: code ? translate(this.loc, `error.${code}`) : (err as Error).message };
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const s = this.session;
    if (!s) return html``;
    const t = (k: string, v?: Record<string, string>) => translate(this.loc, k, v);
    const amount = formatMoney(s.amount, s.currency, this.loc);
    return html`<form part="form" @submit=${this.submit}>
      <h3>${t('sim.title')}</h3>
      <p>${s.description}</p>
      <p class="amount">${amount}</p>
      <fieldset>
        <legend>${t('sim.card')}</legend>
        ${(['succeed', 'decline', 'pending'] as const).map(
          (o) => html`<label style="font-weight:400;margin:0"><input type="radio" name="card" .checked=${this.outcome === o} @change=${() => (this.outcome = o)} /> ${t(`sim.card.${o}`)}</label>`,
        )}
      </fieldset>
      <p class="hint">${t('sim.note')}</p>
      ${this.message ? html`<p class="notice ${this.message.kind}" role="alert">${this.message.text}</p>` : ''}
      <button class="primary" part="pay-button" ?disabled=${this.busy}>${this.busy ? t('sim.paying') : t('sim.pay', { amount })}</button>
    </form>`;
  }
}

if (!customElements.get('orgkit-simulated-checkout')) customElements.define('orgkit-simulated-checkout', OrgKitSimulatedCheckout);
