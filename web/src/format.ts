/** Dates, items and counts as staff read them, in the terminal's language. */
import type { OrderedItem } from '#shared/events/guest-events';
import { locale, t } from './i18n.ts';

/** A local date (YYYY-MM-DD) as "8 June 2025"; formatted in UTC so the calendar date never shifts. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function formatMonth(date: string): string {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** An instant, at the property, as a date and time. */
export function formatInstant(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleString(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}

/** An amount in the property's currency, whole units: "THB 12,500" as the terminal's language writes it. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
}

/** "1 sandwich, 1 coffee, 1 egg" */
/** What a usual rests on: "2 of the last 3 visits, last on 8 June 2025", or "at the one visit, on 8 June 2025". */
export function formatEvidence(usual: { readonly timesChosen: number; readonly recentVisits: number; readonly lastChosenOn: string }): string {
  const date = formatDate(usual.lastChosenOn);
  return usual.recentVisits === 1 ? t('cardEvidenceOnce', { date }) : t('cardEvidence', { times: usual.timesChosen, visits: usual.recentVisits, date });
}

export function formatItems(items: readonly OrderedItem[]): string {
  return items.map((item) => `${item.quantity} ${item.name}`).join(', ');
}

export function formatStays(count: number): string {
  return count === 1 ? t('staysOne') : t('staysCount', { count });
}

/** "The Terrace (all day)" as said aloud: "The Terrace". */
export function outletShortName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '') || name;
}
