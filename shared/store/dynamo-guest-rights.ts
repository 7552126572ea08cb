/**
 * A guest's rights over their data: everything stored about them, and its erasure. The guest's partition holds
 * the profile, the history and the send ledger; identity keys, the in-house room and a suppressed address live under
 * their own keys and are found from the profile.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { compareInstants } from '../domain/dates.ts';
import type { IdentityKey } from '../domain/identity.ts';
import { erasedIdentityHash } from './dynamo-guest-store.ts';
import { erasingAttribute, holdersOf, mergedIntoAttribute, profileFromItem, visitsFromItem } from './guest-card.ts';
import { eraseLinkedReservation, readLinkedReservations } from './dynamo-reservations.ts';
import { eraseGuestValueItems } from './dynamo-top-guests.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { queryAll } from './query.ts';

export interface GuestExport {
  readonly guestId: string;
  /** The profile, with `recentDining`: per outlet and meal period, the recent visits its usual is chosen from. */
  readonly profile: Record<string, unknown>;
  readonly history: Record<string, unknown>[];
  readonly sendLedger: Record<string, unknown>[];
  readonly possibleDuplicates: Record<string, unknown>[];
  readonly identityKeys: { kind: string; value: string }[];
  readonly inHouse: Record<string, unknown> | null;
  readonly suppression: Record<string, unknown> | null;
  /** The reservations linked to the guest (the PMS's, matched by identity or closed by their check-in). */
  readonly reservations: Record<string, unknown>[];
}

export interface ErasureReport {
  readonly guestId: string;
  readonly erased: {
    readonly profile: number;
    readonly history: number;
    readonly sendLedger: number;
    readonly identityKeys: number;
    readonly inHouse: number;
    readonly possibleDuplicates: number;
    readonly reservations: number;
  };
}

const withoutKeys = ({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ...rest }: Record<string, unknown>) => rest;

