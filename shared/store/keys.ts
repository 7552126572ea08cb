/**
 * Every item's keys, built in one place. The access patterns, each one GetItem or one single-partition Query:
 *
 * | pattern                                   | key                                                        |
 * |-------------------------------------------|------------------------------------------------------------|
 * | 1. recognition card by guest id           | GetItem  pk=GUEST#<id>              sk=PROFILE             |
 * |    (the card: at most 4 KB, whatever the history; everything a recognition shows, nothing more)        |
 * |    (a guest merged into another: the same item is a pointer, `mergedInto`, read once more for the card) |
 * | -  recent visits behind one usual         | GetItem  pk=GUEST#<id>   sk=DINING#<property>/<outlet>/<meal> |
 * |    (read and rewritten with the card when a meal there is recorded; never read for a recognition)      |
 * | 2. guest ids by identity key (holders)    | GetItem  pk=IDENTITY#<kind>#<value> sk=IDENTITY            |
 * | 3. in-house guest by property + room      | GetItem  pk=INHOUSE#<property>      sk=ROOM#<room>         |
 * |    in-house list of a property            | Query    pk=INHOUSE#<property>                             |
 * | 4. visit history, newest first, paged     | Query    pk=GUEST#<id> sk begins_with VISIT#, descending   |
 * |    (each item holds its event: a refold reads them all, in one Query of the partition)                 |
 * | 5. birthdays on a month-day (sparse)      | Query    guestsByBirthday gsi1pk=BIRTHDAY#<MM-DD>          |
 * | 6. last stay ended on a date (sparse)     | Query    guestsByLastStayDate gsi2pk=LASTSTAY#<YYYY-MM-DD> |
 * | -  guests by surname (the desk's search)  | Query    guestsBySurname gsi3pk=SURNAME#<folded surname>    |
 * | 7. send ledger (guest, campaign, period)  | GetItem  pk=GUEST#<id>              sk=SENT#<campaign>#<period> |
 * | -  event already recorded (idempotency)   | GetItem  pk=EVENT#<source>#<property>#<eventId> sk=EVENT   |
 * | -  address suppressed (bounce, complaint) | GetItem  pk=SUPPRESSION#<email>     sk=SUPPRESSION         |
 * | -  guest erased (tombstone, no data)      | GetItem  pk=ERASED#<guestId>        sk=ERASED              |
 * | -  identity key of an erased guest        | GetItem  pk=ERASEDKEY#<keyed hash>  sk=ERASEDKEY           |
 * | -  possible duplicates of a property      | Query    pk=DUPLICATES#<property>                          |
 * | -  terminals listening to an outlet       | Query    pk=LIVE#<property>#<outlet>  sk=CONNECTION#<id>   |
 * |    (and the connection itself, to forget it: pk=CONNECTION#<id> sk=CONNECTION; both expire by TTL)     |
 * |    (and a pointer in each guest's partition: pk=GUEST#<id> sk=DUPLICATE#<property>#<pair>)            |
 * | -  everything about a guest (export)      | Query    pk=GUEST#<id> (card, usuals, history, send ledger) |
 * | -  a reservation (its events' join)       | GetItem  pk=RESERVATION#<property>#<reservationId> sk=RESERVATION |
 * | -  arrivals of a property on a day        | Query    pk=ARRIVALS#<property>#<YYYY-MM-DD> (one item per reservation) |
 * |    (and a link in the matched guest's partition: pk=GUEST#<id> sk=RESERVATION#<property>#<reservationId>;    |
 * |    all three expire by TTL some time after the departure date)                                              |
 * | -  survey answered (one answer per email) | GetItem  pk=GUEST#<id>              sk=ABSENCE#<survey>     |
 * | -  why lapsed guests left, per month     | Query    pk=LAPSEDREASONS#<property> sk between MONTH#<from> and MONTH#<to> |
 * | -  guests' value at a property (sparse)  | Query    pk=VALUE#<property>  sk=<guestId> (paged; the daily segmentation) |
 * |    (one small item per guest with figures there: their months and last activity; written in the transaction |
 * |    that changes those figures, deleted by an erasure)                                                         |
 * | -  a property's top guests, latest run   | Query    pk=TOPGUESTS#<property> sk begins_with DAY#, descending, 1 item |
 * |    then its ranked guests, paged          | Query    pk=TOPGUESTS#<property> sk begins_with RANK#<YYYY-MM-DD>#      |
 * |    (both expire by TTL some days after their run; a rerun of the day writes the same items)                 |
 * | -  who is top there now (the last run's) | Query    pk=TOPGUESTS#<property> sk begins_with MEMBER#  (MEMBER#<guestId>) |
 */
