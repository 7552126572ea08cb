/**
 * How a guest's card is stored, and read back: the profile with its usuals, dates and value figures in their compact
 * forms (attribute names and list elements count towards an item's size, and the card must stay under 4 KB), and
 * the attributes that make a card something else for a while (an erasure under way, a merged guest's pointer, the
 * previous layout). Pure: the readers and the recorders both use it.
 */
import { keepNewestNotes, orderKey, summariseDining, type DiningSummary, type DiningVisit, type GuestProfile, type Note } from '../domain/guest-profile.ts';
import { monthNumberOf, monthOfNumber, type GuestValue } from '../domain/guest-value.ts';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import type { OrderedItem } from '../events/guest-events.ts';
import type { DuplicateGuest, InHouseGuest } from '../ports.ts';
import type { Item } from './query.ts';

/**
 * The attribute an erasure sets on the card before it deletes anything (see dynamo-guest-rights.ts). It changes the
 * card's version, so a recording that read the card before fails its transaction, reads again, and is discarded.
 */
export const erasingAttribute = 'erasingSince';

/**
 * The attribute of the card of a guest merged into another: the card is then only a pointer to that guest (with the
 * names the list of possible duplicates shows), until the merge is undone. Their history stays in their partition.
 */
export const mergedIntoAttribute = 'mergedInto';

/**
 * The attribute only a card of the previous layout has: its profile carried every pair's recent visits itself (and
 * up to 100 notes). Such a card is still read correctly; the first event recorded for the guest refolds the history
 * and writes the card and every pair's item in this layout.
 */
export const previousLayoutAttribute = 'recentDining';

/** One of a pair of possible duplicates, from their card: a merged guest's card keeps what the list shows of them. */
export function duplicateGuestOf(guestId: string, card: Item | undefined): DuplicateGuest[] {
  if (!card) return [];
  if (card[mergedIntoAttribute])
    return [
      {
        guestId,
        salutation: card.salutation as string,
        fullName: card.fullName as string,
        stayCount: card.stayCount as number,
        mergedInto: card[mergedIntoAttribute] as string,
      },
    ];
  const profile = profileFromItem(card);
  return [{ guestId, salutation: salutationOf(profile), fullName: fullNameOf(profile), stayCount: profile.stayCount }];
}

/** The guests holding an identity key item. */
export function holdersOf(item: Item | undefined): string[] {
  return (item?.guestIds as string[] | undefined) ?? [];
}

/**
 * How one pair's summary sits on the card: a list rather than a map, because attribute names count towards the card's
 * size (a map per usual would make the summaries of a regular guest three times as large). What repeats is left out:
 * a date equal to the last visit's, the last table or order when it is the usual one.
 * [table, times chosen, last chosen on, order, times chosen, last chosen on, recent visits, last date, last table, last order]
 */
type StoredSummary = [string, number, string | null, StoredOrder, number, string | null, number, string, string | null, StoredOrder | null];
/** An order as [name, quantity] pairs. */
type StoredOrder = [string, number][];
/** A visit as [date, table, order]. */
type StoredVisit = [string, string, StoredOrder];

const storedOrder = (items: readonly OrderedItem[]): StoredOrder => items.map((item) => [item.name, item.quantity]);
const orderFrom = (stored: StoredOrder): OrderedItem[] => stored.map(([name, quantity]) => ({ name, quantity }));
export const storedVisit = (visit: DiningVisit): StoredVisit => [visit.date, visit.table, storedOrder(visit.items)];
const visitFrom = ([date, table, order]: StoredVisit): DiningVisit => ({ date, table, items: orderFrom(order) });

function storedSummary({ usualTable, usualOrder, lastVisit }: DiningSummary): StoredSummary {
  const unlessLast = (date: string) => (date === lastVisit.date ? null : date);
  return [
    usualTable.choice,
    usualTable.timesChosen,
    unlessLast(usualTable.lastChosenOn),
    storedOrder(usualOrder.choice),
    usualOrder.timesChosen,
    unlessLast(usualOrder.lastChosenOn),
    usualTable.recentVisits,
    lastVisit.date,
    lastVisit.table === usualTable.choice ? null : lastVisit.table,
    orderKey(lastVisit.items) === orderKey(usualOrder.choice) ? null : storedOrder(lastVisit.items),
  ];
}

