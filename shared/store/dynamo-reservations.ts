/**
 * Reservations on DynamoDB, kept out of the guest's card. Each reservation is one item holding the join of its events
 * (shared/domain/reservation.ts), and while it is expected or has arrived, one item in its arrival day's list, so a
 * day's arrivals are one Query of one partition. Recording an event is one transaction: the event's marker (a repeat
 * changes nothing, the same id with other content is a conflict), the reservation conditional on the version read,
 * the day item moved, written or removed, and a link in the partition of the known guest the reservation names (so
 * it is exported and erased with them). A reservation never creates a guest: the match is read-only.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { compareInstants } from '../domain/dates.ts';
import { identityKeysOf, matchCheckInGuest } from '../domain/identity.ts';
import {
  applyReservationFact,
  arrivalListingOf,
  reservationExpiresAt,
  type ArrivalListing,
  type Reservation,
  type ReservationFact,
} from '../domain/reservation.ts';
import { ConflictError } from '../errors.ts';
import { contentHashOf, eventKeyOf } from '../events/event-key.ts';
import {
  reservationCancelled,
  reservationConfirmed,
  type GuestCheckedIn,
  type ReservationCancelled,
  type ReservationConfirmed,
} from '../events/guest-events.ts';
import type { GuestReader, RecordOutcome } from '../ports.ts';
import { erasedIdentityHash, eventMarkerLifetimeSeconds, EventKeyConflictError } from './dynamo-guest-store.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { queryAll, type Item } from './query.ts';
import { tableDefinition } from './table.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface ReservationStore {
  recordConfirmed(event: ReservationConfirmed): Promise<RecordOutcome>;
  recordCancelled(event: ReservationCancelled): Promise<RecordOutcome>;
  /** Closes the reservation a recorded check-in names (nothing when it names none); safe to run again. */
  closeByCheckIn(event: GuestCheckedIn): Promise<'recorded' | 'unchanged'>;
  listArrivals(propertyId: string, date: string): Promise<ArrivalListing[]>;
  getReservation(propertyId: string, reservationId: string): Promise<Reservation | undefined>;
}

const maxAttempts = 8;

