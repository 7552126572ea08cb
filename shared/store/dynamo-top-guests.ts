/**
 * The daily segmentation's items (keys.ts): per property, `TOPGUESTS#<property>` holds
 * - each run's ranked top guests (`RANK#<date>#<rank>`: the guest id, figures and scores, nothing else of them) and
 *   the run's header (`DAY#<date>`), written after them, so a run with a header is complete. Both expire by TTL
 *   `runRetentionDays` after the run (counted from the run's own time, so a rerun writes the same items);
 * - the current members (`MEMBER#<guestId>`): who the latest run found among the top, what the next run compares
 *   with. It holds no figures.
 * An erasure deletes the guest's items of every property they have figures at (`eraseGuestValueItems`).
 */
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import type { RankedGuest } from '../domain/guest-segments.ts';
import { InvalidCursorError } from '../errors.ts';
import type { TopGuestsRun, TopGuestsStore } from '../use-cases/value-segments.ts';
import { erasingAttribute } from './guest-card.ts';
import { deleteItems, listGuestValues } from './guest-value-index.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { cursorCodec, queryAll, type Item } from './query.ts';
import { tableDefinition } from './table.ts';

/** Long enough for the admins' list to outlive a few missed runs; the next run replaces it. */
export const runRetentionDays = 8;

const cursorSchema = z.strictObject({ propertyId: z.string().check(z.maxLength(100)), date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), rank: z.int() });
const { encode: encodeCursor, decode: decodeCursor } = cursorCodec(cursorSchema);

/** A ranked guest as stored: [stays, nights, spend] over 12 and 36 months, scores as [recency, frequency, spend]. */
function rankedItem(propertyId: string, date: string, guest: RankedGuest, expiresAt: number): Item {
  const figures = (f: RankedGuest['last12Months']) => [f.stays, f.nights, f.spend];
  return {
    ...keys.topGuest(propertyId, date, guest.rank),
    entityType: entityTypes.topGuest,
    guestId: guest.guestId,
    rank: guest.rank,
    last12Months: figures(guest.last12Months),
    last36Months: figures(guest.last36Months),
    activeMonths: guest.activeMonths,
    lastActiveOn: guest.lastActiveOn,
    quintiles: [guest.quintiles.recency, guest.quintiles.frequency, guest.quintiles.spend],
    [tableDefinition.timeToLiveAttribute]: expiresAt,
  };
}

function rankedFromItem(item: Item): RankedGuest {
  const figures = ([stays = 0, nights = 0, spend = 0]: number[]) => ({ stays, nights, spend });
  const [recency = 0, frequency = 0, spend = 0] = item.quintiles as number[];
  return {
    guestId: item.guestId as string,
    rank: item.rank as number,
    last12Months: figures(item.last12Months as number[]),
    last36Months: figures(item.last36Months as number[]),
    activeMonths: item.activeMonths as number,
    lastActiveOn: item.lastActiveOn as string,
    quintiles: { recency, frequency, spend },
  };
}

function runFromItem(item: Item): TopGuestsRun {
  return {
    date: item.date as string,
    at: item.at as string,
    population: item.population as number,
    withSpend: item.withSpend as number,
    count: item.count as number,
  };
}

