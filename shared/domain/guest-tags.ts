/**
 * Tags on the card, each with its evidence: those staff set (who, when) and those derived from the profile
 * (`regular`: N stays in 24 months; `long-absence`: back after N days; `top-spend`: among the property's top 20% by
 * spend, with the spend over 12 months and since when). Pure.
 */
import { longAbsenceDays, regularMinimumStays, regularWindowMonths, type StaffTagName } from '../config/tags.ts';
import { daysBetween } from './dates.ts';

/** A tag staff set, as the profile keeps it. */
export interface StaffTag {
  readonly tag: StaffTagName;
  /** Business time it was set, and by which role. */
  readonly setAt: string;
  readonly setByRole: string;
}

export type CardTag =
  | { readonly tag: StaffTagName; readonly kind: 'staff'; readonly evidence: { readonly setAt: string; readonly setByRole: string } }
  | { readonly tag: 'regular'; readonly kind: 'automatic'; readonly evidence: { readonly stays: number; readonly months: number } }
  | { readonly tag: 'long-absence'; readonly kind: 'automatic'; readonly evidence: { readonly daysAway: number; readonly lastDepartedOn: string } }
  | { readonly tag: 'top-spend'; readonly kind: 'automatic'; readonly evidence: TopSpendEvidence };

/** Why a guest is among a property's top guests: the run that put them there, and what they spent there lately. */
export interface TopSpendEvidence {
  readonly propertyId: string;
  /** The local date of the daily run that found the guest among the top 20%. */
  readonly since: string;
  /** Spend at the property over `months` months (the current one included), in its currency's major unit. */
  readonly spend: number;
  readonly months: number;
  readonly currency: string;
}

/** The local date `months` months before `date` (YYYY-MM-DD; the day clamped to the month's length). */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/**
 * The card's tags: staff tags in the vocabulary's order of setting (oldest first), then the derived ones. `stayDates`
 * are the latest stays' check-in dates; `today` is the local date at the asking property.
 */
export function buildCardTags(input: {
  readonly staffTags: readonly StaffTag[];
  readonly stayDates: readonly string[];
  readonly today: string;
  /** The last departure, and whether the guest is in house now (at the asking property). */
  readonly lastDepartedOn: string | null;
  readonly inHouseSince: string | null;
  /** Set when the guest is among the asking property's top guests by spend. */
  readonly topSpend?: TopSpendEvidence | null;
}): CardTag[] {
  const tags: CardTag[] = input.staffTags.map(({ tag, setAt, setByRole }) => ({ tag, kind: 'staff', evidence: { setAt, setByRole } }));
  const since = monthsBefore(input.today, regularWindowMonths);
  const stays = input.stayDates.filter((date) => date > since && date <= input.today).length;
  if (stays >= regularMinimumStays) tags.push({ tag: 'regular', kind: 'automatic', evidence: { stays, months: regularWindowMonths } });
  if (input.inHouseSince && input.lastDepartedOn && input.lastDepartedOn <= input.inHouseSince) {
    const daysAway = daysBetween(input.lastDepartedOn, input.inHouseSince);
    if (daysAway >= longAbsenceDays) tags.push({ tag: 'long-absence', kind: 'automatic', evidence: { daysAway, lastDepartedOn: input.lastDepartedOn } });
  }
  if (input.topSpend) tags.push({ tag: 'top-spend', kind: 'automatic', evidence: input.topSpend });
  return tags;
}
