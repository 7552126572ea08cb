/**
 * Who looked at which guest (the access log): one record per guest read or erased, kept for the retention period.
 *
 * Design: two small items per access, written together in one BatchWrite, each in a partition of its own kind:
 *
 * | listing                                  | key                                                            |
 * |------------------------------------------|----------------------------------------------------------------|
 * | a guest's accesses, newest first, paged  | Query pk=ACCESSLOG#GUEST#<guestId>  sk=ACCESS#<iso>#<accessId> |
 * | a staff member's accesses, likewise      | Query pk=ACCESSLOG#STAFF#<subject>  sk=ACCESS#<iso>#<accessId> |
 *
 * Why two items rather than one item and a sparse index: the cost is the same (an index entry is billed as a write
 * too: 2 write units per access either way), but two items need no change to the table's indexes, and neither lives
 * in the guest's own partition. That matters three ways: a refold or an export Query of the guest's partition never
 * reads through the log; an erasure, which empties the guest's partition, leaves the log standing (it holds no
 * personal data of the guest: the random guest id, who, when, which route); and the functions that only read guest
 * data may be granted writes to `ACCESSLOG#…` partitions alone (IAM `dynamodb:LeadingKeys`), never to guest data.
 *
 * Both items expire by TTL (`expiresAt`) after the retention period; until DynamoDB removes them (within days of
 * expiry), the listings skip them, so nothing older than the retention is ever shown.
 *
 * Cursors are opaque but hold no secret, in the visit history's style: base64url of `{list, id, sk, propertyId}`.
 * On use a cursor is checked (same list, same guest or subject, same caller scope, an access record that exists in
 * that partition and that scope may see), so a forged or foreign one is refused.
 */
import { BatchWriteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { InvalidCursorError } from '../errors.ts';
import { cursorCodec } from './query.ts';
import { tableDefinition } from './table.ts';

/** One access to one guest's data by one staff member. */
export interface GuestAccess {
  readonly accessId: string;
  /** When (UTC, ISO-8601). */
  readonly at: string;
  readonly guestId: string;
  /** The route, as the wiring declares it: `GET /v1/guests/{guestId}/recognition`. */
  readonly route: string;
  readonly role: string;
  /** The staff member (the token's `sub`). */
  readonly subject: string;
  /** The caller's property (`*` for a group-wide admin). */
  readonly propertyId: string;
}

export type AccessList = 'guest' | 'staff';

export interface AccessPage {
  readonly accesses: readonly GuestAccess[];
  /** Pass back for the next (older) page; absent on the last page. */
  readonly cursor?: string;
}

export interface AccessLogStore {
  /** Records every access (two items each), in as few BatchWrites as fit (25 items each). */
  record(accesses: readonly GuestAccess[]): Promise<void>;
  /**
   * Up to `limit` accesses of one guest (`list: 'guest'`) or by one staff member (`'staff'`), newest first, only those
   * made at `propertyId` unless it is absent (group-wide), none past its retention at `now`. A `cursor` must be one a
   * previous page returned for the same list, id and `propertyId`; any other throws InvalidCursorError.
   */
  list(list: AccessList, id: string, page: { limit: number; cursor?: string; propertyId?: string; now: Date }): Promise<AccessPage>;
  /** Every access of a guest still kept, newest first (the guest's export). */
  listAllForGuest(guestId: string, now: Date): Promise<GuestAccess[]>;
}

export const accessLogEntityType = 'GuestAccess';
const sortKeyPrefix = 'ACCESS#';

/** The access log's keys: every partition starts with `ACCESSLOG#`, the prefix the write grant is limited to. */
export const accessLogKeys = {
  partitionPrefix: 'ACCESSLOG#',
  partition: (list: AccessList, id: string) => `ACCESSLOG#${list === 'guest' ? 'GUEST' : 'STAFF'}#${id}`,
  /** Sorted by time (UTC), then the access id: the same in both partitions. */
  sortKey: (at: string, accessId: string) => `${sortKeyPrefix}${new Date(at).toISOString()}#${accessId}`,
};

const fields = ['accessId', 'at', 'guestId', 'route', 'role', 'subject', 'propertyId'] as const;

function accessFromItem(item: Record<string, unknown>): GuestAccess {
  return Object.fromEntries(fields.map((field) => [field, String(item[field])])) as unknown as GuestAccess;
}

const cursorSchema = z.strictObject({
  list: z.enum(['guest', 'staff']),
  id: z.string().check(z.maxLength(300)),
  sk: z.string().check(z.maxLength(200)),
  propertyId: z.nullable(z.string().check(z.maxLength(100))),
});
const { encode: encodeCursor, decode: decodeCursor } = cursorCodec(cursorSchema);

/** After a first Query whose items were all filtered away (another property's), read further in larger steps. */
const followUpReadSize = 50;
const batchSize = 25;
/** Unprocessed items (throttling) are written again with backoff, this many times in all. */
const maxWriteAttempts = 6;

export function createDynamoAccessLog({
  documentClient: db,
  tableName: TableName,
  retentionDays,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** How long a record is kept: its TTL. */
  retentionDays: number;
}): AccessLogStore {
  const ttl = tableDefinition.timeToLiveAttribute;
  const expiresAtOf = (at: string) => Math.floor(Date.parse(at) / 1000) + retentionDays * 24 * 60 * 60;

  async function writeAll(requests: { PutRequest: { Item: Record<string, unknown> } }[]): Promise<void> {
    for (let i = 0; i < requests.length; i += batchSize) {
      let pending = requests.slice(i, i + batchSize);
      for (let attempt = 0; pending.length; attempt++) {
        // A read that cannot be recorded fails rather than being answered unrecorded.
        if (attempt === maxWriteAttempts) throw new Error(`${pending.length} access records were not written after ${maxWriteAttempts} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } }));
        pending = (result.UnprocessedItems?.[TableName] ?? []) as typeof pending;
      }
    }
  }

  /** The sort key a cursor continues after; throws InvalidCursorError for any cursor this scope was not given. */
  async function startAfter(list: AccessList, id: string, cursor: string, propertyId: string | undefined): Promise<string> {
    const decoded = decodeCursor(cursor);
    if (!decoded || decoded.list !== list || decoded.id !== id || decoded.propertyId !== (propertyId ?? null) || !decoded.sk.startsWith(sortKeyPrefix)) {
      throw new InvalidCursorError();
    }
    const { Item } = await db.send(
      new GetCommand({
        TableName,
        Key: { pk: accessLogKeys.partition(list, id), sk: decoded.sk },
        ProjectionExpression: 'entityType, propertyId',
      }),
    );
    if (Item?.entityType !== accessLogEntityType || (propertyId !== undefined && Item.propertyId !== propertyId)) throw new InvalidCursorError();
    return decoded.sk;
  }

  /** Newest first, `wanted` items at most (all when absent), filtered to the scope and the retention. */
  async function query(list: AccessList, id: string, options: { wanted?: number; startSk?: string; propertyId?: string; now: Date }) {
    const pk = accessLogKeys.partition(list, id);
    const found: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined = options.startSk === undefined ? undefined : { pk, sk: options.startSk };
    let first = true;
    do {
      const remaining = options.wanted === undefined ? undefined : options.wanted - found.length;
      const page = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: ['#ttl >= :now', ...(options.propertyId === undefined ? [] : ['propertyId = :propertyId'])].join(' AND '),
          ExpressionAttributeNames: { '#ttl': ttl },
          ExpressionAttributeValues: {
            ':pk': pk,
            ':prefix': sortKeyPrefix,
            ':now': Math.floor(options.now.getTime() / 1000),
            ...(options.propertyId === undefined ? {} : { ':propertyId': options.propertyId }),
          },
          ScanIndexForward: false,
          ...(remaining === undefined ? {} : { Limit: first ? remaining : Math.max(remaining, followUpReadSize) }),
          ExclusiveStartKey,
        }),
      );
      found.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
      first = false;
    } while (ExclusiveStartKey && (options.wanted === undefined || found.length < options.wanted));
    return options.wanted === undefined ? found : found.slice(0, options.wanted);
  }

  return {
    async record(accesses) {
      const requests = accesses.flatMap((access) => {
        const item = { ...access, entityType: accessLogEntityType, [ttl]: expiresAtOf(access.at) };
        const sk = accessLogKeys.sortKey(access.at, access.accessId);
        return [
          { PutRequest: { Item: { pk: accessLogKeys.partition('guest', access.guestId), sk, ...item } } },
          { PutRequest: { Item: { pk: accessLogKeys.partition('staff', access.subject), sk, ...item } } },
        ];
      });
      await writeAll(requests);
    },

    async list(list, id, { limit, cursor, propertyId, now }) {
      const startSk = cursor === undefined ? undefined : await startAfter(list, id, cursor, propertyId);
      // One more than the page: finding it is how we know another page exists.
      const found = await query(list, id, {
        wanted: limit + 1,
        now,
        ...(startSk === undefined ? {} : { startSk }),
        ...(propertyId === undefined ? {} : { propertyId }),
      });
      const shown = found.slice(0, limit);
      const last = shown.at(-1);
      const accesses = shown.map(accessFromItem);
      return found.length > limit && last
        ? { accesses, cursor: encodeCursor({ list, id, sk: last.sk as string, propertyId: propertyId ?? null }) }
        : { accesses };
    },

    async listAllForGuest(guestId, now) {
      return (await query('guest', guestId, { now })).map(accessFromItem);
    },
  };
}
