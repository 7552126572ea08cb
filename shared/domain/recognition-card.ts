/**
 * The recognition card: what a terminal shows when a guest walks up. Built from the profile alone (the card item):
 * the usuals are summarised there already, so building it reads nothing else.
 */
import { findProperty, requireProperty } from '../config/properties.ts';
import type { AbsenceAnswer } from './absence-survey.ts';
import type { OrderedItem } from '../events/guest-events.ts';
import type { DietaryNeeds } from './dietary-needs.ts';
import { topSpendEvidenceMonths } from '../config/tags.ts';
import { buildCardTags, type CardTag, type TopSpendEvidence } from './guest-tags.ts';
import { birthMonthDay, daysBetween, isLeapYear, toLocalDateTime } from './dates.ts';
import { currentStayAt, homePropertyOf, latestCurrentStay, parseDiningKey, type GuestProfile, type Note } from './guest-profile.ts';
import { figuresOver, type ValueFigures } from './guest-value.ts';
import { mealPeriodAt } from './meal-period.ts';
import type { Usual } from './usual.ts';

export interface DiningPreference {
  readonly propertyId: string;
  readonly outlet: string;
  readonly mealPeriod: string;
  readonly usualTable: Usual<string>;
  readonly usualOrder: Usual<readonly OrderedItem[]>;
  readonly lastVisit: { readonly date: string; readonly table: string; readonly items: readonly OrderedItem[] };
}

/** What the guest brought a property: the last 12 and 36 months, each counting the current month (local there). */
export interface PropertyValue {
  readonly propertyId: string;
  /** The property's currency: spend is in it. */
  readonly currency: string;
  readonly last12Months: ValueFigures;
  readonly last36Months: ValueFigures;
}

export interface RecognitionCard {
  readonly guestId: string;
  /** As staff should say it: "Mr. Yu". */
  readonly salutation: string;
  readonly fullName: string;
  /** Allergies and dietary needs, group-wide; null when none are recorded. Terminals show them before anything else. */
  readonly dietaryNeeds: DietaryNeeds | null;
  /** Tags staff set and tags derived from the profile, each with its evidence. */
  readonly tags: readonly CardTag[];
  /** `walk-in`: known from the restaurant only, never stayed. */
  readonly status: 'walk-in' | 'first-stay' | 'returning';
  readonly inHouse: { readonly propertyId: string; readonly room: string; readonly since: string } | null;
  readonly stays: {
    readonly count: number;
    /** Null when the first stay was at another property than the caller's. */
    readonly firstStayOn: string | null;
    readonly lastStay: { readonly propertyId: string; readonly checkedInOn: string; readonly departedOn: string } | null;
    readonly daysSinceLastStay: number | null;
  };
  /** The current meal period at the asked outlet (when one was asked). */
  readonly mealPeriod: string | null;
  readonly dining: readonly DiningPreference[];
  readonly notes: readonly Note[];
  readonly birthdayToday: boolean;
  /** The latest answer to "What kept you away?", with its date; null when none. Front desk and admin only. */
  readonly absenceAnswer?: AbsenceAnswer | null;
  /** Per property: stays, nights and spend over 12 and 36 months. Front desk and admin only. */
  readonly value?: readonly PropertyValue[];
}

/** Each property's figures as of `now`, in its own time zone and currency. */
export function buildPropertyValues(profile: Pick<GuestProfile, 'value'>, now: Date): PropertyValue[] {
  return Object.entries(profile.value ?? {}).map(([propertyId, months]) => {
    const property = requireProperty(propertyId);
    const currentMonth = toLocalDateTime(now, property.timeZone).date.slice(0, 7);
    return {
      propertyId,
      currency: property.currency,
      last12Months: figuresOver(months, currentMonth, 12),
      last36Months: figuresOver(months, currentMonth, 36),
    };
  });
}

/** The evidence of the `top-spend` tag at the property, when its latest segmentation found the guest among the top. */
function topSpendEvidence(profile: GuestProfile, propertyId: string, today: string): TopSpendEvidence | null {
  const segment = profile.valueSegments?.[propertyId];
  if (!segment?.top) return null;
  const spend = figuresOver(profile.value?.[propertyId] ?? [], today.slice(0, 7), topSpendEvidenceMonths).spend;
  return { propertyId, since: segment.on, spend, months: topSpendEvidenceMonths, currency: requireProperty(propertyId).currency };
}

