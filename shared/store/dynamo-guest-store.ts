/**
 * The guest store on DynamoDB. Reads are single key lookups. Recording an event is one transaction that claims the
 * event's key (so a repeated delivery changes nothing), adds the event to the guest's history and writes the fold of
 * that history, conditional on the versions it read (two events for one guest processed at once both land: the loser
 * re-reads and re-applies). An event older than what the profile has applied makes the store refold the guest's
 * history, so the result never depends on delivery order.
 *
 * A guest's partition (keys.ts):
 * - the card (`PROFILE`): the profile, everything a recognition shows and nothing more, kept under 4 KB so a
 *   recognition is one GetItem of half a read unit. The usuals sit on it summarised, in a compact list form;
 * - one small item per outlet and meal period (`DINING#…`): the recent visits that pair's usual is chosen from. A
 *   meal reads and rewrites the card and its own pair's item only;
 * - the history (`VISIT#…`): every event as recorded, read only for the visit history, an export, and refolds.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { absenceAnswerDetailType, answerMonthOf, type AbsenceAnswerGiven } from '../domain/absence-survey.ts';
import { birthMonthDay, compareInstants } from '../domain/dates.ts';
import {
  appliesOnTop,
  applyOnTop,
  decideRoomHolder,
  diningKeysOf,
  diningVisitFrom,
  foldGuestHistory,
  mergedGuestIdsOf,
  keepNewestNotes,
  orderKey,
  summariseDining,
  parseDiningKey,
  type DiningSummary,
  type DiningVisit,
  type GuestFold,
  type GuestProfile,
  type HistoryEntry,
  type Note,
  type RoomTakenOver,
  type Stay,
} from '../domain/guest-profile.ts';
import { monthNumberOf, monthOfNumber, type GuestValue } from '../domain/guest-value.ts';
import { identityKeysOf, matchCheckInGuest, normaliseSurname, type IdentityHolder, type IdentityKey } from '../domain/identity.ts';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { contentHashOf, eventKeyOf, type EventKey } from '../events/event-key.ts';
import {
  diningRecorded,
  guestCheckedIn,
  guestDeparted,
  guestDietaryNeedsRecorded,
  guestNoteAdded,
  guestProfileCorrected,
  guestTagChanged,
  guestNoteChanged,
  guestsMerged,
  guestsUnmerged,
  marketingConsentWithdrawn,
  type GuestsMerged,
  type GuestsUnmerged,
  type OrderedItem,
} from '../events/guest-events.ts';
import type {
  AbsenceAnswerOutcome,
  AbsenceAnswerRecorder,
  DuplicateGuest,
  GuestReader,
  GuestRecorder,
  InHouseGuest,
  PossibleDuplicateRecord,
  RecordedEvent,
  RecordOutcome,
} from '../ports.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { queryAll, queryPages, type Item } from './query.ts';
import { tableDefinition } from './table.ts';
import { eventDelivery } from '../wiring.ts';
import { segmentChangeDetailType } from '../domain/guest-segments.ts';
import type { SegmentRecorder } from '../use-cases/value-segments.ts';
import { valueIndexItems } from './guest-value-index.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A guest as read for recording: the card, and the recent visits of the pairs the event dines at. */
interface GuestState {
  readonly profile: GuestProfile;
  readonly version: number;
  readonly recentDining: Readonly<Record<string, readonly DiningVisit[]>>;
  /** The version each of those pairs' items had when read; absent for a pair not stored yet. */
  readonly diningVersions: Readonly<Record<string, number>>;
  /** The card was written by the layout before this one (see `previousLayoutAttribute`): the next write migrates it. */
  readonly previousLayout?: boolean;
  /**
   * The guest asked for was merged into this one: their id, the version of their card (a pointer here), and their
   * own surname (identity rules match a check-in against the surname of the guest who holds the key).
   */
  readonly redirect?: { readonly guestId: string; readonly version: number; readonly lastName: string };
}

type CardRead =
  | { readonly version: number; readonly erasing: boolean; readonly profile: GuestProfile; readonly previousLayout: boolean }
  | { readonly version: number; readonly erasing: boolean; readonly mergedInto: string; readonly lastName: string };

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
const previousLayoutAttribute = 'recentDining';

/** The bus archive's retention and a month's margin. */
export const eventMarkerLifetimeSeconds = (eventDelivery.archiveRetentionDays + 30) * 24 * 60 * 60;

/** Optimistic retries before giving up; the bus then redelivers later. */
const maxAttempts = 8;

/** 24 random bytes: unguessable, and no one can count guests from an id. */
export function newGuestId(): string {
  return `g_${randomBytes(18).toString('base64url')}`;
}

/** The keyed hash kept of an erased guest's identity key: recognises the key again, reveals nothing. */
export function erasedIdentityHash(hashKey: string, key: IdentityKey): string {
  return createHmac('sha256', hashKey).update(`${key.kind}:${key.value}`).digest('base64url');
}

/** The event was recorded before under the same key with other content: never applied, never silently dropped. */
export class EventKeyConflictError extends ConflictError {}

/** The email's survey link was answered before: the first answer stands. */
class AlreadyAnswered extends Error {}

/** An event for a guest who has been erased: recorded as handled, applied to nothing. */
class GuestErased extends Error {}

/** A guest the event names is being erased: once the erasure is done, the event is discarded or starts afresh. */
class ErasureUnderWay extends Error {}

/**
 * The attribute an erasure sets on the card before it deletes anything (see dynamo-guest-rights.ts). It changes the
 * card's version, so a recording that read the card before fails its transaction, reads again, and is discarded.
 */
export const erasingAttribute = 'erasingSince';

