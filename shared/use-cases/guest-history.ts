/**
 * A guest's visit history (stays, departures, meals, notes), newest first, paged. Staff of one property see only what
 * happened there; every page is full unless it is the last, and its cursor can only continue the same guest's history
 * for the same caller scope.
 */
import { pageQuerySchema, readPage } from '../http/page-query.ts';
import { guestIdSchema } from '../events/guest-events.ts';
import { allProperties, type Caller } from '../http/caller.ts';
import type { GuestReader } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';
import { requireVisibleGuest } from './guest-visibility.ts';

export interface VisitHistoryPage {
  /** Each visit with only the fields its kind shows. */
  readonly visits: readonly Record<string, unknown>[];
  /** Pass back to read the next (older) page; absent on the last page. */
  readonly cursor?: string;
}

/** Where the history is kept (shared/store/dynamo-visit-history.ts). */
export interface VisitHistory {
  /**
   * Up to `limit` visits, newest first: only the kinds in `fieldsByKind` (each with only those fields), and only
   * visits at `propertyId` unless it is absent (group-wide). A `cursor` must be one a previous page returned for the
   * same guest and `propertyId`; any other throws InvalidCursorError. The histories of `mergedGuestIds` (guests merged
   * into this one) are read with the guest's own, as one.
   */
  listVisits(
    guestId: string,
    page: {
      limit: number;
      cursor?: string;
      propertyId?: string;
      fieldsByKind: Readonly<Record<string, readonly string[]>>;
      mergedGuestIds?: readonly string[];
    },
  ): Promise<VisitHistoryPage>;
}

export interface GuestHistoryDependencies {
  readonly reader: Pick<GuestReader, 'getProfile'>;
  readonly history: VisitHistory;
}

/**
 * Fields shown per kind of visit: an explicit allow-list, as for the card. A kind not listed here (a new kind of
 * history item, say) is not shown at all, and does not count towards a page.
 */
export const fieldsByKind: Readonly<Record<string, readonly string[]>> = {
  stay: ['kind', 'at', 'propertyId', 'room'],
  // What the PMS and the POS said the stay and the meal brought (the history is the desk's and admins').
  departure: ['kind', 'at', 'propertyId', 'room', 'nights', 'roomRevenue', 'currency'],
  dining: ['kind', 'at', 'propertyId', 'outlet', 'mealPeriod', 'table', 'items', 'partySize', 'amount', 'currency'],
  // The text too: the card keeps only each property's newest notes, the history has them all.
  note: ['kind', 'at', 'propertyId', 'category', 'text'],
  // Who stated them (role and staff member): what the restaurant relies on must be answerable for.
  dietary: ['kind', 'at', 'propertyId', 'allergies', 'diets', 'other', 'author'],
  // What was corrected (the front desk sees contact details anyway) and by whom.
  correction: ['kind', 'at', 'propertyId', 'changes', 'author'],
  tag: ['kind', 'at', 'propertyId', 'tag', 'set', 'author'],
  // The note as first written stays above; the change is recorded beside it.
  'note-change': ['kind', 'at', 'propertyId', 'noteId', 'action', 'category', 'text', 'author'],
  // Which profile was merged in (or taken out again), by whom.
  merge: ['kind', 'at', 'propertyId', 'mergedGuestId', 'author'],
  unmerge: ['kind', 'at', 'propertyId', 'mergedGuestId', 'author'],
};

export async function listGuestVisits({ reader, history }: GuestHistoryDependencies, caller: Caller, guestIdParameter: unknown, rawQuery: unknown) {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const query = parseOrThrow(pageQuerySchema, rawQuery, 'query', 'query');
  // A guest merged into another: that guest's history, which takes in theirs.
  const profile = requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  const page = await readPage(() =>
    history.listVisits(profile.guestId, {
      limit: query.limit,
      fieldsByKind,
      mergedGuestIds: profile.mergedGuests?.map((merged) => merged.guestId) ?? [],
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(caller.propertyId === allProperties ? {} : { propertyId: caller.propertyId }),
    }),
  );
  return { guestId: profile.guestId, visits: page.visits, cursor: page.cursor ?? null };
}