export interface CardRequest {
  /** The moment the card is read: "days since", "birthday today" and the current meal period depend on it. */
  readonly now: Date;
  /** The property asking; dates are evaluated in its time zone. Falls back to the guest's latest property. */
  readonly propertyId?: string;
  readonly outlet?: string;
  readonly mealPeriod?: string;
}

const abbreviatedTitles = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof']);

/** "Mr Yu" -> "Mr. Yu"; without a title, the full name. */
export function salutationOf(profile: Pick<GuestProfile, 'title' | 'firstName' | 'lastName'>): string {
  if (!profile.title) return fullNameOf(profile);
  const title = abbreviatedTitles.has(profile.title.toLowerCase()) ? `${profile.title}.` : profile.title;
  return `${title} ${profile.lastName}`;
}

export function fullNameOf(profile: Pick<GuestProfile, 'firstName' | 'lastName'>): string {
  return profile.firstName ? `${profile.firstName} ${profile.lastName}` : profile.lastName;
}

/** 29 February birthdays are celebrated on 28 February in other years. */
export function isBirthdayOn(birthDate: string, localDate: string): boolean {
  const birthday = birthMonthDay(birthDate);
  const today = localDate.slice(5);
  if (birthday === today) return true;
  const year = Number(localDate.slice(0, 4));
  return birthday === '02-29' && today === '02-28' && !isLeapYear(year);
}

export function buildRecognitionCard(profile: GuestProfile, request: CardRequest): RecognitionCard {
  const home = homePropertyOf(profile);
  const property = findProperty(request.propertyId ?? home) ?? requireProperty(home);
  const today = toLocalDateTime(request.now, property.timeZone);
  const outlet = request.outlet ? property.outlets.find((o) => o.id === request.outlet) : undefined;
  const mealPeriod = request.mealPeriod ?? (outlet ? mealPeriodAt(outlet, today.time) : undefined);
  const last = profile.lastCompletedStay;
  // The stay at the asking property; without one, the latest anywhere (the caller's view then decides what shows).
  const inHouse = (request.propertyId ? currentStayAt(profile, request.propertyId) : undefined) ?? latestCurrentStay(profile);

  const dining = Object.entries(profile.dining)
    .map(([key, summary]) => ({ ...parseDiningKey(key), ...summary }))
    .filter((entry) => (request.outlet ? entry.propertyId === property.id && entry.outlet === request.outlet : true))
    .filter((entry) => (mealPeriod ? entry.mealPeriod === mealPeriod : true))
    .map(({ propertyId, outlet: outletId, mealPeriod: period, usualTable, usualOrder, lastVisit }) => ({
      propertyId,
      outlet: outletId,
      mealPeriod: period,
      usualTable,
      usualOrder,
      lastVisit: { date: lastVisit.date, table: lastVisit.table, items: lastVisit.items },
    }));

  return {
    guestId: profile.guestId,
    salutation: salutationOf(profile),
    fullName: fullNameOf(profile),
    dietaryNeeds: profile.dietaryNeeds ?? null,
    tags: buildCardTags({
      staffTags: profile.tags ?? [],
      stayDates: profile.stayDates ?? [],
      today: today.date,
      lastDepartedOn: last?.departedOn ?? null,
      inHouseSince: inHouse?.checkedInOn ?? null,
      topSpend: topSpendEvidence(profile, property.id, today.date),
    }),
    status: profile.stayCount > 1 ? 'returning' : profile.stayCount === 1 ? 'first-stay' : 'walk-in',
    inHouse: inHouse ? { propertyId: inHouse.propertyId, room: inHouse.room, since: inHouse.checkedInOn } : null,
    stays: {
      count: profile.stayCount,
      firstStayOn: profile.firstStay?.checkedInOn ?? null,
      lastStay: last?.departedOn ? { propertyId: last.propertyId, checkedInOn: last.checkedInOn, departedOn: last.departedOn } : null,
      daysSinceLastStay: last?.departedOn ? daysBetween(last.departedOn, today.date) : null,
    },
    mealPeriod: mealPeriod ?? null,
    dining,
    notes: profile.notes,
    birthdayToday: profile.birthDate ? isBirthdayOn(profile.birthDate, today.date) : false,
    absenceAnswer: profile.absenceAnswer ?? null,
    value: buildPropertyValues(profile, request.now),
  };
}