export function createDynamoReservations(options: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** Which known guest a reservation names (read-only: the same rule as a check-in). */
  reader: Pick<GuestReader, 'findIdentityHolders'>;
  /** HMAC key for erased identity keys: a confirmation from before an erasure naming one of them is discarded. */
  erasedIdentityHashKey?: string;
}): ReservationStore {
  const { documentClient: db, tableName: TableName, reader } = options;

  async function getItem(key: ItemKey): Promise<Item | undefined> {
    return (await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item;
  }

  /** The known guest the reservation names now, if any (by its newest confirmation). */
  async function matchedGuest(reservation: Reservation): Promise<string | undefined> {
    const confirmed = reservation.confirmed;
    if (!confirmed) return undefined;
    const identityKeys = identityKeysOf(reservation.propertyId, confirmed.guest);
    if (!identityKeys.length) return undefined;
    return matchCheckInGuest(confirmed.guest.lastName, identityKeys, await reader.findIdentityHolders(identityKeys)).guestId;
  }

  /** True when the confirmation names an identity key of a guest erased after it: it predates the erasure. */
  async function predatesErasure(event: { propertyId: string; at: string; guest: Parameters<typeof identityKeysOf>[1] }): Promise<boolean> {
    const hashKey = options.erasedIdentityHashKey;
    if (!hashKey) return false;
    const erased = await Promise.all(
      identityKeysOf(event.propertyId, event.guest).map((key) => getItem(keys.erasedIdentity(erasedIdentityHash(hashKey, key)))),
    );
    return erased.some((item) => item && compareInstants(event.at, item.erasedAt as string) < 0);
  }

  /** The transaction items that take the reservation from `before` to `after`. */
  async function writesFor(before: Item | undefined, after: Reservation): Promise<TransactItem[]> {
    const previous = before ? (before.reservation as Reservation) : undefined;
    const expiresAt = reservationExpiresAt(after);
    const linked = [...new Set([await matchedGuest(after), after.checkedIn?.guestId].filter((id): id is string => id !== undefined))].sort();
    const linkedBefore = (before?.linkedGuestIds as string[] | undefined) ?? [];
    const key = keys.reservation(after.propertyId, after.reservationId);
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: {
            ...key,
            entityType: entityTypes.reservation,
            version: ((before?.version as number) ?? 0) + 1,
            reservation: after,
            linkedGuestIds: linked,
            [tableDefinition.timeToLiveAttribute]: expiresAt,
          },
          ...(before
            ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': before.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
    ];
    const listedBefore = previous && arrivalListingOf(previous);
    const listed = arrivalListingOf(after);
    if (listedBefore && listedBefore.arrivalDate !== listed?.arrivalDate) {
      items.push({ Delete: { TableName, Key: keys.arrival(after.propertyId, listedBefore.arrivalDate, after.reservationId) } });
    }
    if (listed) {
      items.push({
        Put: {
          TableName,
          Item: {
            ...keys.arrival(after.propertyId, listed.arrivalDate, after.reservationId),
            entityType: entityTypes.arrival,
            listing: listed,
            [tableDefinition.timeToLiveAttribute]: expiresAt,
          },
        },
      });
    }
    for (const guestId of linked) {
      items.push({
        Put: {
          TableName,
          Item: {
            ...keys.reservationLink(guestId, after.propertyId, after.reservationId),
            entityType: entityTypes.reservationLink,
            guestId,
            propertyId: after.propertyId,
            reservationId: after.reservationId,
            [tableDefinition.timeToLiveAttribute]: expiresAt,
          },
        },
      });
    }
    for (const guestId of linkedBefore.filter((id) => !linked.includes(id))) {
      items.push({ Delete: { TableName, Key: keys.reservationLink(guestId, after.propertyId, after.reservationId) } });
    }
    return items;
  }

  /**
   * Applies the fact (and claims the event's key, when `marker` names the detail-type): read, merge, write on the
   * version read; a lost race reads again.
   */
  async function apply(fact: ReservationFact, marker?: { detailType: string; discard: boolean }): Promise<RecordOutcome> {
    const event = fact.event;
    const eventKey = eventKeyOf(event);
    const contentHash = marker && contentHashOf(marker.detailType, event);
    const duplicateOrConflict = (recorded: Item): RecordOutcome => {
      if (recorded.contentHash === contentHash) return 'duplicate';
      throw new EventKeyConflictError(`event id ${event.eventId} of ${event.propertyId} was recorded before with other content`);
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const before = await getItem(keys.reservation(event.propertyId, event.reservationId));
      const after = applyReservationFact(before?.reservation as Reservation | undefined, fact);
      // Compared as canonical JSON: a map read back from the table may list its keys in another order.
      const changed = !before || contentHashOf(entityTypes.reservation, after) !== contentHashOf(entityTypes.reservation, before.reservation);
      const writes = marker?.discard || !changed ? [] : await writesFor(before, after);
      const markerItems: TransactItem[] = marker
        ? [
            {
              Put: {
                TableName,
                Item: {
                  ...keys.recordedEvent(eventKey),
                  entityType: entityTypes.recordedEvent,
                  ...eventKey,
                  detailType: marker.detailType,
                  contentHash,
                  at: event.at,
                  [tableDefinition.timeToLiveAttribute]: Math.floor(Date.now() / 1000) + eventMarkerLifetimeSeconds,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : [];
      if (!markerItems.length && !writes.length) return 'duplicate';
      try {
        await db.send(new TransactWriteCommand({ TransactItems: [...markerItems, ...writes] }));
        return writes.length ? 'recorded' : marker?.discard ? 'discarded' : 'recorded';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (markerItems.length && reasons[0]?.Code === 'ConditionalCheckFailed') {
          const recorded = await getItem(keys.recordedEvent(eventKey));
          if (recorded) return duplicateOrConflict(recorded);
        }
        if (!reasons.every((r) => ['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(r.Code ?? 'None'))) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new ConflictError(`event ${event.eventId} lost ${maxAttempts} races for reservation ${event.reservationId}; it will be redelivered`);
  }

  return {
    async recordConfirmed(event) {
      const discard = await predatesErasure(event);
      return apply({ kind: 'confirmed', event }, { detailType: reservationConfirmed.detailType, discard });
    },

    recordCancelled(event) {
      return apply({ kind: 'cancelled', event }, { detailType: reservationCancelled.detailType, discard: false });
    },

    async closeByCheckIn(event) {
      if (!event.reservationId) return 'unchanged';
      // The guest the check-in was recorded for (its marker says), so the reservation is erased with them.
      const recorded = await getItem(keys.recordedEvent(eventKeyOf(event)));
      const guestId = recorded?.guestId as string | undefined;
      const fact: ReservationFact = {
        kind: 'checked-in',
        event: {
          eventId: event.eventId,
          propertyId: event.propertyId,
          reservationId: event.reservationId,
          at: event.at,
          room: event.room,
          ...(guestId ? { guestId } : {}),
        },
      };
      return (await apply(fact)) === 'recorded' ? 'recorded' : 'unchanged';
    },

    async listArrivals(propertyId, date) {
      const items = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.arrivalsPartition(propertyId, date) },
        ProjectionExpression: 'listing',
      });
      return items.map((item) => item.listing as ArrivalListing);
    },

    async getReservation(propertyId, reservationId) {
      return (await getItem(keys.reservation(propertyId, reservationId)))?.reservation as Reservation | undefined;
    },
  };
}

/** The reservations a guest's links point to, as stored (for the export). */
export async function readLinkedReservations(db: DynamoDBDocumentClient, TableName: string, links: readonly Item[]): Promise<Reservation[]> {
  const found = await Promise.all(
    links.map(
      async (link) =>
        (await db.send(new GetCommand({ TableName, Key: keys.reservation(link.propertyId as string, link.reservationId as string), ConsistentRead: true })))
          .Item,
    ),
  );
  return found.flatMap((item) => (item ? [item.reservation as Reservation] : []));
}

/** Erases the reservation a guest's link points to: the reservation, its day item and every guest's link to it. 1 when it existed. */
export async function eraseLinkedReservation(db: DynamoDBDocumentClient, TableName: string, link: Item): Promise<number> {
  const key = keys.reservation(link.propertyId as string, link.reservationId as string);
  const item = (await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item;
  if (!item) return 0;
  const reservation = item.reservation as Reservation;
  const listed = arrivalListingOf(reservation);
  const others = ((item.linkedGuestIds as string[] | undefined) ?? []).map((guestId) =>
    keys.reservationLink(guestId, reservation.propertyId, reservation.reservationId),
  );
  const deletions = [...(listed ? [keys.arrival(reservation.propertyId, listed.arrivalDate, reservation.reservationId)] : []), ...others, key];
  for (const Key of deletions) await db.send(new DeleteCommand({ TableName, Key }));
  return 1;
}
