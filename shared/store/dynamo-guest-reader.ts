/**
 * Reading guests on DynamoDB: every read is a key lookup or a single-partition Query (keys.ts). The HTTP functions
 * that only read and publish take this alone (`guestReaderFromEnvironment`), without the recorders' code; the guest
 * store (dynamo-guest-store.ts) builds on the same card reads.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { compareInstants } from '../domain/dates.ts';
import type { GuestProfile } from '../domain/guest-profile.ts';
import { normaliseSurname, type IdentityHolder, type IdentityKey } from '../domain/identity.ts';
import type { EventKey } from '../events/event-key.ts';
import type { GuestReader, PossibleDuplicateRecord, RecordedEvent } from '../ports.ts';
import { duplicateGuestOf, erasingAttribute, holdersOf, mergedIntoAttribute, previousLayoutAttribute, profileFromItem, toInHouseGuest } from './guest-card.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryAll, queryPages, type Item } from './query.ts';
import { tableDefinition } from './table.ts';

/** A card as read: the guest's profile, or (a guest merged into another) a pointer to the survivor. */
export type CardRead =
  | { readonly version: number; readonly erasing: boolean; readonly profile: GuestProfile; readonly previousLayout: boolean }
  | { readonly version: number; readonly erasing: boolean; readonly mergedInto: string; readonly lastName: string };

/** The profile a guest id stands for, with the card's version; `redirect` when the id is a guest merged into it. */
export interface ProfileRead {
  readonly profile: GuestProfile;
  readonly version: number;
  readonly previousLayout?: boolean;
  /**
   * The guest asked for was merged into this one: their id, the version of their card (a pointer here), and their
   * own surname (identity rules match a check-in against the surname of the guest who holds the key).
   */
  readonly redirect?: { readonly guestId: string; readonly version: number; readonly lastName: string };
}

/** The card reads the reader and the recorders share. */
export function createCardReads(db: DynamoDBDocumentClient, TableName: string) {
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
   * The profile a guest id stands for (eventually consistent, as every read for staff): the guest's own, or the one
   * they were merged into. Undefined when there is none, or it is being erased.
   */
  async function readProfile(guestId: string): Promise<ProfileRead | undefined> {
    const card = await readCard(guestId, false);
    if (!card || card.erasing) return undefined;
    if (!('mergedInto' in card)) return { profile: card.profile, version: card.version, previousLayout: card.previousLayout };
    const survivor = await readProfile(card.mergedInto);
    return survivor && { ...survivor, redirect: { guestId, version: card.version, lastName: card.lastName } };
  }

  async function readRecordedEvent(key: EventKey): Promise<RecordedEvent | undefined> {
    const item = await getItem(keys.recordedEvent(key), true);
    return item && { contentHash: item.contentHash as string, at: item.at as string, ...(item.guestId ? { guestId: item.guestId as string } : {}) };
  }

  /**
   * Who holds each of the keys (one GetItem per key), with each holder's surname, each holder read by `readHolder`
   * (one round trip for all holders). A holder read as nothing (erased) holds nothing.
   */
  async function readIdentityHolders<S extends ProfileRead>(
    identityKeys: readonly IdentityKey[],
    consistent: boolean,
    readHolder: (guestId: string) => Promise<S | undefined>,
  ): Promise<{ items: (Item | undefined)[]; holders: IdentityHolder[]; profiles: Map<string, S | undefined> }> {
    const items = await Promise.all(identityKeys.map((key) => getItem(keys.identity(key), consistent)));
    const holderIds = [...new Set(items.flatMap((item) => holdersOf(item)))];
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

  return { getItem, readCard, readProfile, readRecordedEvent, readIdentityHolders };
}

export function createDynamoGuestReader({
  documentClient: db,
  tableName: TableName,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}): GuestReader {
  const { getItem, readProfile, readRecordedEvent, readIdentityHolders } = createCardReads(db, TableName);
  const reader: GuestReader = {
    async getProfile(guestId) {
      return (await readProfile(guestId))?.profile;
    },

    async findGuestIds(identityKeys) {
      const items = await Promise.all(identityKeys.map((key) => getItem(keys.identity(key))));
      return [...new Set(items.flatMap((item) => holdersOf(item)))];
    },

    async findIdentityHolders(identityKeys) {
      return (await readIdentityHolders(identityKeys, false, readProfile)).holders;
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
      const profile = item && (await reader.getProfile(item.guestId as string));
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
  };
  return reader;
}