export function createDynamoTopGuests({
  documentClient: db,
  tableName: TableName,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}): TopGuestsStore {
  const partition = (propertyId: string) => keys.topGuestsPartition(propertyId);

  async function readRun(propertyId: string, date?: string): Promise<TopGuestsRun | undefined> {
    const { Items } = await db.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: date === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: {
          ':pk': partition(propertyId),
          ...(date === undefined ? { ':prefix': keys.topGuestsRunPrefix() } : { ':sk': keys.topGuestsRun(propertyId, date).sk }),
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0] ? runFromItem(Items[0]) : undefined;
  }

  return {
    listGuestValues: (propertyId) => listGuestValues(db, TableName, propertyId),

    async listMembers(propertyId) {
      const items = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition(propertyId), ':prefix': keys.topGuestMemberPrefix() },
        ProjectionExpression: 'guestId',
        ConsistentRead: true,
      });
      return items.map((item) => item.guestId as string);
    },

    async setMembership(propertyId, guestId, top) {
      const Key = keys.topGuestMember(propertyId, guestId);
      if (top) await db.send(new PutCommand({ TableName, Item: { ...Key, entityType: entityTypes.topGuestMember, guestId } }));
      else await db.send(new DeleteCommand({ TableName, Key }));
    },

    latestRun: (propertyId) => readRun(propertyId),

    async writeRun(propertyId, segmentation, at) {
      const expiresAt = Math.floor(Date.parse(at) / 1000) + runRetentionDays * 24 * 60 * 60;
      const items = segmentation.top.map((guest) => rankedItem(propertyId, segmentation.date, guest, expiresAt));
      for (let i = 0; i < items.length; i += 25) {
        let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const result = await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
          requests = (result.UnprocessedItems?.[TableName] ?? []) as typeof requests;
        }
      }
      // A rerun of the day on other data may rank fewer guests: the first run's extra ranks go.
      const written = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition(propertyId), ':prefix': keys.topGuestPrefix(segmentation.date) },
        ProjectionExpression: 'pk, sk, #rank',
        ExpressionAttributeNames: { '#rank': 'rank' },
        ConsistentRead: true,
      });
      await deleteItems(
        db,
        TableName,
        written.filter((item) => (item.rank as number) > items.length).map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
      );
      const run: TopGuestsRun = { date: segmentation.date, at, population: segmentation.population, withSpend: segmentation.withSpend, count: items.length };
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            ...keys.topGuestsRun(propertyId, segmentation.date),
            entityType: entityTypes.topGuestsRun,
            ...run,
            [tableDefinition.timeToLiveAttribute]: expiresAt,
          },
        }),
      );
    },

    async readRunPage(propertyId, { limit, cursor }) {
      const decoded = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && (!decoded || decoded.propertyId !== propertyId)) throw new InvalidCursorError();
      const run = await readRun(propertyId, decoded?.date);
      if (!run) {
        if (decoded) throw new InvalidCursorError();
        return undefined;
      }
      // One more than the page: finding it is how we know another page exists.
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partition(propertyId), ':prefix': keys.topGuestPrefix(run.date) },
          ...(decoded ? { ExclusiveStartKey: keys.topGuest(propertyId, run.date, decoded.rank) } : {}),
          Limit: limit + 1,
        }),
      );
      const guests = Items.slice(0, limit).map(rankedFromItem);
      const last = guests.at(-1);
      return { run, guests, ...(Items.length > limit && last ? { cursor: encodeCursor({ propertyId, date: run.date, rank: last.rank }) } : {}) };
    },

    async readNames(guestIds) {
      const names = new Map<string, { salutation: string; fullName: string }>();
      const unique = [...new Set(guestIds)];
      for (let i = 0; i < unique.length; i += 100) {
        let requested: Record<string, unknown>[] = unique.slice(i, i + 100).map((guestId) => ({ ...keys.guestProfile(guestId) }));
        while (requested.length) {
          const { Responses, UnprocessedKeys } = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [TableName]: {
                  Keys: requested,
                  ProjectionExpression: 'guestId, title, firstName, lastName, #erasing',
                  ExpressionAttributeNames: { '#erasing': erasingAttribute },
                },
              },
            }),
          );
          for (const item of Responses?.[TableName] ?? []) {
            if (item[erasingAttribute] !== undefined) continue;
            const person = { title: item.title as string | undefined, firstName: item.firstName as string | undefined, lastName: item.lastName as string };
            names.set(item.guestId as string, { salutation: salutationOf(person), fullName: fullNameOf(person) });
          }
          requested = (UnprocessedKeys?.[TableName]?.Keys ?? []) as Record<string, unknown>[];
        }
      }
      return names;
    },
  };
}

/**
 * Deletes what the segmentation keeps of a guest at these properties: the value item, the membership, and the
 * guest's ranks in the runs still kept (found by a Query of the property's runs, filtered on the guest: the rank is
 * in the key). Answers how many items it deleted.
 */
export async function eraseGuestValueItems(db: DynamoDBDocumentClient, tableName: string, guestId: string, propertyIds: readonly string[]): Promise<number> {
  let erased = 0;
  for (const propertyId of propertyIds) {
    const ranks = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'guestId = :guestId',
      ExpressionAttributeValues: { ':pk': keys.topGuestsPartition(propertyId), ':prefix': keys.topGuestPrefix(), ':guestId': guestId },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const owned: ItemKey[] = [keys.guestValue(propertyId, guestId), keys.topGuestMember(propertyId, guestId)];
    const deleted = await Promise.all(
      owned.map(async (Key) => (await db.send(new DeleteCommand({ TableName: tableName, Key, ReturnValues: 'ALL_OLD' }))).Attributes),
    );
    await deleteItems(
      db,
      tableName,
      ranks.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
    erased += deleted.filter(Boolean).length + ranks.length;
  }
  return erased;
}
