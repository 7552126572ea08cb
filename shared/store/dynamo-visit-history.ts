/**
 * A guest's visit history (access pattern 4 in keys.ts): the Query of the guest's partition, `VISIT#…` descending.
 * Each history item holds the event as recorded (and, for a meal, the meal period it counted for); a page reads only
 * the event's fields its kind shows, so what else the event carries (a guest's contact details) never leaves the table.
 *
 * Pages are filled from what the caller may see: the Query filters on the caller's property (a group-wide caller sees
 * every property) and on the kinds of visit that are shown, and is repeated until the page is full or the history
 * ends, so a page is short only when it is the last.
 *
 * The cursor is opaque to callers but holds no secret: base64url of `{guestId, sk, propertyId}`, the sort key of the
 * last visit the page showed and the scope it was read in. It never names a visit the caller did not see. On use it
 * is checked (the guest and scope match, the key is a visit of this guest that exists and that this scope may see),
 * so a forged, altered or foreign cursor is refused rather than used as a starting point.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { InvalidCursorError } from '../errors.ts';
import type { VisitHistory, VisitHistoryPage } from '../use-cases/guest-history.ts';
import { entityTypes, keys } from './keys.ts';
import { cursorCodec } from './query.ts';

export interface DynamoVisitHistoryOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

const cursorSchema = z.strictObject({
  guestId: z.string().check(z.maxLength(100)),
  sk: z.string().check(z.maxLength(400)),
  propertyId: z.nullable(z.string().check(z.maxLength(100))),
});
const { encode: encodeCursor, decode: decodeCursor } = cursorCodec(cursorSchema);

/** After a first Query whose items were all filtered away, read further in larger steps: fewer round trips. */
const followUpReadSize = 50;

export function createDynamoVisitHistory({ documentClient: db, tableName: TableName }: DynamoVisitHistoryOptions): VisitHistory {
  /** The sort key a cursor continues after; throws InvalidCursorError for any cursor this scope was not given. */
  async function startAfter(guestIds: readonly string[], cursor: string, propertyId: string | undefined, kinds: readonly string[]): Promise<string> {
    const decoded = decodeCursor(cursor);
    if (!decoded || decoded.guestId !== guestIds[0] || decoded.propertyId !== (propertyId ?? null) || !decoded.sk.startsWith(keys.visitPrefix())) {
      throw new InvalidCursorError();
    }
    // The visit is in one of the histories read together (the guest's own, or one merged into it).
    const found = await Promise.all(
      guestIds.map(async (guestId) => {
        const { Item } = await db.send(
          new GetCommand({
            TableName,
            Key: { pk: keys.guestProfile(guestId).pk, sk: decoded.sk },
            ProjectionExpression: '#entityType, #kind, #event.#propertyId',
            ExpressionAttributeNames: { '#entityType': 'entityType', '#kind': 'kind', '#event': 'event', '#propertyId': 'propertyId' },
          }),
        );
        return Item;
      }),
    );
    const visible = found.some(
      (Item) =>
        Item?.entityType === entityTypes.visit &&
        typeof Item.kind === 'string' &&
        kinds.includes(Item.kind) &&
        (propertyId === undefined || (Item.event as { propertyId?: unknown } | undefined)?.propertyId === propertyId),
    );
    if (!visible) throw new InvalidCursorError();
    return decoded.sk;
  }

  return {
    async listVisits(guestId, { limit, cursor, propertyId, fieldsByKind, mergedGuestIds = [] }): Promise<VisitHistoryPage> {
      const kinds = Object.keys(fieldsByKind);
      const partitions = [guestId, ...mergedGuestIds];
      const startSk = cursor === undefined ? undefined : await startAfter(partitions, cursor, propertyId, kinds);
      if (kinds.length === 0) return { visits: [] };

      // Every attribute through a placeholder: several (`at`, `table`, `items`) are DynamoDB reserved words. The
      // item's own attributes, and the shown fields of its event.
      const ownAttributes = ['sk', 'kind', 'mealPeriod'];
      const eventFields = [...new Set(Object.values(fieldsByKind).flat())].filter((field) => !ownAttributes.includes(field));
      const names: Record<string, string> = { '#event': 'event', ...(propertyId !== undefined ? { '#propertyId': 'propertyId' } : {}) };
      for (const [index, name] of ownAttributes.entries()) names[`#own${index}`] = name;
      for (const [index, name] of eventFields.entries()) names[`#field${index}`] = name;
      const projection = [...ownAttributes.map((_, index) => `#own${index}`), ...eventFields.map((_, index) => `#event.#field${index}`)];
      const kindValues = Object.fromEntries(kinds.map((kind, index) => [`:kind${index}`, kind]));
      const filters = [`#own1 IN (${Object.keys(kindValues).join(', ')})`];
      if (propertyId !== undefined) filters.push('#event.#propertyId = :propertyId');

      /** One more than the page from one history: finding it is how we know another page exists. */
      async function readHistory(partitionGuestId: string): Promise<Record<string, unknown>[]> {
        const pk = keys.guestProfile(partitionGuestId).pk;
        const found: Record<string, unknown>[] = [];
        // Sort keys order visits by time in every history alike: the page continues after the same key in each.
        let ExclusiveStartKey: Record<string, unknown> | undefined = startSk === undefined ? undefined : { pk, sk: startSk };
        let first = true;
        do {
          const wanted = limit + 1 - found.length;
          const page = await db.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
              FilterExpression: filters.join(' AND '),
              ProjectionExpression: projection.join(', '),
              ExpressionAttributeNames: { ...names, '#pk': 'pk', '#sk': 'sk' },
              ExpressionAttributeValues: {
                ':pk': pk,
                ':prefix': keys.visitPrefix(),
                ...kindValues,
                ...(propertyId !== undefined ? { ':propertyId': propertyId } : {}),
              },
              ScanIndexForward: false,
              Limit: first ? wanted : Math.max(wanted, followUpReadSize),
              ExclusiveStartKey,
            }),
          );
          found.push(...(page.Items ?? []));
          ExclusiveStartKey = page.LastEvaluatedKey;
          first = false;
        } while (found.length <= limit && ExclusiveStartKey);
        return found;
      }

      const found = (await Promise.all(partitions.map(readHistory))).flat().sort((a, b) => ((a.sk as string) < (b.sk as string) ? 1 : -1));
      const shown = found.slice(0, limit);
      const last = shown.at(-1);
      const visits = shown.map((item) => {
        const fields = fieldsByKind[item.kind as string] ?? [];
        const event = (item.event ?? {}) as Record<string, unknown>;
        const shown = (field: string) => (ownAttributes.includes(field) ? item[field] : event[field]);
        return Object.fromEntries(fields.filter((field) => shown(field) !== undefined).map((field) => [field, shown(field)]));
      });
      return found.length > limit && last ? { visits, cursor: encodeCursor({ guestId, sk: last.sk as string, propertyId: propertyId ?? null }) } : { visits };
    },
  };
}
