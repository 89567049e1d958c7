import type { Currency } from '@orgkit/contract';
import type { Locale } from './messages.js';

/** Money, numbers and dates through Intl, in the organization's currency and the element's locale. */
const tag = (locale: Locale) => (locale === 'de' ? 'de-CH' : 'en-US');

/** Intl formatters are costly to build; each kind is made once per locale and options. */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatMoney(minor: number, currency: Currency, locale: Locale): string {
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(tag(locale), { style: 'currency', currency })).format(minor / 100);
}

export function formatNumber(n: number, locale: Locale): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(tag(locale))).format(n);
}

export function formatDate(iso: string, locale: Locale, withTime = false): string {
  return cached(`d|${locale}|${String(withTime)}`, () =>
    new Intl.DateTimeFormat(tag(locale), withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }),
  ).format(new Date(iso));
}

/** "in 2 days" / "vor 3 Stunden", for expiry countdowns. */
export function formatRelative(iso: string, now: number, locale: Locale): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(tag(locale), { numeric: 'auto' }));
  if (abs < 3_600_000) return rtf.format(Math.round(ms / 60_000), 'minute');
  if (abs < 48 * 3_600_000) return rtf.format(Math.round(ms / 3_600_000), 'hour');
  return rtf.format(Math.round(ms / 86_400_000), 'day');
}