export function createDynamoGuestStore(options: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** HMAC key for erased identity keys; needed to record check-ins. */
  erasedIdentityHashKey?: string;
  newGuestId?: () => string;
  /** Told, once an event that names a guest by identity is recorded, how many possible duplicates it recorded. */
  onPossibleDuplicates?: (count: number) => void;
}): GuestReader & GuestRecorder & AbsenceAnswerRecorder & SegmentRecorder {
  const { documentClient: db, tableName: TableName } = options;
  const generateGuestId = options.newGuestId ?? newGuestId;

  async function getItem(key: ItemKey, consistent = false): Promise<Item | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: consistent }));
    return Item;
  }

  /**
   * The card, or undefined when there is none; `erasing` when an erasure of the guest is under way; `mergedInto` (and
   * no profile) when the guest was merged into another.
   */
  async function readCard(guestId: string, consistent: boolean): Promise<CardRead | undefined> {
    const item = await getItem(keys.guestProfile(guestId), consistent);
    if (!item) return undefined;
    const bookkeeping = { version: item.version as number, erasing: item[erasingAttribute] !== undefined };
    if (item[mergedIntoAttribute]) return { ...bookkeeping, mergedInto: item[mergedIntoAttribute] as string, lastName: item.lastName as string };
    return { ...bookkeeping, profile: profileFromItem(item), previousLayout: item[previousLayoutAttribute] !== undefined };
  }

  /**
   * The guest's card and the recent visits of `diningKeys`, read at once (one round trip): what applying an event
   * on top needs. Undefined when the guest has no card; ErasureUnderWay while they are being erased. A guest merged
   * into another reads as that other guest (`redirect` names the one asked for).
   */
  async function readGuest(guestId: string, diningKeys: readonly string[]): Promise<GuestState | undefined> {
    const [card, ...windows] = await Promise.all([readCard(guestId, true), ...diningKeys.map((key) => getItem(keys.diningWindow(guestId, key), true))]);
    if (!card) return undefined;
    if (card.erasing) throw new ErasureUnderWay();
    if ('mergedInto' in card) {
      const survivor = await readGuest(card.mergedInto, diningKeys);
      return survivor && { ...survivor, redirect: { guestId, version: card.version, lastName: card.lastName } };
    }
    const read = diningKeys.flatMap((key, i) => (windows[i] ? [[key, windows[i]] as const] : []));
    return {
      profile: card.profile,
      version: card.version,
      recentDining: Object.fromEntries(read.map(([key, item]) => [key, visitsFromItem(item)])),
      diningVersions: Object.fromEntries(read.map(([key, item]) => [key, item.version as number])),
      previousLayout: card.previousLayout,
    };
  }

  /**
   * The profile a guest id stands for (eventually consistent, as every read for staff): the guest's own, or the one
   * they were merged into. Undefined when there is none, or it is being erased.
   */
  async function readProfile(guestId: string): Promise<Omit<GuestState, 'recentDining' | 'diningVersions'> | undefined> {
    const card = await readCard(guestId, false);
    if (!card || card.erasing) return undefined;
    if (!('mergedInto' in card)) return { profile: card.profile, version: card.version, previousLayout: card.previousLayout };
    const survivor = await readProfile(card.mergedInto);
    return survivor && { ...survivor, redirect: { guestId, version: card.version, lastName: card.lastName } };
  }

  /** The guest's whole history, as recorded: what a refold applies. */
  async function readHistory(guestId: string): Promise<HistoryEntry[]> {
    const items = await queryAll(db, {
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.guestProfile(guestId).pk, ':prefix': keys.visitPrefix() },
      ProjectionExpression: 'kind, event',
      ConsistentRead: true,
    });
    return items.filter((item) => item.event).map((item) => ({ kind: item.kind, event: item.event }) as HistoryEntry);
  }

  /** The guest's history and the histories of the guests merged into them (a merge moves nothing): the fold's input. */
  async function readFoldInput(guestId: string, pending: readonly HistoryEntry[]): Promise<HistoryEntry[]> {
    const own = [...(await readHistory(guestId)), ...pending];
    const mergedIds = mergedGuestIdsOf(own);
    if (!mergedIds.length) return own;
    const group = new Set([guestId, ...mergedIds]);
    // One person's check-ins never take a room from themselves: as one, a check-in by one of them in a room another
    // of them held is a room move.
    const merged = await Promise.all(mergedIds.map(async (id) => (await readHistory(id)).map((entry) => ({ ...entry, mergedFrom: id }))));
    return [...own, ...merged.flat()].filter((entry) => entry.kind !== 'room-taken-over' || !group.has(entry.event.takenBy ?? ''));
  }

  /**
   * The guest as read with `pending` entries added: applied on top when they all sort after everything the card has
   * applied, otherwise (or to migrate a card of the previous layout, or for a merge or its undoing, which change
   * whose histories the fold takes in) a refold of the recorded histories and the pending entries.
   */
  async function withEntries(guestId: string, persisted: GuestState | undefined, pending: readonly HistoryEntry[]): Promise<GuestFold> {
    const onTop =
      persisted &&
      !persisted.previousLayout &&
      pending.every((entry) => entry.kind !== 'merge' && entry.kind !== 'unmerge' && appliesOnTop(persisted.profile, entry));
    const fold = onTop
      ? applyOnTop({ profile: persisted.profile, recentDining: persisted.recentDining }, pending)
      : foldGuestHistory(guestId, persisted ? await readFoldInput(guestId, pending) : [...pending]);
    if (!fold) throw new NotFoundError(`guest ${guestId} has no check-in recorded (yet)`);
    return fold;
  }

  /** Condition: the item is still the version read, or still absent. */
  const sameVersion = (version: number | undefined) =>
    version === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': version } };

  function putCard(profile: GuestProfile, version: number | undefined): TransactItem {
    const departedOn = profile.lastCompletedStay?.departedOn;
    const mailable = profile.email && profile.marketingConsent;
    return {
      Put: {
        TableName,
        Item: {
          ...keys.guestProfile(profile.guestId),
          entityType: entityTypes.guest,
          version: (version ?? 0) + 1,
          ...cardAttributesOf(profile),
          // Sparse indexes for the daily campaigns: only guests who may be emailed, and who have a birthday or a
          // finished stay. Withdrawing consent takes a guest out of both.
          ...(mailable && profile.birthDate ? keys.birthdayIndex(birthMonthDay(profile.birthDate), profile.guestId) : {}),
          ...(mailable && departedOn ? keys.lastStayIndex(departedOn, profile.guestId) : {}),
          ...keys.surnameIndex(normaliseSurname(profile.lastName), profile.guestId),
        },
        ...sameVersion(version),
      },
    };
  }

  /**
   * One pair's recent visits, stamped with the card version written with them (versions only ever grow); conditional
   * on the version read, unless (`any`) the card's own condition covers it.
   */
  function putDiningWindow(
    guestId: string,
    key: string,
    visits: readonly DiningVisit[],
    readVersion: number | 'any' | undefined,
    cardVersion: number,
  ): TransactItem {
    return {
      Put: {
        TableName,
        Item: { ...keys.diningWindow(guestId, key), entityType: entityTypes.diningWindow, version: cardVersion, visits: visits.map(storedVisit) },
        ...(readVersion === 'any' ? {} : sameVersion(readVersion)),
      },
    };
  }

  function putHistory(guestId: string, entry: HistoryEntry): TransactItem {
    const { event, kind } = entry;
    return {
      Put: {
        TableName,
        Item: {
          ...keys.visit(guestId, event.at, kind, event.eventId),
          entityType: entityTypes.visit,
          kind,
          // A meal shows the meal period it counted for, derived from its time when the terminal named none.
          ...(kind === 'dining' ? { mealPeriod: parseDiningKey(diningVisitFrom(event).key).mealPeriod } : {}),
          // The event as recorded: what a refold applies again, and what the visit history shows (its fields only).
          event,
        },
      },
    };
  }

  /** Condition: an item is still what was read (absent, or the same version of it). */
  function unchangedSince(read: Item | undefined, attribute: 'since' | 'version') {
    return read
      ? {
          ConditionExpression: `guestId = :heldBy AND #attr = :read`,
          ExpressionAttributeNames: { '#attr': attribute },
          ExpressionAttributeValues: { ':heldBy': read.guestId, ':read': read[attribute] },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
  }

  function roomItem(profile: GuestProfile, stay: Stay, read: Item | undefined): TransactItem {
    return {
      Put: {
        TableName,
        Item: {
          ...keys.inHouseRoom(stay.propertyId, stay.room),
          entityType: entityTypes.inHouse,
          propertyId: stay.propertyId,
          room: stay.room,
          guestId: profile.guestId,
          salutation: salutationOf(profile),
          fullName: fullNameOf(profile),
          checkedInAt: stay.checkedInAt,
          since: stay.inRoomSince,
        },
        ...unchangedSince(read, 'since'),
      },
    };
  }

  const sameRoom = (a: Stay, b: Stay) => a.propertyId === b.propertyId && a.room === b.room;
  const sameKey = (a: Record<string, unknown> | undefined, b: ItemKey) => a?.pk === b.pk && a?.sk === b.sk;
  /** The stays under way are the same ones, as the room items show them (room, since when, which stay). */
  const sameStays = (before: GuestProfile | undefined, after: GuestProfile) =>
    before !== undefined &&
    before.currentStays.length === after.currentStays.length &&
    before.currentStays.every((stay) =>
      after.currentStays.some((other) => sameRoom(stay, other) && stay.inRoomSince === other.inRoomSince && stay.checkedInAt === other.checkedInAt),
    );

  /** The deterministic entry that ends a guest's stay in a room another guest moved into at `at`. */
  function roomTakenOver(stay: Pick<Stay, 'propertyId' | 'room'>, at: string, takenBy: string): HistoryEntry {
    const event: RoomTakenOver = {
      eventId: `taken-over.${stay.propertyId}.${stay.room}.${Date.parse(at)}`,
      propertyId: stay.propertyId,
      room: stay.room,
      at,
      takenBy,
    };
    return { kind: 'room-taken-over', event };
  }

  interface GuestWrite {
    readonly guestId: string;
    readonly before: GuestState | undefined;
    readonly entries: HistoryEntry[];
    fold: GuestFold;
    /** Set when a merge or its undoing changes which histories the fold takes in. */
    readonly merging?: {
      /** Whose rooms count as this guest's: the guests merged into them, or the guest they were merged into. */
      readonly roomsOf: readonly string[];
      /** Stays that were shown for those guests before, now to be freed if the fold no longer has them. */
      readonly stays: readonly Stay[];
      /** Pairs the card showed and the fold no longer has: their recent visits go (every other pair is rewritten). */
      readonly staleDiningKeys: readonly string[];
    };
  }

  /**
   * The room items after a guest's profile changed, and what that does to others. A room the guest left is freed
   * (if still theirs). A room they are in: theirs if it is free, theirs already, or held by someone who moved in
   * earlier (whose stay then ends: room taken over); if its holder moved in later, this guest's stay there ended
   * then. A holder whose history shows them moving back into the room after this guest (a check-in that arrived
   * first) keeps it, and this guest's stay there ended at that moment. Either way the result is what in-order
   * delivery would give.
   */
  async function roomWrites(write: GuestWrite): Promise<{ items: TransactItem[]; others: GuestWrite[] }> {
    // A holder's stay ended by this guest's move-in stays ended whatever happens to this guest's stay later: the
    // others' writes, and the rooms they keep, carry over from one round to the next.
    const others: GuestWrite[] = [];
    const keptByHolders = new Map<string, TransactItem>();
    for (let round = 0; ; round++) {
      const items: TransactItem[] = [];
      const takenFromUs: HistoryEntry[] = [];
      const profile = write.fold.profile;
      // A merge or its undoing: these guests' rooms count as this guest's.
      const ours = new Set([write.guestId, ...(write.merging?.roomsOf ?? [])]);
      const shownBefore = [...(write.before?.profile.currentStays ?? []), ...(write.merging?.stays ?? [])];
      for (const left of shownBefore.filter((b) => !profile.currentStays.some((a) => sameRoom(a, b)))) {
        const key = keys.inHouseRoom(left.propertyId, left.room);
        const read = await getItem(key, true);
        if (ours.has(read?.guestId as string) && !items.some((item) => item.Delete && sameKey(item.Delete.Key, key)))
          items.push({ Delete: { TableName, Key: key, ...unchangedSince(read, 'since') } });
      }
      for (const stay of profile.currentStays) {
        const read = await getItem(keys.inHouseRoom(stay.propertyId, stay.room), true);
        const holder = read && !ours.has(read.guestId as string) ? { guestId: read.guestId as string, since: read.since as string } : undefined;
        const decision = decideRoomHolder({ guestId: write.guestId, since: stay.inRoomSince }, holder);
        if (decision.kind === 'taken-from-us') {
          takenFromUs.push(roomTakenOver(stay, decision.at, holder!.guestId));
          continue;
        }
        if (decision.kind === 'ours') {
          items.push(roomItem(profile, stay, read));
          continue;
        }
        const ended = await endStay(others, decision.holder, roomTakenOver(stay, decision.at, write.guestId));
        const movedBack = ended?.fold.profile.currentStays.find((theirs) => sameRoom(theirs, stay));
        if (ended && movedBack) {
          takenFromUs.push(roomTakenOver(stay, movedBack.inRoomSince, ended.guestId));
          keptByHolders.set(`${stay.propertyId}/${stay.room}`, roomItem(ended.fold.profile, movedBack, read));
          continue;
        }
        items.push(roomItem(profile, stay, read));
      }
      if (!takenFromUs.length) return { items: [...items, ...keptByHolders.values()], others };
      if (round > 3) throw new ConflictError(`the rooms of guest ${write.guestId} keep changing; the event will be redelivered`);
      write.entries.push(...takenFromUs);
      write.fold = await withEntries(write.guestId, write.before, write.entries);
    }
  }

  /**
   * Adds the entry ending a holder's stay to their write (one write per guest in a transaction: a holder who loses
   * two rooms to this guest gets both entries at once); undefined when the holder has no card.
   */
  async function endStay(others: GuestWrite[], holder: string, entry: HistoryEntry): Promise<GuestWrite | undefined> {
    const known = others.find((other) => other.guestId === holder);
    if (known) {
      if (!known.entries.some((e) => e.event.eventId === entry.event.eventId)) {
        known.entries.push(entry);
        known.fold = await withEntries(known.guestId, known.before, known.entries);
      }
      return known;
    }
    // A stay ending touches no usual: the holder's card is all that is read.
    const found = await readGuest(holder, []);
    if (!found) return undefined;
    // A holder merged into another meanwhile: the entry is the survivor's own (their card holds the stay).
    const { redirect: _merged, ...previous } = found;
    const guestId = previous.profile.guestId;
    const added: GuestWrite = { guestId, before: previous, entries: [entry], fold: await withEntries(guestId, previous, [entry]) };
    others.push(added);
    return added;
  }

  /**
   * The card, the new history entries and the recent visits of each pair they dine at. Each is conditional on what
   * was read: an erasure under way (it marks the card first) or another recording makes the transaction fail, and
   * the retry read again.
   */
  function guestWriteItems(write: GuestWrite): TransactItem[] {
    const version = write.before?.version;
    const cardVersion = (version ?? 0) + 1;
    const redirect = write.before?.redirect;
    // Migrating a card of the previous layout, or a merge or its undoing, writes every pair's item: the condition on
    // the card's version covers them all.
    const everyPair = write.before?.previousLayout || write.merging;
    const diningKeys = everyPair ? Object.keys(write.fold.recentDining) : diningKeysOf(write.entries);
    return [
      putCard(write.fold.profile, version),
      // The event's own entry goes to the history of the guest it named, merged or not.
      ...write.entries.map((entry, i) => putHistory(i === 0 && redirect ? redirect.guestId : write.guestId, entry)),
      ...(redirect ? [pointerUnchanged(redirect)] : []),
      ...diningKeys.map((key) =>
        putDiningWindow(write.guestId, key, write.fold.recentDining[key] ?? [], everyPair ? 'any' : write.before?.diningVersions[key], cardVersion),
      ),
      ...(write.merging?.staleDiningKeys ?? []).map((key): TransactItem => ({ Delete: { TableName, Key: keys.diningWindow(write.guestId, key) } })),
      // Each property's value item, where the figures changed: what the daily segmentation reads (guest-value-index.ts).
      ...valueIndexItems(TableName, write.guestId, write.before?.profile, write.fold.profile),
    ];
  }

  /** Condition: a merged guest's card is still the pointer read (an undo of the merge makes the recording read again). */
  function pointerUnchanged(redirect: { guestId: string; version: number }): TransactItem {
    return { ConditionCheck: { TableName, Key: keys.guestProfile(redirect.guestId), ...sameVersion(redirect.version) } };
  }

  /**
   * Adds the entry to the guest's history and profile as transaction items, with the room consequences when the
   * guest's stays changed (a check-in also refreshes the names the in-house list shows). A meal or a note touches no
   * room: the room item points to the guest, it holds no copy of the profile.
   */
  async function applyToGuest(guestId: string, found: GuestState | undefined, named: HistoryEntry): Promise<{ items: TransactItem[]; profile: GuestProfile }> {
    // An event naming a guest merged into this one adds to the history, not to who the guest is.
    const entry = found?.redirect ? { ...named, mergedFrom: found.redirect.guestId } : named;
    const write: GuestWrite = { guestId, before: found, entries: [entry], fold: await withEntries(guestId, found, [entry]) };
    // A check-in or a correction may change the names the in-house list shows: their rooms are written again.
    if (entry.kind !== 'stay' && entry.kind !== 'correction' && sameStays(write.before?.profile, write.fold.profile))
      return { items: guestWriteItems(write), profile: write.fold.profile };
    const rooms = await roomWrites(write);
    return { items: [...guestWriteItems(write), ...rooms.items, ...rooms.others.flatMap(guestWriteItems)], profile: write.fold.profile };
  }

  /**
   * The guest, read once with what the entry needs: the card and the recent visits of the pair it dines at (in one
   * round trip). An erasure is caught by the transaction's conditions; only a missing card makes the tombstone worth
   * reading.
   */
  async function requireGuest(guestId: string, entry: HistoryEntry): Promise<GuestState> {
    let found: GuestState | undefined;
    try {
      found = await readGuest(guestId, diningKeysOf([entry]));
    } catch (error) {
      if (error instanceof ErasureUnderWay) throw new GuestErased();
      throw error;
    }
    if (found) return found;
    if (await getItem(keys.erasedGuest(guestId), true)) throw new GuestErased();
    // Thrown so that the bus redelivers: the guest's check-in may still be on its way.
    throw new NotFoundError(`guest ${guestId} is not recorded (yet)`);
  }

  async function readRecordedEvent(key: EventKey): Promise<RecordedEvent | undefined> {
    const item = await getItem(keys.recordedEvent(key), true);
    return item && { contentHash: item.contentHash as string, at: item.at as string, ...(item.guestId ? { guestId: item.guestId as string } : {}) };
  }

  /**
   * Claims the event's key and applies `build`'s writes in one transaction. On a lost race (a profile or room
   * changed since it was read) it reads again and rebuilds. A key claimed before with the same content is a
   * duplicate; with other content, a conflict (thrown: the event is parked as a dead letter, with the reason).
   */
  async function recordOnce(
    detailType: string,
    detail: { eventId: string; propertyId: string; at: string },
    build: () => Promise<{ items: TransactItem[]; guestId?: string; possibleDuplicates?: number }>,
  ): Promise<RecordOutcome> {
    const key = eventKeyOf(detail);
    const contentHash = contentHashOf(detailType, detail);
    const duplicateOrConflict = (recorded: RecordedEvent): RecordOutcome => {
      if (recorded.contentHash === contentHash) return 'duplicate';
      throw new EventKeyConflictError(`event id ${detail.eventId} of ${detail.propertyId} was recorded before with other content`);
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      // No read of the marker first: the transaction's condition on it says whether the event was recorded before.
      let built: { items: TransactItem[]; guestId?: string; possibleDuplicates?: number };
      try {
        built = await build();
      } catch (error) {
        if (error instanceof ErasureUnderWay) {
          // Once the erasure is done, the event is discarded (it predates it) or names no one any more.
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        if (error instanceof ConflictError || error instanceof NotFoundError) {
          // What the event would do may have been done by this very event before (a merge, redelivered, finds its
          // guests merged already): a duplicate then, not a refusal.
          const recordedBefore = await readRecordedEvent(key);
          if (recordedBefore) return duplicateOrConflict(recordedBefore);
          throw error;
        }
        if (!(error instanceof GuestErased)) throw error;
        // The guest was erased: the event is marked as handled and changes nothing, so it never recreates them.
        built = { items: [] };
      }
      const marker: TransactItem = {
        Put: {
          TableName,
          Item: {
            ...keys.recordedEvent(key),
            entityType: entityTypes.recordedEvent,
            ...key,
            detailType,
            contentHash,
            at: detail.at,
            ...(built.guestId ? { guestId: built.guestId } : {}),
            // Kept while the bus archive can replay the event, and a margin: a replay is still recognised.
            [tableDefinition.timeToLiveAttribute]: Math.floor(Date.now() / 1000) + eventMarkerLifetimeSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      try {
        await db.send(new TransactWriteCommand({ TransactItems: [marker, ...built.items] }));
        if (built.possibleDuplicates) options.onPossibleDuplicates?.(built.possibleDuplicates);
        return built.items.length ? 'recorded' : 'discarded';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') {
          const recordedMeanwhile = await readRecordedEvent(key);
          if (recordedMeanwhile) return duplicateOrConflict(recordedMeanwhile);
        }
        const retriable = reasons.every((r) => ['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(r.Code ?? 'None'));
        if (!retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new ConflictError(`event ${detail.eventId} lost ${maxAttempts} races for the same guest (or waited for an erasure); it will be redelivered`);
  }

  /**
   * Who holds each of the keys (one GetItem per key), with each holder's surname: their cards, read with the recent
   * visits of `diningKeys` (one round trip for all holders). A holder whose card is gone (erased) holds nothing; one
   * whose erasure is under way makes a recording wait (ErasureUnderWay), and a read skip them.
   */
  async function readIdentityHolders(
    identityKeys: readonly IdentityKey[],
    read: { forRecording: true; diningKeys: readonly string[] } | { forRecording: false },
  ) {
    const items = await Promise.all(identityKeys.map((key) => getItem(keys.identity(key), read.forRecording)));
    const holderIds = [...new Set(items.flatMap((item) => holdersOf(item)))];
    const readHolder = async (id: string): Promise<GuestState | undefined> => {
      if (read.forRecording) return readGuest(id, read.diningKeys);
      const found = await readProfile(id);
      return found && { ...found, recentDining: {}, diningVersions: {} };
    };
    // Keyed by the holder the key item names; a holder merged into another reads as that other guest.
    const profiles = new Map(await Promise.all(holderIds.map(async (id) => [id, await readHolder(id)] as const)));
    // A key held by a merged guest is matched against their own surname, as if they had never been merged.
    const holders: IdentityHolder[] = identityKeys.flatMap((key, i) => {
      const found = holdersOf(items[i]).flatMap((id) => {
        const state = profiles.get(id);
        return state ? [{ key, guestId: state.profile.guestId, lastName: state.redirect?.lastName ?? state.profile.lastName }] : [];
      });
      return found.filter((h, n) => found.findIndex((other) => other.guestId === h.guestId && other.lastName === h.lastName) === n);
    });
    return { items, holders, profiles };
  }

  /** Adds the guest to each key's holders, conditional on the key item being as read. */
  function identityClaims(guestId: string, identityKeys: readonly IdentityKey[], read: readonly (Item | undefined)[]): TransactItem[] {
    return identityKeys.flatMap((key, i): TransactItem[] => {
      const item = read[i];
      const holders = holdersOf(item);
      if (holders.includes(guestId)) return [];
      return [
        {
          Put: {
            TableName,
            Item: {
              ...keys.identity(key),
              entityType: entityTypes.identity,
              kind: key.kind,
              value: key.value,
              guestIds: [...holders, guestId],
              version: ((item?.version as number) ?? 0) + 1,
            },
            ...(item
              ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': item.version ?? 0 } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
      ];
    });
  }

  /** A possible duplicate, listed for the property's admins and pointed to from both guests (erasure finds it). */
  function possibleDuplicateItems(
    event: { eventId: string; propertyId: string; at: string },
    guestId: string,
    other: { guestId: string; sharedKey: IdentityKey },
  ): TransactItem[] {
    const pair = [guestId, other.guestId].sort() as [string, string];
    const record = { propertyId: event.propertyId, guestIds: pair, sharedKey: other.sharedKey, foundAt: event.at, eventId: event.eventId };
    return [
      { Put: { TableName, Item: { ...keys.possibleDuplicate(event.propertyId, pair), entityType: entityTypes.possibleDuplicate, ...record } } },
      ...pair.map(
        (id): TransactItem => ({
          Put: { TableName, Item: { ...keys.duplicatePointer(id, event.propertyId, pair), entityType: entityTypes.possibleDuplicate, ...record } },
        }),
      ),
    ];
  }

  /**
   * An event that names a guest by identity (a check-in, a walk-in's meal): which guest it is, by the one rule
   * (matchCheckInGuest), then the entry applied to them, the keys they now hold and any possible duplicate found.
   */
  async function recordForIdentity(
    event: { eventId: string; propertyId: string; at: string },
    identity: { lastName: string; pmsProfileId?: string | undefined; email?: string | undefined; phone?: string | undefined },
    entry: HistoryEntry,
  ): Promise<{ guestId: string; items: TransactItem[]; possibleDuplicates: number }> {
    const identityKeys = identityKeysOf(event.propertyId, identity);
    // An event from before an erasure (a replay, a redriven dead letter) must not bring the guest back.
    if (await namesErasedIdentity(identityKeys, event.at)) throw new GuestErased();
    const { items: keyItems, holders, profiles } = await readIdentityHolders(identityKeys, { forRecording: true, diningKeys: diningKeysOf([entry]) });
    const match = matchCheckInGuest(identity.lastName, identityKeys, holders);
    // The event belongs to the guest whose key it named: the match itself, or one merged into it (who gets it back
    // if the merge is undone).
    const found = match.guestId ? (profiles.get(match.guestId) ?? [...profiles.values()].find((state) => state?.profile.guestId === match.guestId)) : undefined;
    const guestId = match.guestId ?? generateGuestId();
    const applied = await applyToGuest(guestId, found, entry);
    return {
      guestId,
      items: [
        ...applied.items,
        ...identityClaims(found?.redirect?.guestId ?? guestId, identityKeys, keyItems),
        ...match.possibleDuplicates.flatMap((other) => possibleDuplicateItems(event, guestId, other)),
      ],
      possibleDuplicates: match.possibleDuplicates.length,
    };
  }

  /** True when one of the keys belonged to a guest erased after `at`: the event predates the erasure. */
  async function namesErasedIdentity(identityKeys: readonly IdentityKey[], at: string): Promise<boolean> {
    const hashKey = options.erasedIdentityHashKey;
    if (!hashKey) throw new Error('recording check-ins needs the erased-identity hash key');
    const erased = await Promise.all(identityKeys.map((key) => getItem(keys.erasedIdentity(erasedIdentityHash(hashKey, key)), true)));
    return erased.some((item) => item && compareInstants(at, item.erasedAt as string) < 0);
  }

  /** An event that names its guest by id: applied to that guest. */
  async function recordFor(guestId: string, entry: HistoryEntry) {
    const found = await requireGuest(guestId, entry);
    // A guest merged into another: the card written is the other's.
    return applyToGuest(found.profile.guestId, found, entry);
  }

  /** An event that names its guest by id and nothing else to write: recorded once, applied to that guest. */
  function recordOnceFor(detailType: string, event: { eventId: string; propertyId: string; at: string; guestId: string }, entry: HistoryEntry) {
    return recordOnce(detailType, event, async () => ({ guestId: event.guestId, items: (await recordFor(event.guestId, entry)).items }));
  }

  /**
   * An answer to one email's "What kept you away?" link, recorded like an event (history, card) in one transaction
   * with its once-only claim and its property's monthly counts: a second answer to the same email finds the claim
   * taken (a conditional write) and changes nothing, and the counts never count an answer twice.
   */
  async function recordAbsenceAnswer(event: AbsenceAnswerGiven): Promise<AbsenceAnswerOutcome> {
    const claimKey = keys.absenceAnswer(event.guestId, event.survey);
    try {
      const outcome = await recordOnce(absenceAnswerDetailType, event, async () => {
        // Read first, so that a lost race (the claim taken meanwhile) ends here on the retry rather than retrying on.
        if (await getItem(claimKey, true)) throw new AlreadyAnswered();
        const { items } = await recordFor(event.guestId, { kind: 'absence-answer', event });
        const claim: TransactItem = {
          Put: {
            TableName,
            Item: {
              ...claimKey,
              entityType: entityTypes.absenceAnswer,
              survey: event.survey,
              eventId: event.eventId,
              at: event.at,
              propertyId: event.propertyId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
        const counts: TransactItem = {
          Update: {
            TableName,
            Key: keys.lapsedReasonsMonth(event.propertyId, answerMonthOf(event)),
            UpdateExpression: 'SET entityType = :type ADD answers :one, #reason :one',
            ExpressionAttributeNames: { '#reason': `reason_${event.reason}` },
            ExpressionAttributeValues: { ':type': entityTypes.lapsedReasons, ':one': 1 },
          },
        };
        return { guestId: event.guestId, items: [...items, claim, counts] };
      });
      return outcome === 'discarded' ? 'guest-erased' : 'recorded';
    } catch (error) {
      if (error instanceof AlreadyAnswered) return 'already-answered';
      throw error;
    }
  }

  /**
   * A merge: the survivor's card becomes the fold of both histories (each stays in its own partition), the merged
   * guest's card a pointer to the survivor, and the merged guest's rooms the survivor's. Refused (a dead letter with
   * the reason) when it would chain merges; redelivered while the merged guest's check-in is still on its way.
   */
  async function mergeItems(event: GuestsMerged): Promise<TransactItem[]> {
    const entry: HistoryEntry = { kind: 'merge', event };
    const [survivor, merged] = await Promise.all([requireGuest(event.guestId, entry), readCard(event.mergedGuestId, true)]);
    if (survivor.redirect) throw new ConflictError(`guest ${event.guestId} is merged into ${survivor.profile.guestId}: merge into that guest`);
    if (!merged) {
      if (await getItem(keys.erasedGuest(event.mergedGuestId), true)) throw new GuestErased();
      throw new NotFoundError(`guest ${event.mergedGuestId} is not recorded (yet)`);
    }
    if (merged.erasing) throw new ErasureUnderWay();
    if ('mergedInto' in merged) throw new ConflictError(`guest ${event.mergedGuestId} is merged into ${merged.mergedInto} already`);
    if (merged.profile.mergedGuests?.length) throw new ConflictError(`guest ${event.mergedGuestId} has merges of its own: undo them first`);
    const write: GuestWrite = {
      guestId: event.guestId,
      before: survivor,
      entries: [entry],
      fold: await withEntries(event.guestId, survivor, [entry]),
      merging: { roomsOf: [event.mergedGuestId], stays: merged.profile.currentStays, staleDiningKeys: [] },
    };
    const rooms = await roomWrites(write);
    const pointer: TransactItem = {
      Put: {
        TableName,
        Item: {
          ...keys.guestProfile(event.mergedGuestId),
          entityType: entityTypes.guest,
          version: merged.version + 1,
          [mergedIntoAttribute]: event.guestId,
          // What the list of possible duplicates shows of the merged guest while the merge stands.
          salutation: salutationOf(merged.profile),
          fullName: fullNameOf(merged.profile),
          stayCount: merged.profile.stayCount,
          lastName: merged.profile.lastName,
        },
        ...sameVersion(merged.version),
      },
    };
    // The survivor's value items count the merged guest's figures now: theirs go, so no one is ranked twice.
    const mergedValue = valueIndexItems(TableName, event.mergedGuestId, merged.profile, { ...merged.profile, value: undefined });
    return [...guestWriteItems(write), pointer, ...mergedValue, ...rooms.items, ...rooms.others.flatMap(guestWriteItems)];
  }

  /**
   * Undoing a merge: both cards are folded again from their own histories (every event recorded since the merge is
   * in the history of the guest it named), the pairs only the merged guest had leave the survivor's partition, and
   * the merged guest's rooms are theirs again. Redelivered while the merge itself is still on its way.
   */
  async function unmergeItems(event: GuestsUnmerged): Promise<TransactItem[]> {
    const entry: HistoryEntry = { kind: 'unmerge', event };
    const [survivor, pointer] = await Promise.all([requireGuest(event.guestId, entry), readCard(event.mergedGuestId, true)]);
    if (survivor.redirect) throw new ConflictError(`guest ${event.guestId} is merged into ${survivor.profile.guestId}`);
    if (!survivor.profile.mergedGuests?.some((m) => m.guestId === event.mergedGuestId) || !pointer || !('mergedInto' in pointer))
      throw new NotFoundError(`guest ${event.mergedGuestId} is not merged into guest ${event.guestId} (yet)`);
    if (pointer.mergedInto !== event.guestId) throw new ConflictError(`guest ${event.mergedGuestId} is merged into ${pointer.mergedInto}`);
    const survivorFold = await withEntries(event.guestId, survivor, [entry]);
    const survivorWrite: GuestWrite = {
      guestId: event.guestId,
      before: survivor,
      entries: [entry],
      fold: survivorFold,
      merging: { roomsOf: [], stays: [], staleDiningKeys: Object.keys(survivor.profile.dining).filter((key) => !(key in survivorFold.recentDining)) },
    };
    const restored = foldGuestHistory(event.mergedGuestId, await readFoldInput(event.mergedGuestId, []));
    if (!restored) throw new ConflictError(`guest ${event.mergedGuestId} has no check-in recorded`);
    const restoredWrite: GuestWrite = {
      guestId: event.mergedGuestId,
      // Written over the pointer: its version is the condition.
      before: { profile: restored.profile, version: pointer.version, recentDining: {}, diningVersions: {} },
      entries: [],
      fold: restored,
      merging: { roomsOf: [event.guestId], stays: [], staleDiningKeys: [] },
    };
    const [survivorRooms, restoredRooms] = [await roomWrites(survivorWrite), await roomWrites(restoredWrite)];
    return oneWritePerItem([
      // The merged guest's rooms first: where both would write a room, the merged guest taking it back wins over the
      // survivor freeing it.
      ...restoredRooms.items,
      ...guestWriteItems(restoredWrite),
      ...valueIndexItems(TableName, event.mergedGuestId, { ...restored.profile, value: undefined }, restored.profile),
      ...guestWriteItems(survivorWrite),
      ...survivorRooms.items,
      ...[...survivorRooms.others, ...restoredRooms.others].flatMap(guestWriteItems),
    ]);
  }

  const store: GuestReader & GuestRecorder & AbsenceAnswerRecorder & SegmentRecorder = {
    recordAbsenceAnswer,
    hasAnswered: async (guestId, survey) => (await getItem(keys.absenceAnswer(guestId, survey))) !== undefined,

    async getProfile(guestId) {
      return (await readProfile(guestId))?.profile;
    },

    async findGuestIds(identityKeys) {
      const items = await Promise.all(identityKeys.map((key) => getItem(keys.identity(key))));
      return [...new Set(items.flatMap((item) => holdersOf(item)))];
    },

    async findIdentityHolders(identityKeys) {
      return (await readIdentityHolders(identityKeys, { forRecording: false })).holders;
    },

    getRecordedEvent: readRecordedEvent,

    async *listGuestIdsBySurname(surname) {
      const index = tableDefinition.indexes.guestsBySurname;
      const pages = queryPages(db, {
        TableName,
        IndexName: 'guestsBySurname',
        KeyConditionExpression: '#pk = :surname',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':surname': keys.surnamePartition(normaliseSurname(surname)) },
      });
      for await (const page of pages) for (const item of page) yield keys.guestIdOfIndexKey(item[index.sortKey] as string);
    },

    async listPossibleDuplicates(propertyId) {
      const found = (await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.possibleDuplicates(propertyId) },
        ProjectionExpression: 'propertyId, guestIds, sharedKey, foundAt',
      })) as unknown as Omit<PossibleDuplicateRecord, 'guests'>[];
      const guestIds = [...new Set(found.flatMap((pair) => pair.guestIds))];
      const cards = new Map(await Promise.all(guestIds.map(async (id) => [id, await getItem(keys.guestProfile(id))] as const)));
      return found
        .map((pair) => ({ ...pair, guests: pair.guestIds.flatMap((id) => duplicateGuestOf(id, cards.get(id))) }))
        .sort((a, b) => compareInstants(b.foundAt, a.foundAt));
    },

    async getInHouseGuest(propertyId, room) {
      // The room points to the guest; the card is the guest's own item.
      const item = await getItem(keys.inHouseRoom(propertyId, room));
      const profile = item && (await store.getProfile(item.guestId as string));
      return item && profile && { ...toInHouseGuest(item), profile };
    },

    async listInHouse(propertyId) {
      const items = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.inHousePartition(propertyId) },
        // The list needs names and rooms, not each guest's profile copy.
        ProjectionExpression: 'propertyId, room, guestId, salutation, fullName, checkedInAt',
      });
      return items.map(toInHouseGuest).sort((a, b) => a.room.localeCompare(b.room, 'en', { numeric: true }));
    },

    recordCheckIn(event) {
      return recordOnce(guestCheckedIn.detailType, event, () => recordForIdentity(event, event.guest, { kind: 'stay', event }));
    },

    recordDining(event) {
      return recordOnce(diningRecorded.detailType, event, async () => {
        // A walk-in is named like a guest at check-in; anyone else by the id a check-in gave them.
        if (event.diner) return recordForIdentity(event, event.diner, { kind: 'dining', event });
        const guestId = event.guestId!;
        return { guestId, items: (await recordFor(guestId, { kind: 'dining', event })).items };
      });
    },

    recordDeparture(event) {
      return recordOnceFor(guestDeparted.detailType, event, { kind: 'departure', event });
    },

    recordConsentWithdrawn(event) {
      return recordOnceFor(marketingConsentWithdrawn.detailType, event, { kind: 'consent', event });
    },

    recordNote(event) {
      return recordOnceFor(guestNoteAdded.detailType, event, { kind: 'note', event });
    },

    recordProfileCorrection(event) {
      return recordOnce(guestProfileCorrected.detailType, event, async () => {
        // A new email or phone: the guest holds it from now on (older ones stay theirs too, as after a check-in).
        // Another guest holding it already keeps it and their profile: the pair is a possible duplicate.
        const identityKeys = identityKeysOf(event.propertyId, { email: event.changes.email ?? undefined, phone: event.changes.phone ?? undefined });
        // The guest and the keys' holders are read at once: one round trip before the transaction.
        const [applied, keyItems] = await Promise.all([
          recordFor(event.guestId, { kind: 'correction', event }),
          Promise.all(identityKeys.map((key) => getItem(keys.identity(key), true))),
        ]);
        const others = identityKeys.flatMap((key, i) =>
          holdersOf(keyItems[i])
            .filter((holder) => holder !== event.guestId)
            .map((guestId) => ({ guestId, sharedKey: key })),
        );
        return {
          guestId: event.guestId,
          items: [
            ...applied.items,
            ...identityClaims(event.guestId, identityKeys, keyItems),
            ...others.flatMap((other) => possibleDuplicateItems(event, event.guestId, other)),
          ],
          possibleDuplicates: others.length,
        };
      });
    },

    recordNoteChange(event) {
      return recordOnceFor(guestNoteChanged.detailType, event, { kind: 'note-change', event });
    },

    recordTagChange(event) {
      return recordOnceFor(guestTagChanged.detailType, event, { kind: 'tag', event });
    },

    recordDietaryNeeds(event) {
      return recordOnceFor(guestDietaryNeedsRecorded.detailType, event, { kind: 'dietary', event });
    },

    recordMerge(event) {
      return recordOnce(guestsMerged.detailType, event, async () => ({ guestId: event.guestId, items: await mergeItems(event) }));
    },

    recordUnmerge(event) {
      return recordOnce(guestsUnmerged.detailType, event, async () => ({ guestId: event.guestId, items: await unmergeItems(event) }));
    },

    /** The daily segmentation's entry; the same id with the other membership (a rerun of the day on other data) keeps the first. */
    async recordSegmentChange(event) {
      try {
        return await recordOnceFor(segmentChangeDetailType, event, { kind: 'segment', event });
      } catch (error) {
        if (error instanceof EventKeyConflictError) return 'recorded-otherwise';
        throw error;
      }
    },
  };
  return store;
}

/** One of a pair of possible duplicates, from their card: a merged guest's card keeps what the list shows of them. */
function duplicateGuestOf(guestId: string, card: Item | undefined): DuplicateGuest[] {
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

/** The first write of each item: a transaction may name an item once. */
function oneWritePerItem(items: readonly TransactItem[]): TransactItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = (item.Put?.Item ?? item.Delete?.Key ?? item.Update?.Key ?? item.ConditionCheck?.Key) as ItemKey;
    const id = `${key.pk}|${key.sk}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
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
const storedVisit = (visit: DiningVisit): StoredVisit => [visit.date, visit.table, storedOrder(visit.items)];
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
function cardAttributesOf(profile: GuestProfile): Item {
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

function toInHouseGuest(item: Item): InHouseGuest {
  return {
    propertyId: item.propertyId as string,
    room: item.room as string,
    guestId: item.guestId as string,
    salutation: item.salutation as string,
    fullName: item.fullName as string,
    checkedInAt: item.checkedInAt as string,
  };
}
