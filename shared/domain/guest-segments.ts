/**
 * Which guests bring a property the most (the 80/20 case), decided once a day per property. Pure: the daily job reads
 * each guest's months at the property (the sparse `VALUE#` items), and this module scores them as of the run's
 * local date over `segmentWindowMonths` months:
 * - recency, frequency and spend quintiles (1 to 5, 5 the best), each from the share of guests scoring the same or
 *   lower, so the input order never matters, equal scores share a quintile and the best score is always a 5;
 * - the top `topShare` of the guests with any spend, by spend (ties by guest id): a guest with no spend is never top.
 * A change of a guest's membership is recorded on their profile as a `segment` history entry, and the fold keeps per
 * property the latest membership by its date, so the order entries are applied in never matters.
 */
import type { DiningSummary, GuestProfile, Stay } from './guest-profile.ts';
import { monthNumberOf, type MonthValue, type ValueFigures } from './guest-value.ts';

/** The window the segmentation looks at: the card's longest. */
export const segmentWindowMonths = 36;
/** The share of the guests with spend who are "top". */
export const topShare = 0.2;

/** What the job reads of one guest at one property. */
export interface GuestValueRecord {
  readonly guestId: string;
  /** The guest's months at the property, oldest first (spend in minor units). */
  readonly months: readonly MonthValue[];
  /** The latest local date the guest was seen at the property, as of the last change of the figures. */
  readonly lastActiveOn: string;
}

export interface Quintiles {
  readonly recency: number;
  readonly frequency: number;
  readonly spend: number;
}

/** One guest as scored: figures over 12 and 36 months (spend in major units), quintiles, and rank when top. */
export interface ScoredGuest {
  readonly guestId: string;
  readonly last12Months: ValueFigures;
  readonly last36Months: ValueFigures;
  /** Months of the window with a stay, a night or spend: the frequency score. */
  readonly activeMonths: number;
  readonly lastActiveOn: string;
  readonly quintiles: Quintiles;
}

export interface RankedGuest extends ScoredGuest {
  /** 1 for the highest spend. */
  readonly rank: number;
}

export interface Segmentation {
  /** The local date of the run (YYYY-MM-DD). */
  readonly date: string;
  /** Guests with anything in the window. */
  readonly population: number;
  /** Of those, guests with spend in the window: the top share is taken of them. */
  readonly withSpend: number;
  /** Every guest scored, by guest id. */
  readonly scored: readonly ScoredGuest[];
  /** The top `topShare` by spend, ranked. */
  readonly top: readonly RankedGuest[];
}

/** The history entry recording that a guest joined or left a property's top guests, as of a run's date. */
export interface SegmentChanged {
  /** `segment.<property>.<date>.<guestId>`: a rerun of the day records nothing new. */
  readonly eventId: string;
  readonly propertyId: string;
  readonly guestId: string;
  /** The run's time (its schedule's intended time). */
  readonly at: string;
  /** The run's local date at the property. */
  readonly date: string;
  readonly top: boolean;
}

/** A property's latest membership on the profile: whether top, and the date of the run that said so. */
export interface ValueSegment {
  readonly top: boolean;
  readonly on: string;
}

export const segmentChangeDetailType = 'Guest Segment Changed';

export function segmentEventId(propertyId: string, date: string, guestId: string): string {
  return `segment.${propertyId}.${date}.${guestId}`;
}

/**
 * The profile's segments with the entry applied: the later run's date wins, whatever order entries arrive in (one
 * run records at most one entry per guest and property, so two entries never share a date).
 */
export function applySegmentChange(
  segments: Readonly<Record<string, ValueSegment>> | undefined,
  event: SegmentChanged,
): Readonly<Record<string, ValueSegment>> | undefined {
  const known = segments?.[event.propertyId];
  if (known && known.on >= event.date) return segments;
  return { ...segments, [event.propertyId]: { top: event.top, on: event.date } };
}

/** Of the sorted `values`, how many are at or below `value`. */
function countAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * 1 to 5 from the share of the population at or below `value` (one of `sorted`): equal values share a quintile, more
 * never lowers it, and the highest is a 5.
 */