export function createDynamoGuestRights({
  documentClient: db,
  tableName: TableName,
  erasedIdentityHashKey,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** HMAC key for the identity keys of erased guests (needed to erase). */
  erasedIdentityHashKey?: string;
}) {
  async function partitionItems(guestId: string): Promise<Record<string, unknown>[]> {
    return queryAll(db, {
      TableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.guestProfile(guestId).pk },
      ConsistentRead: true,
    });
  }

  const get = async (key: ItemKey) => (await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }))).Item;

  /**
   * The card's partition and those of the guests merged into it: one person's data. A guest merged into another is
   * that other guest. Undefined when there is no such guest.
   */
  async function personItems(
    guestId: string,
  ): Promise<{ guestId: string; card: Record<string, unknown>; members: string[]; items: Record<string, unknown>[] } | undefined> {
    const own = await partitionItems(guestId);
    const card = own.find((i) => i.entityType === entityTypes.guest);
    if (!card) return undefined;
    if (card[mergedIntoAttribute]) return personItems(card[mergedIntoAttribute] as string);
    const merged = (profileFromItem(card).mergedGuests ?? []).map((m) => m.guestId);
    const theirs = await Promise.all(merged.map(partitionItems));
    return { guestId, card, members: [guestId, ...merged], items: [...own, ...theirs.flat()] };
  }

  /** Everything about a guest (with the guests merged into them), or undefined when there is no such guest. */
  async function exportGuest(guestId: string): Promise<GuestExport | undefined> {
    const person = await personItems(guestId);
    if (!person) return undefined;
    const { items, members } = person;
    const profile = profileFromItem(person.card);
    const identityKeys = profile.identityKeys;
    const held = await Promise.all(identityKeys.map((key) => get(keys.identity(key))));
    const rooms = await Promise.all(profile.currentStays.map((stay) => get(keys.inHouseRoom(stay.propertyId, stay.room))));
    const inHouse = rooms.filter((room) => members.includes(room?.guestId as string)).map((room) => withoutKeys(room!));
    const suppression = profile.email ? await get(keys.suppression(profile.email)) : undefined;
    return {
      guestId: person.guestId,
      // The card as the profile it holds, and the recent visits behind its usuals (items of their own).
      profile: {
        ...profile,
        recentDining: Object.fromEntries(
          items
            .filter((i) => i.entityType === entityTypes.diningWindow && i.pk === person.card.pk)
            .map((i) => [(i.sk as string).slice(keys.diningWindowPrefix().length), visitsFromItem(i)]),
        ),
      },
      history: items.filter((i) => i.entityType === entityTypes.visit).map(withoutKeys),
      sendLedger: items.filter((i) => i.entityType === entityTypes.sentEmail).map(withoutKeys),
      possibleDuplicates: items.filter((i) => i.entityType === entityTypes.possibleDuplicate).map(withoutKeys),
      identityKeys: identityKeys.filter((_, i) => holdersOf(held[i]).some((holder) => members.includes(holder))),
      inHouse: inHouse[0] ?? null,
      suppression: suppression ? withoutKeys(suppression) : null,
      reservations: (await readLinkedReservations(
        db,
        TableName,
        items.filter((i) => i.entityType === entityTypes.reservationLink),
      )) as unknown as Record<string, unknown>[],
    };
  }

  /** Deletes one item if it still belongs to the guest; 1 when it did. */
  async function deleteIfHeld(key: ItemKey, guestId: string): Promise<number> {
    try {
      await db.send(new DeleteCommand({ TableName, Key: key, ConditionExpression: 'guestId = :guestId', ExpressionAttributeValues: { ':guestId': guestId } }));
      return 1;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 0;
      throw error;
    }
  }

  /** Takes the guest off the holders of an identity key (the item goes when no one is left); 1 when it held it. */
  async function releaseIdentity(key: IdentityKey, guestId: string): Promise<number> {
    for (;;) {
      const item = await get(keys.identity(key));
      const holders = holdersOf(item);
      if (!item || !holders.includes(guestId)) return 0;
      const rest = holders.filter((id) => id !== guestId);
      const condition = { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': item.version ?? 0 } };
      try {
        if (rest.length)
          await db.send(new PutCommand({ TableName, Item: { ...item, guestIds: rest, version: ((item.version as number) ?? 0) + 1 }, ...condition }));
        else await db.send(new DeleteCommand({ TableName, Key: keys.identity(key), ...condition }));
        return 1;
      } catch (error) {
        // Another guest claimed the key meanwhile: read it again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  /**
   * Remembers each identity key the guest held as a keyed hash and the erasure time, nothing else: a check-in from
   * before the erasure naming one of them (a replay, a redriven dead letter) is then discarded. The latest erasure
   * of a key counts.
   */
  async function rememberErasedIdentity(key: IdentityKey, at: string): Promise<void> {
    if (!erasedIdentityHashKey) throw new Error('erasing needs the erased-identity hash key');
    const itemKey = keys.erasedIdentity(erasedIdentityHash(erasedIdentityHashKey, key));
    const known = await get(itemKey);
    if (known && compareInstants(known.erasedAt as string, at) >= 0) return;
    await db.send(new PutCommand({ TableName, Item: { ...itemKey, entityType: entityTypes.erasedIdentity, erasedAt: at } }));
  }

  /**
   * Marks the card as being erased (the attribute recorders look for) and changes its version, so a recording that
   * read it before fails its transaction, reads it again and discards its event. Answers the card as marked (the
   * newest identity keys and stays), or undefined when it is gone already.
   */
  async function markCardErasing(guestId: string, at: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName,
          Key: keys.guestProfile(guestId),
          UpdateExpression: 'SET #erasing = if_not_exists(#erasing, :at), #version = #version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#erasing': erasingAttribute, '#version': 'version' },
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Erases the guest. The tombstone goes first, then the card is marked: from then on recorders discard events for
   * this id (and a recording already under way fails its transaction), so nothing recreates what is being deleted. Every step can be
   * repeated, so a failed erasure is finished by running it again. A suppressed address stays suppressed: that entry
   * exists so the address is never mailed again.
   */
  async function eraseGuest(guestId: string, at: string): Promise<ErasureReport | undefined> {
    const person = await personItems(guestId);
    if (!person) return undefined;
    // The guests merged into this one are the same person: each id is erased, with its partition.
    const { members } = person;
    await Promise.all(
      members.map((id) =>
        db.send(new PutCommand({ TableName, Item: { ...keys.erasedGuest(id), entityType: entityTypes.erasedGuest, guestId: id, erasedAt: at } })),
      ),
    );
    const [marked] = await Promise.all(members.map((id) => markCardErasing(id, at)));
    const profile = profileFromItem(marked ?? person.card);
    await Promise.all(profile.identityKeys.map((key) => rememberErasedIdentity(key, at)));
    const released = await Promise.all(profile.identityKeys.flatMap((key) => members.map((id) => releaseIdentity(key, id))));
    const rooms = await Promise.all(
      profile.currentStays.flatMap((stay) => members.map((id) => deleteIfHeld(keys.inHouseRoom(stay.propertyId, stay.room), id))),
    );
    const counts = { profile: 0, history: 0, sendLedger: 0, possibleDuplicates: 0, reservations: 0 };
    // What the daily segmentation keeps of the person at each property with figures (copies of the card's months, a
    // membership, ranks in the kept runs): counted with the profile they come from.
    const valueProperties = Object.keys({ ...profile.value, ...profile.valueSegments });
    for (const id of members) counts.profile += await eraseGuestValueItems(db, TableName, id, valueProperties);
    // The survivor's partition last: until its card is gone, a rerun finds the merged guests from it.
    for (const id of [...members].reverse()) {
      // Until the partition reads empty: a recording that slipped in before the card was marked is deleted too.
      for (let items = await partitionItems(id); items.length; items = await partitionItems(id)) {
        // The card and the recent visits behind its usuals: the profile, as stored.
        counts.profile += items.filter((i) => i.entityType === entityTypes.guest || i.entityType === entityTypes.diningWindow).length;
        counts.history += items.filter((i) => i.entityType === entityTypes.visit).length;
        counts.sendLedger += items.filter((i) => i.entityType === entityTypes.sentEmail).length;
        // A possible duplicate is listed for the property's admins too: that entry goes with the pointer.
        const duplicates = items.filter((i) => i.entityType === entityTypes.possibleDuplicate);
        counts.possibleDuplicates += duplicates.length;
        await Promise.all(
          duplicates.map((d) => db.send(new DeleteCommand({ TableName, Key: keys.possibleDuplicate(d.propertyId as string, d.guestIds as [string, string]) }))),
        );
        // A reservation linked to the guest goes with them: the reservation, its day in the arrivals list, its links.
        const reservationLinks = items.filter((i) => i.entityType === entityTypes.reservationLink);
        for (const link of reservationLinks) counts.reservations += await eraseLinkedReservation(db, TableName, link);
        // The profile last: until it is gone, a rerun can still find the identity keys and the room from it.
        const ordered = [...items.filter((i) => i.entityType !== entityTypes.guest), ...items.filter((i) => i.entityType === entityTypes.guest)];
        for (let i = 0; i < ordered.length; i += 25) {
          let requests = ordered.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
          while (requests.length) {
            const result = await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
            requests = (result.UnprocessedItems?.[TableName] ?? []) as typeof requests;
          }
        }
      }
    }
    const sum = (numbers: number[]) => numbers.reduce((total, n) => total + n, 0);
    return { guestId: person.guestId, erased: { ...counts, identityKeys: sum(released), inHouse: sum(rooms) } };
  }

  return { exportGuest, eraseGuest };
}
