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
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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
  parseDiningKey,
  type DiningVisit,
  type GuestFold,
  type GuestProfile,
  type HistoryEntry,
  type RoomTakenOver,
  type Stay,
} from '../domain/guest-profile.ts';
import { identityKeysOf, matchCheckInGuest, normaliseSurname, type IdentityKey } from '../domain/identity.ts';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { contentHashOf, eventKeyOf } from '../events/event-key.ts';
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
} from '../events/guest-events.ts';
import type { AbsenceAnswerOutcome, AbsenceAnswerRecorder, GuestReader, GuestRecorder, RecordedEvent, RecordOutcome } from '../ports.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { createCardReads, createDynamoGuestReader, type ProfileRead } from './dynamo-guest-reader.ts';
import { cardAttributesOf, holdersOf, mergedIntoAttribute, storedVisit, visitsFromItem } from './guest-card.ts';
import { queryAll, type Item } from './query.ts';
import { tableDefinition } from './table.ts';
import { eventDelivery } from '../wiring.ts';
import { segmentChangeDetailType } from '../domain/guest-segments.ts';
import type { SegmentRecorder } from '../use-cases/value-segments.ts';
import { valueIndexItems } from './guest-value-index.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A guest as read for recording: the card (`previousLayout` when the layout before this one wrote it: the next write
 * migrates it), and the recent visits of the pairs the event dines at.
 */
interface GuestState extends ProfileRead {
  readonly recentDining: Readonly<Record<string, readonly DiningVisit[]>>;
  /** The version each of those pairs' items had when read; absent for a pair not stored yet. */
  readonly diningVersions: Readonly<Record<string, number>>;
}

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

  const { getItem, readCard, readRecordedEvent, readIdentityHolders: identityHolders } = createCardReads(db, TableName);

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
      // Rare: the pairs' items read beside the pointer were the merged guest's; the survivor's are read now.
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
      // Each room once: two merged guests may both have been shown in it.
      const shownBefore = [...(write.before?.profile.currentStays ?? []), ...(write.merging?.stays ?? [])].filter(
        (stay, i, all) => all.findIndex((other) => sameRoom(other, stay)) === i,
      );
      for (const left of shownBefore.filter((b) => !profile.currentStays.some((a) => sameRoom(a, b)))) {
        const key = keys.inHouseRoom(left.propertyId, left.room);
        const read = await getItem(key, true);
        if (ours.has(read?.guestId as string)) items.push({ Delete: { TableName, Key: key, ...unchangedSince(read, 'since') } });
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
   * Who holds each of the keys, read for recording: their cards (consistently) with the recent visits of
   * `diningKeys`. A holder whose erasure is under way makes the recording wait (ErasureUnderWay).
   */
  function readIdentityHolders(identityKeys: readonly IdentityKey[], diningKeys: readonly string[]) {
    return identityHolders(identityKeys, true, (id) => readGuest(id, diningKeys));
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
    const { items: keyItems, holders, profiles } = await readIdentityHolders(identityKeys, diningKeysOf([entry]));
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

    ...createDynamoGuestReader(options),

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
