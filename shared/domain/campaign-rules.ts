/**
 * Who gets which email on a given day: the pure rules behind the birthday and "we miss you" jobs.
 * "Today" is the scheduled run's instant read in the time zone of the property that sends (the guest's most recent
 * property), so a guest of Bangkok is greeted on their Bangkok birthday whatever the UTC date.
 */
import { properties, requireProperty, type PropertyConfig } from '../config/properties.ts';
import { isLeapYear, toLocalDate } from './dates.ts';
import type { Campaign } from './greeting-email.ts';
import { homePropertyOf, type GuestProfile } from './guest-profile.ts';
import { isBirthdayOn } from './recognition-card.ts';

export type CampaignDecision =
  /** Not this guest's day (the index key matched, but not in the sending property's time zone or threshold). */
  | { readonly kind: 'not-today' }
  | { readonly kind: 'skip'; readonly reason: string }
  | {
      readonly kind: 'send';
      readonly propertyId: string;
      /** Ledger period: at most one email per guest, campaign and period. */
      readonly period: string;
      /** Whole years since the last stay ended; 0 when less than a year or in house. */
      readonly yearsAway: number;
    };

/** Every property's local date at `at` (properties in different zones may be on different days). */
function localDatesAt(at: Date, scope: readonly PropertyConfig[]): string[] {
  return [...new Set(scope.map((p) => toLocalDate(at, p.timeZone)))];
}

/** A 29 February date also belongs to 28 February in years that have no 29th. */
function withLeapDayFallback(date: string, shift: (monthDay: string) => string[]): string[] {
  const year = Number(date.slice(0, 4));
  return date.slice(5) === '02-28' && !isLeapYear(year) ? shift('02-28').concat(shift('02-29')) : shift(date.slice(5));
}

/** The birthday index keys (MM-DD) to read for a run at `at`, for the properties in `scope` (all by default). */
export function birthdayMonthDaysAt(at: Date, scope: readonly PropertyConfig[] = properties): string[] {
  return [...new Set(localDatesAt(at, scope).flatMap((date) => withLeapDayFallback(date, (monthDay) => [monthDay])))];
}

/** The last-stay index keys (YYYY-MM-DD): exactly N years before each property's today (those in `scope`), for its thresholds. */
export function lapsedDepartureDatesAt(at: Date, scope: readonly PropertyConfig[] = properties): string[] {
  const dates = scope.flatMap((property) => {
    const today = toLocalDate(at, property.timeZone);
    const year = Number(today.slice(0, 4));
    return property.lapsedAfterYears.flatMap((years) => withLeapDayFallback(today, (monthDay) => [`${year - years}-${monthDay}`]));
  });
  return [...new Set(dates)];
}

/** Whole years from `from` to `to` (YYYY-MM-DD); an anniversary on 29 February is reached on 28 February. */
export function wholeYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) >= from.slice(5) || isBirthdayOn(from, to) ? years : years - 1;
}

/** The guest's most recent property: it sends, and its time zone says what "today" is. */
export function sendingPropertyOf(profile: GuestProfile): string {
  return homePropertyOf(profile);
}

function todayFor(profile: GuestProfile, at: Date): string {
  return toLocalDate(at, requireProperty(sendingPropertyOf(profile)).timeZone);
}

function mailabilityProblem(profile: GuestProfile): string | undefined {
  if (!profile.email) return 'no email address';
  if (!profile.marketingConsent) return 'no marketing consent';
  return undefined;
}

function yearsAwayOf(profile: GuestProfile, today: string): number {
  const departedOn = profile.lastCompletedStay?.departedOn;
  return profile.currentStays.length || !departedOn ? 0 : Math.max(0, wholeYearsBetween(departedOn, today));
}

export function decideBirthdayGreeting(profile: GuestProfile, at: Date): CampaignDecision {
  const today = todayFor(profile, at);
  if (!profile.birthDate || !isBirthdayOn(profile.birthDate, today)) return { kind: 'not-today' };
  const problem = mailabilityProblem(profile);
  if (problem) return { kind: 'skip', reason: problem };
  return { kind: 'send', propertyId: sendingPropertyOf(profile), period: today.slice(0, 4), yearsAway: yearsAwayOf(profile, today) };
}

export function decideLapsedGuestEmail(profile: GuestProfile, at: Date): CampaignDecision {
  const last = profile.lastCompletedStay;
  if (!last?.departedOn) return { kind: 'not-today' };
  const property = requireProperty(last.propertyId);
  const today = toLocalDate(at, property.timeZone);
  if (!isBirthdayOn(last.departedOn, today)) return { kind: 'not-today' };
  const years = wholeYearsBetween(last.departedOn, today);
  if (!property.lapsedAfterYears.includes(years)) return { kind: 'not-today' };
  if (profile.currentStays.length) return { kind: 'skip', reason: 'in house' };
  const problem = mailabilityProblem(profile);
  if (problem) return { kind: 'skip', reason: problem };
  if (decideBirthdayGreeting(profile, at).kind === 'send') return { kind: 'skip', reason: 'gets a birthday greeting today' };
  return { kind: 'send', propertyId: property.id, period: `${last.departedOn}+${years}y`, yearsAway: years };
}

export interface CampaignRules {
  readonly indexKeysAt: (at: Date, scope?: readonly PropertyConfig[]) => string[];
  /** The property whose run handles the guest (and sends, if anything is sent); undefined: no property's. */
  readonly propertyOf: (profile: GuestProfile) => string | undefined;
  readonly decide: (profile: GuestProfile, at: Date) => CampaignDecision;
}

export const campaignRules: Record<Campaign, CampaignRules> = {
  'birthday-greetings': { indexKeysAt: birthdayMonthDaysAt, propertyOf: sendingPropertyOf, decide: decideBirthdayGreeting },
  'lapsed-guests': { indexKeysAt: lapsedDepartureDatesAt, propertyOf: (profile) => profile.lastCompletedStay?.propertyId, decide: decideLapsedGuestEmail },
};
