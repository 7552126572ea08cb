/**
 * The guest store on DynamoDB. Reads are single key lookups. Every recording is one transaction that also claims
 * the event id (so a repeated delivery changes nothing) and is conditional on the profile version it read (so two
 * events for one guest processed at once both land: the loser re-reads and re-applies).
 */
import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { birthMonthDay, compareInstants } from '../domain/dates.ts';
import {
  applyCheckIn,
  applyConsentWithdrawn,
  applyDeparture,
  applyDining,
  applyNote,
  createProfile,
  keepOutOfTheRoom,
  parseDiningKey,
  withClaimedIdentityKeys,
  diningVisitFrom,
  endStayForRoomTakenOver,
  type GuestProfile,
} from '../domain/guest-profile.ts';
import { identityKeysOf, type IdentityKey } from '../domain/identity.ts';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { GuestReader, GuestRecorder, InHouseGuest, RecordOutcome, VisitPage } from '../ports.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type RoomCondition = { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> };

interface VersionedProfile {
  readonly profile: GuestProfile;
  readonly version: number;
}

/** Optimistic retries before giving up; the bus then redelivers later. */
const maxAttempts = 8;

/** 24 random bytes: unguessable, and no one can count guests from an id. */
export function newGuestId(): string {
  return `g_${randomBytes(18).toString('base64url')}`;
}

