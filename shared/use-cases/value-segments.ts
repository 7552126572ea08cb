/**
 * The daily segmentation of a property's guests by value (the 80/20 case), and the admins' list of its top guests.
 *
 * A run, for one property and the day its schedule meant: read the property's value partition (one Query, paged),
 * score the guests (shared/domain/guest-segments.ts), record on each guest whose membership of the top changed since
 * the last run a `segment` history entry (through the guest store's record-once path, under an id made of property,
 * date and guest: a rerun of the day records nothing twice), then store the ranked list for the admins, its header
 * last. Safe to run twice: the same data gives the same entries and the same items.
 */
import { pageQuerySchema, readPage } from '../http/page-query.ts';
import { requireProperty } from '../config/properties.ts';
import { toLocalDateTime } from '../domain/dates.ts';
import {
  membershipChanges,
  segmentEventId,
  segmentGuests,
  topShare,
  type GuestValueRecord,
  type Quintiles,
  type RankedGuest,
  type SegmentChanged,
  type Segmentation,
} from '../domain/guest-segments.ts';
import type { ValueFigures } from '../domain/guest-value.ts';
import { propertyIdSchema } from '../events/guest-events.ts';
import { assertPropertyAccess, type Caller } from '../http/caller.ts';
import { log } from '../log.ts';
import type { RecordOutcome } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

/** A stored run: its date and what it counted. */
export interface TopGuestsRun {
  readonly date: string;
  /** The run's time (its schedule's intended time). */
  readonly at: string;
  readonly population: number;
  readonly withSpend: number;
  readonly count: number;
}

/** Where the value partitions, the runs and the current members live (shared/store/dynamo-top-guests.ts). */
export interface TopGuestsStore {
  /** The property's guests with figures, page by page. */
  listGuestValues(propertyId: string): AsyncIterable<readonly GuestValueRecord[]>;
  /** Who the latest run found among the top (as applied: see `setMembership`). */
  listMembers(propertyId: string): Promise<string[]>;
  setMembership(propertyId: string, guestId: string, top: boolean): Promise<void>;
  /** The latest complete run, if any. */
  latestRun(propertyId: string): Promise<TopGuestsRun | undefined>;
  /** Stores the run's ranked guests, then its header; a rerun of the day replaces them. */
  writeRun(propertyId: string, segmentation: Segmentation, at: string): Promise<void>;
  /**
   * A page of the latest run's ranked guests (or, with a cursor, of the run the cursor was given for); undefined when
   * the property has no run. Throws InvalidCursorError for a cursor this property's runs did not give.
   */
  readRunPage(propertyId: string, page: { limit: number; cursor?: string }): Promise<{ run: TopGuestsRun; guests: RankedGuest[]; cursor?: string } | undefined>;
  /** Salutation and full name of each guest whose card is there (an erased guest has none), one BatchGet. */
  readNames(guestIds: readonly string[]): Promise<Map<string, { salutation: string; fullName: string }>>;
}

/**
 * Records a segment entry on the guest's profile, once (the guest store). `recorded-otherwise`: the same id was
 * recorded with other content (the other membership, by an earlier run of the day on other data).
 */
export interface SegmentRecorder {
  recordSegmentChange(event: SegmentChanged): Promise<RecordOutcome | 'recorded-otherwise'>;
}

export interface ValueSegmentsDependencies {
  readonly store: TopGuestsStore;
  readonly recorder: SegmentRecorder;
}

export interface ValueSegmentsReport {
  readonly propertyId: string;
  /** The run's local date at the property. */
  readonly date: string;
  readonly at: string;
  readonly population: number;
  readonly withSpend: number;
  readonly top: number;
  /** Guests whose membership changed and was recorded (or had been, by an earlier run of the day). */
  readonly joined: string[];
  readonly left: string[];
  /**
   * Guests a run of the same day recorded otherwise (the data changed in between): that record stands, and the
   * next day's run compares with it.
   */
  readonly keptFromEarlierRun: string[];
  /** A run for a later day exists: this one stored its list but changed no membership. */
  readonly superseded: boolean;
}

/** Membership entries recorded at once. */
const recordingsInFlight = 8;