function summaryFrom([table, tableTimes, tableOn, order, orderTimes, orderOn, recentVisits, lastDate, lastTable, lastOrder]: StoredSummary): DiningSummary {
  const usualOrder = orderFrom(order);
  return {
    usualTable: { choice: table, timesChosen: tableTimes, recentVisits, lastChosenOn: tableOn ?? lastDate },
    usualOrder: { choice: usualOrder, timesChosen: orderTimes, recentVisits, lastChosenOn: orderOn ?? lastDate },
    lastVisit: { date: lastDate, table: lastTable ?? table, items: lastOrder ? orderFrom(lastOrder) : usualOrder },
  };
}

/** The card's attributes: the profile, its usuals in their stored form. */
export function cardAttributesOf(profile: GuestProfile): Item {
  return {
    ...profile,
    dining: Object.fromEntries(Object.entries(profile.dining).map(([key, summary]) => [key, storedSummary(summary)])),
    // As day numbers: a date costs 3 bytes instead of 10, which keeps a regular guest's card within 3 KB.
    ...(profile.stayDates ? { stayDates: profile.stayDates.map(dayNumberOf) } : {}),
    ...(profile.value ? { value: storedValue(profile.value) } : {}),
  };
}

/**
 * Per property, one string: a month per word, `month.stays.nights.spend` (months since January 2000, spend in minor
 * units, trailing zeros left out: `305.1.4` is a stay of 4 nights in June 2025). Attribute names and list elements
 * count towards an item's size: a regular guest's months cost about half as much this way as a list of numbers.
 */
function storedValue(value: GuestValue): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).map(([propertyId, months]) => [
      propertyId,
      months.map((m) => [monthNumberOf(m.month), m.stays, m.nights, m.spend].join('.').replace(/(\.0)+$/, '')).join(' '),
    ]),
  );
}

function valueFrom(stored: Record<string, string>): GuestValue {
  return Object.fromEntries(
    Object.entries(stored).map(([propertyId, words]) => [
      propertyId,
      words.split(' ').map((word) => {
        const [month = 0, stays = 0, nights = 0, spend = 0] = word.split('.').map(Number);
        return { month: monthOfNumber(month), stays, nights, spend };
      }),
    ]),
  );
}

const dayZero = Date.UTC(2000, 0, 1);
const dayNumberOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - dayZero) / 86_400_000);
const dateOfDayNumber = (day: number) => new Date(dayZero + day * 86_400_000).toISOString().slice(0, 10);

/** A pair's recent visits, from its item. */
export function visitsFromItem(item: Item): DiningVisit[] {
  return (item.visits as StoredVisit[]).map(visitFrom);
}

/** A card item without its keys and bookkeeping: the profile. */
export function profileFromItem(item: Item): GuestProfile {
  const {
    pk: _pk,
    sk: _sk,
    entityType: _type,
    version: _version,
    gsi1pk: _b1,
    gsi1sk: _b2,
    gsi2pk: _l1,
    gsi2sk: _l2,
    gsi3pk: _s1,
    gsi3sk: _s2,
    [erasingAttribute]: _erasing,
    [previousLayoutAttribute]: previousLayout,
    dining,
    ...profile
  } = item;
  if (previousLayout) {
    // A card of the previous layout: the same answers from the visits and notes it carried.
    const summaries = Object.entries(previousLayout as Record<string, DiningVisit[]>).flatMap(([key, visits]) => {
      const summary = summariseDining(visits.map(({ date, table, items }) => ({ date, table, items })));
      return summary ? [[key, summary]] : [];
    });
    return { ...profile, dining: Object.fromEntries(summaries), notes: keepNewestNotes(profile.notes as Note[]) } as unknown as GuestProfile;
  }
  const summaries = Object.entries((dining ?? {}) as Record<string, StoredSummary>).map(([key, stored]) => [key, summaryFrom(stored)]);
  const stayDates = profile.stayDates as number[] | undefined;
  const value = profile.value as Record<string, string> | undefined;
  return {
    ...profile,
    dining: Object.fromEntries(summaries),
    ...(stayDates ? { stayDates: stayDates.map(dateOfDayNumber) } : {}),
    ...(value ? { value: valueFrom(value) } : {}),
  } as unknown as GuestProfile;
}

export function toInHouseGuest(item: Item): InHouseGuest {
  return {
    propertyId: item.propertyId as string,
    room: item.room as string,
    guestId: item.guestId as string,
    salutation: item.salutation as string,
    fullName: item.fullName as string,
    checkedInAt: item.checkedInAt as string,
  };
}
