/**
 * The host's reaction to OrgKit's events: a toast saying what just happened, with the event's name — the proof that
 * the element's event reached the host's own code (a listener in the plain host, React's `onorgkit-…` props, Vue's
 * `@orgkit-…` listeners).
 */
import type { OrgKitEventDetails } from '@orgkit/elements';

export interface Toast {
  id: number;
  event: string;
  text: string;
}

/** The events the hosts toast on (what a product would confirm to its user). */
export const TOAST_EVENTS = [
  'orgkit-plan-changed',
  'orgkit-plan-change-scheduled',
  'orgkit-credits-purchased',
  'orgkit-invite-sent',
  'orgkit-member-removed',
  'orgkit-settings-saved',
] as const;
export type ToastEvent = (typeof TOAST_EVENTS)[number];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const num = (n: number) => new Intl.NumberFormat('en').format(n);
const day = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

/** What the host says for one of OrgKit's events. */
export function toastText<K extends ToastEvent>(name: K, detail: OrgKitEventDetails[K]): string {
  const d = detail as OrgKitEventDetails[ToastEvent];
  switch (name) {
    case 'orgkit-plan-changed':
      return `You are now on ${cap((d as OrgKitEventDetails['orgkit-plan-changed']).planId)}.`;
    case 'orgkit-plan-change-scheduled': {
      const s = d as OrgKitEventDetails['orgkit-plan-change-scheduled'];
      return `${cap(s.planId)} starts on ${day(s.effectiveAt)}.`;
    }
    case 'orgkit-credits-purchased': {
      const p = d as OrgKitEventDetails['orgkit-credits-purchased'];
      return p.status === 'paid' ? `${num(p.credits)} credits added.` : `${num(p.credits)} credits arrive once the payment is collected.`;
    }
    case 'orgkit-invite-sent':
      return `Invitation sent to ${(d as OrgKitEventDetails['orgkit-invite-sent']).email}.`;
    case 'orgkit-member-removed':
      return 'The member was removed.';
    default:
      return 'Settings saved.';
  }
}

let seq = 0;
export const makeToast = <K extends ToastEvent>(e: CustomEvent<OrgKitEventDetails[K]>): Toast => ({
  id: (seq += 1),
  event: e.type,
  text: toastText(e.type as K, e.detail),
});

/** How long a toast stays (it also closes on its button). */
export const TOAST_MS = 6_000;

/** The plain host's toasts: one live region, newest last, each closing itself. */
export function mountToasts(listenOn: EventTarget, region: HTMLElement): void {
  region.classList.add('toasts');
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  const show = (t: Toast) => {
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'icon';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '✕';
    const item = document.createElement('div');
    item.className = 'toast';
    item.dataset.test = 'toast';
    const text = document.createElement('span');
    text.textContent = t.text;
    const code = document.createElement('code');
    code.textContent = t.event;
    item.append(text, code, close);
    close.addEventListener('click', () => item.remove());
    region.append(item);
    setTimeout(() => item.remove(), TOAST_MS);
  };
  for (const name of TOAST_EVENTS) listenOn.addEventListener(name, (e) => show(makeToast(e as CustomEvent<OrgKitEventDetails[typeof name]>)));
}
