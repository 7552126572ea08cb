/**
 * What a guest is worth to a property (the 80/20 case): stays, nights and spend, month by month. Pure. The fold adds
 * each stay, departure and meal to the month it happened in (local to the property), and keeps per property only the
 * months the card can show, so the card item stays small whatever the history; the card then sums the last 12 and 36
 * months as of the moment it is read.
 */

/** One month's figures at a property. `spend` is in minor units (satang): sums of integers are exact. */
export interface MonthValue {
  /** `YYYY-MM`, local to the property. */
  readonly month: string;
  readonly stays: number;
  readonly nights: number;
  readonly spend: number;
}

/** Per property, the months with something to count, oldest first, none older than `monthsKept` before the newest. */
export type GuestValue = Readonly<Record<string, readonly MonthValue[]>>;

/** The longest window the card shows: older months are dropped as newer ones arrive. */
export const monthsKept = 36;

export interface ValueFigures {
  readonly stays: number;
  readonly nights: number;
  /** In the property's currency's major unit (baht), at most 2 decimals. */
  readonly spend: number;
}

/** Months since January 2000: what the windows and the stored card count with. */
export function monthNumberOf(month: string): number {
  return (Number(month.slice(0, 4)) - 2000) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOfNumber(monthNumber: number): string {
  const year = 2000 + Math.floor(monthNumber / 12);
  return `${year}-${String((monthNumber % 12) + 1).padStart(2, '0')}`;
}

/** An amount in major units (at most 2 decimals, as validated) in minor units. */
export function minorUnitsOf(amount: number): number {
  return Math.round(amount * 100);
}

/**
 * The figures of `month` at `propertyId` with `added` on top. Months more than `monthsKept` before the newest month
 * at any property are dropped (one month of slack: another property's time zone may still be in the month before),
 * and a property with none left with them: the fold applies entries in business-time order, so what it drops no
 * later entry needs, and applying entries one by one gives the same as folding them all.
 */
export function addToMonth(
  value: GuestValue | undefined,
  propertyId: string,
  month: string,
  added: Partial<Omit<MonthValue, 'month'>>,
): GuestValue | undefined {
  if (!added.stays && !added.nights && !added.spend) return value;
  const months = value?.[propertyId] ?? [];
  const known = months.find((m) => m.month === month) ?? { month, stays: 0, nights: 0, spend: 0 };
  const updated: MonthValue = {
    month,
    stays: known.stays + (added.stays ?? 0),
    nights: known.nights + (added.nights ?? 0),
    spend: known.spend + (added.spend ?? 0),
  };
  const merged = [...months.filter((m) => m.month !== month), updated].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const all = { ...value, [propertyId]: merged };
  const newest = Math.max(...Object.values(all).flatMap((kept) => kept.map((m) => monthNumberOf(m.month))));
  const kept = Object.entries(all).map(([id, list]) => [id, list.filter((m) => monthNumberOf(m.month) >= newest - monthsKept)] as const);
  return Object.fromEntries(kept.filter(([, list]) => list.length > 0));
}

/** The sums over the `months` months ending with `currentMonth` (the current month and the ones before it). */
export function figuresOver(months: readonly MonthValue[], currentMonth: string, monthCount: number): ValueFigures {
  const first = monthNumberOf(currentMonth) - (monthCount - 1);
  const inWindow = months.filter((m) => monthNumberOf(m.month) >= first);
  return {
    stays: inWindow.reduce((sum, m) => sum + m.stays, 0),
    nights: inWindow.reduce((sum, m) => sum + m.nights, 0),
    spend: inWindow.reduce((sum, m) => sum + m.spend, 0) / 100,
  };
}