export function createDynamoGuestStore(options: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  newGuestId?: () => string;
}): GuestReader & GuestRecorder {
  const { documentClient: db, tableName: TableName } = options;
  const generateGuestId = options.newGuestId ?? newGuestId;

  async function getItem(key: ItemKey, consistent = false): Promise<Record<string, unknown> | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: consistent }));
    return Item;
  }

  async function getVersionedProfile(guestId: string, consistent: boolean): Promise<VersionedProfile | undefined> {
    const item = await getItem(keys.guestProfile(guestId), consistent);
    if (!item) return undefined;
    return { profile: profileFromItem(item), version: item.version as number };
  }

  function putProfile(profile: GuestProfile, readVersion: number | undefined): TransactItem {
    const departedOn = profile.lastCompletedStay?.departedOn;
    const mailable = profile.email && profile.marketingConsent;
    return {
      Put: {
        TableName,
        Item: {
          ...keys.guestProfile(profile.guestId),
          entityType: entityTypes.guest,
          version: (readVersion ?? 0) + 1,
          ...profile,
          // Sparse indexes for the daily campaigns: only guests who may be emailed, and who have a birthday or a
          // finished stay. Withdrawing consent takes a guest out of both.
          ...(mailable && profile.birthDate ? keys.birthdayIndex(birthMonthDay(profile.birthDate), profile.guestId) : {}),
          ...(mailable && departedOn ? keys.lastStayIndex(departedOn, profile.guestId) : {}),
        },
        ...(readVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': readVersion } }),
      },
    };
  }

  /**
   * The profile and, while the guest is in house, the room item, which carries a copy of the profile so that
   * "who is in room 1203?" is answered with the card by one GetItem. Both are written in the same transaction, so
   * the copy never lags. By default the room must still be this guest's stay; a check-in passes what it read.
   */
  function writeProfile(profile: GuestProfile, readVersion: number | undefined, roomCondition?: RoomCondition): TransactItem[] {
    // An erasure under way (its tombstone is written first) makes this transaction fail, and the retry discard it.
    const notErased: TransactItem[] =
      readVersion === undefined ? [] : [{ ConditionCheck: { TableName, Key: keys.erasedGuest(profile.guestId), ConditionExpression: 'attribute_not_exists(pk)' } }];
    const stay = profile.currentStay;
    if (!stay) return [putProfile(profile, readVersion), ...notErased];
    const room: TransactItem = {
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
          profile,
        },
        ...(roomCondition ?? roomHeldBy({ guestId: profile.guestId, checkedInAt: stay.checkedInAt })),
      },
    };
    return [putProfile(profile, readVersion), room, ...notErased];
  }

  /** Condition: the room item is still what was read (absent, or the same occupant's same check-in). */
  function roomHeldBy(read: Record<string, unknown> | undefined): RoomCondition {
    return read
      ? {
          ConditionExpression: 'guestId = :heldBy AND checkedInAt = :heldSince',
          ExpressionAttributeValues: { ':heldBy': read.guestId, ':heldSince': read.checkedInAt },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
  }

  function putVisit(guestId: string, at: string, kind: 'stay' | 'dining' | 'departure' | 'note', eventId: string, fields: object): TransactItem {
    return { Put: { TableName, Item: { ...keys.visit(guestId, at, kind, eventId), entityType: entityTypes.visit, kind, at, eventId, ...fields } } };
  }

  /**
   * Claims the event id and applies `build`'s writes in one transaction. On a lost race (the profile or room
   * changed since it was read) it reads again and rebuilds; if the event id was already claimed, it is a duplicate.
   */
  async function recordOnce(eventId: string, at: string, build: () => Promise<TransactItem[]>): Promise<RecordOutcome> {
    const marker: TransactItem = {
      Put: {
        TableName,
        Item: { ...keys.recordedEvent(eventId), entityType: entityTypes.recordedEvent, eventId, at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (await getItem(keys.recordedEvent(eventId), true)) return 'duplicate';
      let items: TransactItem[];
      try {
        items = await build();
      } catch (error) {
        if (!(error instanceof GuestErased)) throw error;
        // The guest was erased: the event is marked as handled and changes nothing, so it never recreates them.
        items = [];
      }
      try {
        await db.send(new TransactWriteCommand({ TransactItems: [marker, ...items] }));
        return items.length ? 'recorded' : 'discarded';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
        const retriable = reasons.every((r) => ['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(r.Code ?? 'None'));
        if (!retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new ConflictError(`event ${eventId} lost ${maxAttempts} races for the same guest; it will be redelivered`);
  }

  async function requireProfile(guestId: string): Promise<VersionedProfile> {
    if (await getItem(keys.erasedGuest(guestId), true)) throw new GuestErased();
    const found = await getVersionedProfile(guestId, true);
    if (found) return found;
    // Thrown so that the bus redelivers: the guest's check-in may still be on its way.
    throw new NotFoundError(`guest ${guestId} is not recorded (yet)`);
  }

  /**
   * Who holds each identity key now, read once and strongly consistent (a check-in recorded a moment ago counts).
   * A holder whose profile is gone (erased) holds nothing: its keys are free to take.
   */
  async function readIdentityHolders(identityKeys: readonly IdentityKey[]) {
    const profiles = new Map<string, Promise<VersionedProfile | undefined>>();
    return Promise.all(
      identityKeys.map(async (key) => {
        const item = await getItem(keys.identity(key), true);
        const holderId = item?.guestId as string | undefined;
        if (holderId && !profiles.has(holderId)) profiles.set(holderId, getVersionedProfile(holderId, true));
        return { key, holderId, holder: holderId ? await profiles.get(holderId) : undefined };
      }),
    );
  }

  /**
   * The identity keys this guest claims (free ones, or ones left by an erased guest) and every key it then holds;
   * a key another living guest holds stays with them.
   */
  function identityClaims(guestId: string, holders: Awaited<ReturnType<typeof readIdentityHolders>>): { writes: TransactItem[]; held: IdentityKey[] } {
    const writes: TransactItem[] = [];
    const held: IdentityKey[] = [];
    for (const { key, holderId, holder } of holders) {
      if (holderId !== guestId && holder) continue;
      held.push(key);
      if (holderId === guestId) continue;
      writes.push({
        Put: {
          TableName,
          Item: { ...keys.identity(key), entityType: entityTypes.identity, kind: key.kind, value: key.value, guestId },
          ...(holderId
            ? { ConditionExpression: 'guestId = :stale', ExpressionAttributeValues: { ':stale': holderId } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      });
    }
    return { writes, held };
  }

  const store: GuestReader & GuestRecorder = {
    async getProfile(guestId) {
      return (await getVersionedProfile(guestId, false))?.profile;
    },

    async findGuestIds(identityKeys) {
      const holders = await Promise.all(identityKeys.map((key) => getItem(keys.identity(key))));
      return [...new Set(holders.flatMap((item) => (item ? [item.guestId as string] : [])))];
    },

    async getInHouseGuest(propertyId, room) {
      const item = await getItem(keys.inHouseRoom(propertyId, room));
      return item && { ...toInHouseGuest(item), profile: item.profile as GuestProfile };
    },

    async listInHouse(propertyId) {
      const guests: InHouseGuest[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.inHousePartition(propertyId) },
            // The list needs names and rooms, not each guest's profile copy.
            ProjectionExpression: 'propertyId, room, guestId, salutation, fullName, checkedInAt',
            ExclusiveStartKey,
          }),
        );
        guests.push(...(page.Items ?? []).map(toInHouseGuest));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return guests.sort((a, b) => a.room.localeCompare(b.room, 'en', { numeric: true }));
    },

    async listVisits(guestId, { limit, cursor }): Promise<VisitPage> {
      const page = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.guestProfile(guestId).pk, ':prefix': keys.visitPrefix() },
          ScanIndexForward: false,
          Limit: limit,
          ...(cursor ? { ExclusiveStartKey: { pk: keys.guestProfile(guestId).pk, sk: Buffer.from(cursor, 'base64url').toString() } } : {}),
        }),
      );
      const visits = (page.Items ?? []).map(({ pk: _pk, sk: _sk, entityType: _type, ...visit }) => visit);
      const next = page.LastEvaluatedKey?.sk as string | undefined;
      return next ? { visits, cursor: Buffer.from(next).toString('base64url') } : { visits };
    },

    recordCheckIn(event) {
      return recordOnce(event.eventId, event.at, async () => {
        const holders = await readIdentityHolders(identityKeysOf(event.propertyId, event.guest));
        // The strongest key that finds a living guest: PMS profile id, then email, then phone.
        const existing = holders.find((h) => h.holder)?.holder;
        const guestId = existing?.profile.guestId ?? generateGuestId();
        const computed = existing ? applyCheckIn(existing.profile, event) : { profile: createProfile(guestId, event), newStay: true, occupiesRoom: true };
        const occupant = computed.occupiesRoom ? await getItem(keys.inHouseRoom(event.propertyId, event.room), true) : undefined;
        // A late check-in must not evict whoever checked into the room after it.
        const roomTakenLater = occupant && occupant.guestId !== guestId && compareInstants(occupant.checkedInAt as string, event.at) > 0;
        const outcome = roomTakenLater ? keepOutOfTheRoom(computed, existing?.profile) : computed;
        const claims = identityClaims(guestId, holders);
        const profile = withClaimedIdentityKeys(outcome.profile, claims.held);
        const stayHistory = outcome.newStay ? [putVisit(guestId, event.at, 'stay', event.eventId, { propertyId: event.propertyId, room: event.room })] : [];
        if (!outcome.occupiesRoom) return [...writeProfile(profile, existing?.version), ...claims.writes, ...stayHistory];

        const items: TransactItem[] = [...writeProfile(profile, existing?.version, roomHeldBy(occupant)), ...claims.writes, ...stayHistory];
        if (occupant && occupant.guestId !== guestId) {
          // The PMS gave the room to someone else without a departure: the previous occupant's stay ends now.
          const previous = await getVersionedProfile(occupant.guestId as string, true);
          const stay = previous?.profile.currentStay;
          if (previous && stay?.propertyId === event.propertyId && stay.room === event.room) {
            items.push(putProfile(endStayForRoomTakenOver(previous.profile, event.at), previous.version));
          }
        }
        if (outcome.vacatedRoom) {
          // Free the room the guest left, unless someone else has it already.
          const oldRoomKey = keys.inHouseRoom(outcome.vacatedRoom.propertyId, outcome.vacatedRoom.room);
          const oldRoom = await getItem(oldRoomKey, true);
          if (oldRoom?.guestId === guestId) items.push({ Delete: { TableName, Key: oldRoomKey, ...roomHeldBy(oldRoom) } });
        }
        return items;
      });
    },

    recordDining(event) {
      return recordOnce(event.eventId, event.at, async () => {
        const { profile, version } = await requireProfile(event.guestId);
        const { key, visit } = diningVisitFrom(event);
        return [
          ...writeProfile(applyDining(profile, key, visit), version),
          putVisit(event.guestId, event.at, 'dining', event.eventId, { ...parseDiningKey(key), ...visit }),
        ];
      });
    },

    recordDeparture(event) {
      return recordOnce(event.eventId, event.at, async () => {
        const { profile, version } = await requireProfile(event.guestId);
        const { profile: updated, endedStay, checkInPending } = applyDeparture(profile, event);
        // Thrown so that the bus redelivers it once the check-in it ends has been recorded.
        if (checkInPending) throw new NotFoundError(`the check-in this departure ends is not recorded (yet) for guest ${event.guestId}`);
        const items = [
          ...writeProfile(updated, version),
          putVisit(event.guestId, event.at, 'departure', event.eventId, { propertyId: event.propertyId, room: event.room ?? profile.currentStay?.room }),
        ];
        if (endedStay) {
          const roomKey = keys.inHouseRoom(endedStay.propertyId, endedStay.room);
          const occupant = await getItem(roomKey, true);
          if (occupant?.guestId === event.guestId) items.push({ Delete: { TableName, Key: roomKey, ...roomHeldBy(occupant) } });
        }
        return items;
      });
    },

    recordConsentWithdrawn(event) {
      return recordOnce(event.eventId, event.at, async () => {
        const { profile, version } = await requireProfile(event.guestId);
        return writeProfile(applyConsentWithdrawn(profile, event), version);
      });
    },

    recordNote(event) {
      return recordOnce(event.eventId, event.at, async () => {
        const { profile, version } = await requireProfile(event.guestId);
        return [
          ...writeProfile(applyNote(profile, event), version),
          putVisit(event.guestId, event.at, 'note', event.eventId, { propertyId: event.propertyId, category: event.category }),
        ];
      });
    },
  };
  return store;
}

/** An event for a guest who has been erased: recorded as handled, applied to nothing. */
class GuestErased extends Error {}

/** A profile item without its keys and bookkeeping. */
export function profileFromItem(item: Record<string, unknown>): GuestProfile {
  const { pk: _pk, sk: _sk, entityType: _type, version: _version, gsi1pk: _b1, gsi1sk: _b2, gsi2pk: _l1, gsi2sk: _l2, ...profile } = item;
  return profile as unknown as GuestProfile;
}

function toInHouseGuest(item: Record<string, unknown>): InHouseGuest {
  return {
    propertyId: item.propertyId as string,
    room: item.room as string,
    guestId: item.guestId as string,
    salutation: item.salutation as string,
    fullName: item.fullName as string,
    checkedInAt: item.checkedInAt as string,
  };
}
