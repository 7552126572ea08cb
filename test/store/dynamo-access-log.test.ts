import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '#shared/errors';
import { accessLogKeys, createDynamoAccessLog, type AccessLogStore, type GuestAccess } from '#shared/store/dynamo-access-log';
import { createTestTable } from '#test/support/table';

let db: DynamoDBDocumentClient;
let tableName: string;
let log: AccessLogStore;
const retentionDays = 365;

beforeAll(async () => {
  const table = await createTestTable('accesses');
  db = table.documentClient;
  tableName = table.tableName;
  log = createDynamoAccessLog({ documentClient: db, tableName, retentionDays });
});

const newGuestId = () => `g_${randomBytes(18).toString('base64url')}`;
const newSubject = () => `staff-${randomBytes(6).toString('hex')}`;
const start = Date.UTC(2026, 5, 1, 8, 0);
/** An instant well inside the retention of every access below. */
const now = new Date(start + 24 * 60 * 60 * 1000);

function anAccess(overrides: Partial<GuestAccess> & { minute?: number } = {}): GuestAccess {
  const { minute = 0, ...rest } = overrides;
  return {
    accessId: randomBytes(9).toString('base64url'),
    at: new Date(start + minute * 60_000).toISOString(),
    guestId: newGuestId(),
    route: 'GET /v1/guests/{guestId}/recognition',
    role: 'frontdesk',
    subject: newSubject(),
    propertyId: 'bangkok',
    ...rest,
  };
}

describe('recording an access', () => {
  it('writes one item under the guest and one under the staff member, each expiring after the retention', async () => {
    const access = anAccess();
    await log.record([access]);
    const sk = accessLogKeys.sortKey(access.at, access.accessId);
    for (const pk of [accessLogKeys.partition('guest', access.guestId), accessLogKeys.partition('staff', access.subject)]) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));
      expect(Item).toMatchObject({ ...access, entityType: 'GuestAccess', expiresAt: Date.parse(access.at) / 1000 + retentionDays * 86_400 });
    }
  });

  it("keeps the records out of the guest's own partition, so an erasure emptying it leaves them", async () => {
    const access = anAccess();
    await log.record([access]);
    const { Items } = await db.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `GUEST#${access.guestId}` } }),
    );
    expect(Items).toEqual([]);
  });

  it('records a search of many guests in batches: every guest gets its record', async () => {
    const subject = newSubject();
    const accesses = Array.from({ length: 30 }, (_, i) => anAccess({ subject, minute: i, route: 'GET /v1/guests' }));
    await log.record(accesses);
    const page = await log.list('staff', subject, { limit: 100, now });
    expect(page.accesses.map((a) => a.guestId).sort()).toEqual(accesses.map((a) => a.guestId).sort());
    for (const access of accesses) expect((await log.list('guest', access.guestId, { limit: 5, now })).accesses).toEqual([access]);
  });
});

describe('listing accesses', () => {
  it("lists a guest's accesses newest first, in full pages, with a cursor until the last", async () => {
    const guestId = newGuestId();
    const accesses = [3, 1, 4, 0, 2].map((minute) => anAccess({ guestId, minute }));
    await log.record(accesses);
    const first = await log.list('guest', guestId, { limit: 2, now });
    expect(first.accesses.map((a) => a.at)).toEqual([4, 3].map((m) => new Date(start + m * 60_000).toISOString()));
    const second = await log.list('guest', guestId, { limit: 2, now, cursor: first.cursor! });
    expect(second.accesses.map((a) => a.at)).toEqual([2, 1].map((m) => new Date(start + m * 60_000).toISOString()));
    const last = await log.list('guest', guestId, { limit: 2, now, cursor: second.cursor! });
    expect(last.accesses).toHaveLength(1);
    expect(last.cursor).toBeUndefined();
  });

  it('shows an admin of one property only the accesses made there, and its pages are still full', async () => {
    const guestId = newGuestId();
    const mixed = Array.from({ length: 8 }, (_, i) => anAccess({ guestId, minute: i, propertyId: i % 3 === 0 ? 'bangkok' : 'chiangmai' }));
    await log.record(mixed);
    const first = await log.list('guest', guestId, { limit: 2, now, propertyId: 'bangkok' });
    expect(first.accesses.map((a) => a.propertyId)).toEqual(['bangkok', 'bangkok']);
    const rest = await log.list('guest', guestId, { limit: 2, now, propertyId: 'bangkok', cursor: first.cursor! });
    expect(rest.accesses.map((a) => a.at)).toEqual([new Date(start).toISOString()]);
    expect(rest.cursor).toBeUndefined();
  });

  it('shows nothing past its retention, even before DynamoDB has removed it', async () => {
    const guestId = newGuestId();
    await log.record([anAccess({ guestId })]);
    const afterRetention = new Date(start + (retentionDays + 1) * 86_400_000);
    expect((await log.list('guest', guestId, { limit: 10, now: afterRetention })).accesses).toEqual([]);
    expect(await log.listAllForGuest(guestId, afterRetention)).toEqual([]);
    expect(await log.listAllForGuest(guestId, now)).toHaveLength(1);
  });

  it('lists every access of a guest for the export, newest first', async () => {
    const guestId = newGuestId();
    const accesses = Array.from({ length: 5 }, (_, i) => anAccess({ guestId, minute: i }));
    await log.record(accesses);
    expect(await log.listAllForGuest(guestId, now)).toEqual([...accesses].reverse());
  });
});

describe('cursors', () => {
  let guestId: string;
  let cursor: string;

  beforeAll(async () => {
    guestId = newGuestId();
    await log.record([0, 1, 2].map((minute) => anAccess({ guestId, minute })));
    cursor = (await log.list('guest', guestId, { limit: 1, now })).cursor!;
  });

  const decode = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ["another guest's list", () => log.list('guest', newGuestId(), { limit: 1, now, cursor })],
    ['the staff list', () => log.list('staff', guestId, { limit: 1, now, cursor })],
    ['another scope', () => log.list('guest', guestId, { limit: 1, now, cursor, propertyId: 'bangkok' })],
    ['garbage', () => log.list('guest', guestId, { limit: 1, now, cursor: 'bm90LWEtY3Vyc29y' })],
    ['an altered key', () => log.list('guest', guestId, { limit: 1, now, cursor: encode({ ...decode(cursor), sk: 'ACCESS#2030-01-01T00:00:00.000Z#x' }) })],
    ['a key outside the log', () => log.list('guest', guestId, { limit: 1, now, cursor: encode({ ...decode(cursor), sk: 'PROFILE' }) })],
  ])('refuses a cursor used for %s', async (_case, read) => {
    await expect(read()).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