import type { HistoryKind } from '../domain/guest-profile.ts';
import type { IdentityKey } from '../domain/identity.ts';
import type { EventKey } from '../events/event-key.ts';

export const entityTypes = {
  guest: 'Guest',
  identity: 'Identity',
  inHouse: 'InHouse',
  diningWindow: 'DiningWindow',
  visit: 'Visit',
  recordedEvent: 'RecordedEvent',
  sentEmail: 'SentEmail',
  suppression: 'Suppression',
  erasedGuest: 'ErasedGuest',
  erasedIdentity: 'ErasedIdentity',
  possibleDuplicate: 'PossibleDuplicate',
  liveConnection: 'LiveConnection',
  reservation: 'Reservation',
  arrival: 'Arrival',
  reservationLink: 'ReservationLink',
  absenceAnswer: 'AbsenceAnswer',
  lapsedReasons: 'LapsedReasons',
  guestValue: 'GuestValue',
  topGuestsRun: 'TopGuestsRun',
  topGuest: 'TopGuest',
  topGuestMember: 'TopGuestMember',
} as const;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export const keys = {
  guestProfile: (guestId: string): ItemKey => ({ pk: `GUEST#${guestId}`, sk: 'PROFILE' }),
  identity: (key: IdentityKey): ItemKey => ({ pk: `IDENTITY#${key.kind}#${key.value}`, sk: 'IDENTITY' }),
  inHouseRoom: (propertyId: string, room: string): ItemKey => ({ pk: inHousePartition(propertyId), sk: `ROOM#${room}` }),
  inHousePartition,
  /** Sorted by business time (UTC), then event id: a late event lands in its place in the history. */
  visit: (guestId: string, at: string, kind: HistoryKind, eventId: string): ItemKey => ({
    pk: `GUEST#${guestId}`,
    sk: `${visitPrefix}${new Date(at).toISOString()}#${kind}#${eventId}`,
  }),
  visitPrefix: () => visitPrefix,
  /** One outlet/meal pair's recent visits (`diningKey` of guest-profile.ts): the fold state behind its usual. */
  diningWindow: (guestId: string, diningKey: string): ItemKey => ({ pk: `GUEST#${guestId}`, sk: `${diningWindowPrefix}${diningKey}` }),
  diningWindowPrefix: () => diningWindowPrefix,
  recordedEvent: (key: EventKey): ItemKey => ({ pk: `EVENT#${key.source}#${key.propertyId}#${key.eventId}`, sk: 'EVENT' }),
  sentEmail: (guestId: string, campaign: string, period: string): ItemKey => ({ pk: `GUEST#${guestId}`, sk: `SENT#${campaign}#${period}` }),
  suppression: (email: string): ItemKey => ({ pk: `SUPPRESSION#${email}`, sk: 'SUPPRESSION' }),
  /** Left by an erasure (the random id and the time only), so late or replayed events cannot recreate the guest. */
  erasedGuest: (guestId: string): ItemKey => ({ pk: `ERASED#${guestId}`, sk: 'ERASED' }),
  /** A keyed hash (HMAC) of an identity key an erased guest held, and when: older events naming it are discarded. */
  erasedIdentity: (keyHash: string): ItemKey => ({ pk: `ERASEDKEY#${keyHash}`, sk: 'ERASEDKEY' }),
  possibleDuplicates: (propertyId: string) => `DUPLICATES#${propertyId}`,
  liveOutlet: (propertyId: string, outlet: string) => `LIVE#${propertyId}#${outlet}`,
  liveListener: (propertyId: string, outlet: string, connectionId: string): ItemKey => ({
    pk: `LIVE#${propertyId}#${outlet}`,
    sk: `CONNECTION#${connectionId}`,
  }),
  liveConnection: (connectionId: string): ItemKey => ({ pk: `CONNECTION#${connectionId}`, sk: 'CONNECTION' }),
  possibleDuplicate: (propertyId: string, guestIds: readonly [string, string]): ItemKey => ({
    pk: `DUPLICATES#${propertyId}`,
    sk: `PAIR#${guestIds[0]}#${guestIds[1]}`,
  }),
  duplicatePointer: (guestId: string, propertyId: string, guestIds: readonly [string, string]): ItemKey => ({
    pk: `GUEST#${guestId}`,
    sk: `DUPLICATE#${propertyId}#${guestIds[0]}#${guestIds[1]}`,
  }),
  /** Claimed by the first answer to one email's "What kept you away?" link: a second answer finds it taken. */
  absenceAnswer: (guestId: string, survey: string): ItemKey => ({ pk: `GUEST#${guestId}`, sk: `ABSENCE#${survey}` }),
  /** A property's counts of why lapsed guests left, one item per month (counters, updated atomically; no guest data). */
  lapsedReasonsMonth: (propertyId: string, month: string): ItemKey => ({ pk: `LAPSEDREASONS#${propertyId}`, sk: `MONTH#${month}` }),
  lapsedReasonsPartition: (propertyId: string) => `LAPSEDREASONS#${propertyId}`,
  /** A guest's months at a property, for the property's daily segmentation (a sparse partition per property). */
  guestValue: (propertyId: string, guestId: string): ItemKey => ({ pk: `VALUE#${propertyId}`, sk: guestId }),
  guestValuePartition: (propertyId: string) => `VALUE#${propertyId}`,
  topGuestsPartition: (propertyId: string) => `TOPGUESTS#${propertyId}`,
  /** A run of the daily segmentation: written after its ranked guests, so a run that has one is complete. */
  topGuestsRun: (propertyId: string, date: string): ItemKey => ({ pk: `TOPGUESTS#${propertyId}`, sk: `${topGuestsRunPrefix}${date}` }),
  topGuestsRunPrefix: () => topGuestsRunPrefix,
  /** One ranked guest of a run; the rank zero-padded, so the run's guests sort by rank. */
  topGuest: (propertyId: string, date: string, rank: number): ItemKey => ({
    pk: `TOPGUESTS#${propertyId}`,
    sk: `${topGuestPrefix}${date}#${String(rank).padStart(7, '0')}`,
  }),
  topGuestPrefix: (date?: string) => (date === undefined ? topGuestPrefix : `${topGuestPrefix}${date}#`),
  /** A guest the latest run found among the top: what the next run compares with. */
  topGuestMember: (propertyId: string, guestId: string): ItemKey => ({ pk: `TOPGUESTS#${propertyId}`, sk: `${topGuestMemberPrefix}${guestId}` }),
  topGuestMemberPrefix: () => topGuestMemberPrefix,
  birthdayIndex: (monthDay: string, guestId: string) => ({ gsi1pk: `BIRTHDAY#${monthDay}`, gsi1sk: `GUEST#${guestId}` }),
  lastStayIndex: (date: string, guestId: string) => ({ gsi2pk: `LASTSTAY#${date}`, gsi2sk: `GUEST#${guestId}` }),
  surnameIndex: (normalisedSurname: string, guestId: string) => ({ gsi3pk: `SURNAME#${normalisedSurname}`, gsi3sk: `GUEST#${guestId}` }),
  surnamePartition: (normalisedSurname: string) => `SURNAME#${normalisedSurname}`,
  guestIdOfIndexKey: (indexSortKey: string) => indexSortKey.slice('GUEST#'.length),
  reservation: (propertyId: string, reservationId: string): ItemKey => ({ pk: `RESERVATION#${propertyId}#${reservationId}`, sk: 'RESERVATION' }),
  arrivalsPartition: (propertyId: string, date: string) => `ARRIVALS#${propertyId}#${date}`,
  arrival: (propertyId: string, date: string, reservationId: string): ItemKey => ({ pk: `ARRIVALS#${propertyId}#${date}`, sk: `RESERVATION#${reservationId}` }),
  reservationLink: (guestId: string, propertyId: string, reservationId: string): ItemKey => ({
    pk: `GUEST#${guestId}`,
    sk: `RESERVATION#${propertyId}#${reservationId}`,
  }),
};

const visitPrefix = 'VISIT#';
const diningWindowPrefix = 'DINING#';
const topGuestsRunPrefix = 'DAY#';
const topGuestPrefix = 'RANK#';
const topGuestMemberPrefix = 'MEMBER#';

function inHousePartition(propertyId: string): string {
  return `INHOUSE#${propertyId}`;
}