export function quintileOf(sorted: readonly number[], value: number): number {
  return Math.max(1, Math.ceil((5 * countAtOrBelow(sorted, value)) / sorted.length));
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const ascending = (a: number, b: number) => a - b;

/**
 * The segmentation of a property's guests as of `today` (the run's local date there). Guests with nothing in the
 * window are left out; the rest are scored and the top share ranked.
 */
export function segmentGuests(records: readonly GuestValueRecord[], today: string): Segmentation {
  const current = monthNumberOf(today.slice(0, 7));
  const sums = records.flatMap((record) => {
    const sumOver = (count: number) => {
      const inWindow = record.months.filter((m) => monthNumberOf(m.month) > current - count && monthNumberOf(m.month) <= current);
      return {
        stays: inWindow.reduce((sum, m) => sum + m.stays, 0),
        nights: inWindow.reduce((sum, m) => sum + m.nights, 0),
        spend: inWindow.reduce((sum, m) => sum + m.spend, 0),
        active: inWindow.filter((m) => m.stays || m.nights || m.spend).length,
      };
    };
    const over36 = sumOver(segmentWindowMonths);
    if (!over36.active) return [];
    return [{ record, over12: sumOver(12), over36 }];
  });
  const recencies = sums.map((s) => dayNumber(s.record.lastActiveOn)).sort(ascending);
  const frequencies = sums.map((s) => s.over36.active).sort(ascending);
  const spends = sums.map((s) => s.over36.spend).sort(ascending);
  const major = (figures: { stays: number; nights: number; spend: number }): ValueFigures => ({
    stays: figures.stays,
    nights: figures.nights,
    spend: figures.spend / 100,
  });
  const scored = sums.map(({ record, over12, over36 }) => ({
    spendMinor: over36.spend,
    guest: {
      guestId: record.guestId,
      last12Months: major(over12),
      last36Months: major(over36),
      activeMonths: over36.active,
      lastActiveOn: record.lastActiveOn,
      quintiles: {
        recency: quintileOf(recencies, dayNumber(record.lastActiveOn)),
        frequency: quintileOf(frequencies, over36.active),
        spend: quintileOf(spends, over36.spend),
      },
    } satisfies ScoredGuest,
  }));
  const spenders = scored
    .filter((s) => s.spendMinor > 0)
    .sort((a, b) => b.spendMinor - a.spendMinor || (a.guest.guestId < b.guest.guestId ? -1 : a.guest.guestId > b.guest.guestId ? 1 : 0));
  const topCount = Math.ceil(spenders.length * topShare);
  return {
    date: today,
    population: scored.length,
    withSpend: spenders.length,
    scored: scored.map((s) => s.guest).sort((a, b) => (a.guestId < b.guestId ? -1 : a.guestId > b.guestId ? 1 : 0)),
    top: spenders.slice(0, topCount).map((s, i) => ({ ...s.guest, rank: i + 1 })),
  };
}

/** Who joined and who left the top since the previous membership, each sorted by guest id. */
export function membershipChanges(previousTop: Iterable<string>, currentTop: Iterable<string>): { joined: string[]; left: string[] } {
  const before = new Set(previousTop);
  const after = new Set(currentTop);
  return {
    joined: [...after].filter((id) => !before.has(id)).sort(),
    left: [...before].filter((id) => !after.has(id)).sort(),
  };
}

/**
 * The latest local date the profile shows the guest at the property: a meal there, the stay under way there, the
 * last stay if it was there, and at least the first day of the newest month with figures (a departure elsewhere since
 * replaces the profile's last stay, and the month still says when). Stored with the guest's months whenever they
 * change.
 */
export function lastActiveOnAt(profile: Pick<GuestProfile, 'dining' | 'currentStays' | 'lastCompletedStay' | 'value'>, propertyId: string): string {
  const months = profile.value?.[propertyId] ?? [];
  const newestMonth = months.at(-1)?.month;
  const dining = Object.entries(profile.dining)
    .filter(([key]) => key.startsWith(`${propertyId}/`))
    .map(([, summary]: [string, DiningSummary]) => summary.lastVisit.date);
  const stays: (Stay | undefined)[] = [profile.currentStays.find((s) => s.propertyId === propertyId), profile.lastCompletedStay];
  const stayDates = stays.filter((s): s is Stay => s?.propertyId === propertyId).map((s) => s.departedOn ?? s.checkedInOn);
  const dates = [...dining, ...stayDates, ...(newestMonth ? [`${newestMonth}-01`] : [])];
  return dates.reduce((latest, date) => (date > latest ? date : latest), '');
}
