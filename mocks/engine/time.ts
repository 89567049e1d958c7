import { DAY } from './clock.js';

/** Add calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return Date.UTC(
    targetYear,
    targetMonth,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** The UTC day number of a time (days since the epoch): the key of the daily usage rollups. */
export function dayNumber(t: number): number {
  return Math.floor(t / DAY);
}

export function dayDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function iso(t: number): string {
  return new Date(t).toISOString();
}