export async function runValueSegments({ store, recorder }: ValueSegmentsDependencies, propertyId: string, at: Date): Promise<ValueSegmentsReport> {
  const property = requireProperty(propertyId);
  const date = toLocalDateTime(at, property.timeZone).date;
  const records: GuestValueRecord[] = [];
  for await (const page of store.listGuestValues(propertyId)) records.push(...page);
  const segmentation = segmentGuests(records, date);
  const latest = await store.latestRun(propertyId);
  const superseded = latest !== undefined && latest.date > date;
  const report: ValueSegmentsReport = {
    propertyId,
    date,
    at: at.toISOString(),
    population: segmentation.population,
    withSpend: segmentation.withSpend,
    top: segmentation.top.length,
    joined: [],
    left: [],
    keptFromEarlierRun: [],
    superseded,
  };
  if (!superseded) {
    const changes = membershipChanges(
      await store.listMembers(propertyId),
      segmentation.top.map((guest) => guest.guestId),
    );
    const tasks = [...changes.joined.map((guestId) => ({ guestId, top: true })), ...changes.left.map((guestId) => ({ guestId, top: false }))];
    for (let i = 0; i < tasks.length; i += recordingsInFlight) {
      await Promise.all(
        tasks.slice(i, i + recordingsInFlight).map(async ({ guestId, top }) => {
          const event: SegmentChanged = { eventId: segmentEventId(propertyId, date, guestId), propertyId, guestId, at: report.at, date, top };
          const outcome = await recorder.recordSegmentChange(event);
          if (outcome === 'recorded-otherwise') {
            // The profile keeps the earlier run's record, and so does the membership the next run compares with.
            report.keptFromEarlierRun.push(guestId);
            return;
          }
          // An erased guest is recorded nowhere, and is no member of anything.
          await store.setMembership(propertyId, guestId, outcome !== 'discarded' && top);
          if (outcome !== 'discarded') (top ? report.joined : report.left).push(guestId);
        }),
      );
    }
    report.joined.sort();
    report.left.sort();
    report.keptFromEarlierRun.sort();
  }
  await store.writeRun(propertyId, segmentation, report.at);
  log.info('value segments run', {
    propertyId,
    date,
    population: report.population,
    top: report.top,
    joined: report.joined.length,
    left: report.left.length,
    superseded,
  });
  return report;
}

/** One of the top guests as the admins' list shows them: who, why (the figures and scores), and since when active. */
export interface TopGuestView {
  readonly rank: number;
  readonly guestId: string;
  readonly salutation: string;
  readonly fullName: string;
  readonly last12Months: ValueFigures;
  readonly last36Months: ValueFigures;
  readonly activeMonths: number;
  readonly lastActiveOn: string;
  readonly quintiles: Quintiles;
}

export interface TopGuestsPage {
  readonly propertyId: string;
  /** Spend is in it. */
  readonly currency: string;
  /** The share of the guests with spend the list holds. */
  readonly topShare: number;
  /** The run listed; null before the first run. */
  readonly run: TopGuestsRun | null;
  readonly guests: readonly TopGuestView[];
  /** Pass back for the next page; null on the last. */
  readonly cursor: string | null;
}

/**
 * A page of a property's top guests by spend, as its latest run ranked them, with their names (the cards of the
 * page, one BatchGet). A guest erased since the run has no card and is left out. Admins only (the wiring); an admin
 * of another property is refused.
 */
export async function listTopGuests(store: TopGuestsStore, caller: Caller, propertyIdParameter: unknown, rawQuery: unknown): Promise<TopGuestsPage> {
  const propertyId = parseOrThrow(propertyIdSchema, propertyIdParameter, 'property id', 'propertyId');
  assertPropertyAccess(caller, propertyId);
  const query = parseOrThrow(pageQuerySchema, rawQuery, 'query', 'query');
  const empty = { propertyId, currency: requireProperty(propertyId).currency, topShare };
  const page = await readPage(() => store.readRunPage(propertyId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }));
  if (!page) return { ...empty, run: null, guests: [], cursor: null };
  const names = await store.readNames(page.guests.map((guest) => guest.guestId));
  const guests = page.guests.flatMap((guest): TopGuestView[] => {
    const name = names.get(guest.guestId);
    if (!name) return [];
    return [
      {
        rank: guest.rank,
        guestId: guest.guestId,
        ...name,
        last12Months: guest.last12Months,
        last36Months: guest.last36Months,
        activeMonths: guest.activeMonths,
        lastActiveOn: guest.lastActiveOn,
        quintiles: guest.quintiles,
      },
    ];
  });
  return { ...empty, run: page.run, guests, cursor: page.cursor ?? null };
}
