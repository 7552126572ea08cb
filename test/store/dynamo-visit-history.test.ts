import { randomBytes, randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '#shared/errors';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { entityTypes, keys } from '#shared/store/keys';
import { fieldsByKind, type VisitHistory } from '#shared/use-cases/guest-history';
import { createTestTable } from '#test/support/table';

let db: DynamoDBDocumentClient;
let tableName: string;
let history: VisitHistory;

beforeAll(async () => {
  const table = await createTestTable('visits');
  db = table.documentClient;
  tableName = table.tableName;
  history = createDynamoVisitHistory({ documentClient: db, tableName });
});

const newGuestId = () => `g_${randomBytes(18).toString('base64url')}`;

interface VisitSpec {
  readonly kind: string;
  readonly propertyId: string;
  /** Minutes after the guest's first visit. */
  readonly minute: number;
}

/** A visit item as the recorders write it: the event as recorded (which carries personal data), and a meal's period. */
function aVisitItem(guestId: string, { kind, propertyId, minute }: VisitSpec) {
  const at = new Date(Date.UTC(2025, 5, 7, 7, 0) + minute * 60_000).toISOString();
  const eventId = randomUUID();
  const perKind: Record<string, object> = {
    stay: { room: '1203' },
    departure: { room: '1203', nights: 2, roomRevenue: 9000, currency: 'THB' },
    dining: { outlet: 'terrace', table: 'W2', items: [{ name: 'coffee', quantity: 1 }], partySize: 1, amount: 180, currency: 'THB' },
    note: { category: 'food', text: 'Ate only the bananas' },
  };
  return {
    pk: keys.guestProfile(guestId).pk,
    sk: `${keys.visitPrefix()}${at}#${kind}#${eventId}`,
    entityType: entityTypes.visit,
    kind,
    ...(kind === 'dining' ? { mealPeriod: 'breakfast' } : {}),
    event: { eventId, at, propertyId, ...(perKind[kind] ?? { secret: 'kept for the fold only' }), guest: { email: 'private.yu@example.com' } },
  };
}

/** Seeds the visits; answers each one's key, kind, time and property. */
async function seed(guestId: string, specs: readonly VisitSpec[]) {
  const items = specs.map((spec) => aVisitItem(guestId, spec));
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  return items.map((item) => ({ sk: item.sk, kind: item.kind, at: item.event.at, propertyId: item.event.propertyId }));
}

/** Reads every page; returns the pages' visits, and the cursors they gave. */
async function readAll(guestId: string, limit: number, propertyId?: string) {
  const pages: Record<string, unknown>[][] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await history.listVisits(guestId, { limit, fieldsByKind, ...(cursor ? { cursor } : {}), ...(propertyId ? { propertyId } : {}) });
    pages.push([...page.visits]);
    cursor = page.cursor;
    if (cursor) cursors.push(cursor);
  } while (cursor && pages.length < 100);
  return { pages, cursors };
}

async function refusal(guestId: string, cursor: string, propertyId?: string): Promise<unknown> {
  return history.listVisits(guestId, { limit: 5, fieldsByKind, cursor, ...(propertyId ? { propertyId } : {}) }).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

/** Interleaved: each Bangkok visit is followed by Chiang Mai visits and kinds that are never shown. */
const mixedHistory: VisitSpec[] = Array.from({ length: 7 }, (_, i) => [
  { kind: ['stay', 'dining', 'note', 'departure'][i % 4]!, propertyId: 'bangkok', minute: i * 10 },
  { kind: 'dining', propertyId: 'chiangmai', minute: i * 10 + 1 },
  { kind: 'stay', propertyId: 'chiangmai', minute: i * 10 + 2 },
  { kind: 'consent', propertyId: 'bangkok', minute: i * 10 + 3 },
  { kind: 'room-taken-over', propertyId: 'bangkok', minute: i * 10 + 4 },
]).flat();

describe('visit history on DynamoDB Local', () => {
  it('fills every page from the visits the property may see, newest first, until the history ends', async () => {
    const guestId = newGuestId();
    const items = await seed(guestId, mixedHistory);
    const expected = items
      .filter((i) => i.propertyId === 'bangkok' && i.kind in fieldsByKind)
      .map((i) => i.at)
      .reverse();

    const { pages } = await readAll(guestId, 2, 'bangkok');

    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((v) => v.at)).toEqual(expected);
    expect(pages.flat().every((v) => v.propertyId === 'bangkok')).toBe(true);
  });

  it('gives no cursor with a page that ends the history exactly', async () => {
    const guestId = newGuestId();
    await seed(guestId, mixedHistory);
    const { pages } = await readAll(guestId, 7, 'bangkok');
    expect(pages.map((p) => p.length)).toEqual([7]);
  });

  it("finds the next visible visit behind many that are not the caller's", async () => {
    const guestId = newGuestId();
    await seed(guestId, [
      { kind: 'stay', propertyId: 'bangkok', minute: 0 },
      ...Array.from({ length: 150 }, (_, i) => ({ kind: 'dining', propertyId: 'chiangmai', minute: 1 + i })),
      ...Array.from({ length: 30 }, (_, i) => ({ kind: 'consent', propertyId: 'bangkok', minute: 200 + i })),
      { kind: 'note', propertyId: 'bangkok', minute: 300 },
    ]);
    const { pages } = await readAll(guestId, 1, 'bangkok');
    expect(pages.map((p) => p.map((v) => v.kind))).toEqual([['note'], ['stay']]);
  });

  it('shows a group-wide caller every property', async () => {
    const guestId = newGuestId();
    await seed(guestId, mixedHistory);
    const { pages } = await readAll(guestId, 4);
    expect(pages.flat()).toHaveLength(21);
    expect(new Set(pages.flat().map((v) => v.propertyId))).toEqual(new Set(['bangkok', 'chiangmai']));
  });

  it("shows each kind's allowed fields only, never the stored event or kinds it does not list", async () => {
    const guestId = newGuestId();
    await seed(guestId, mixedHistory);
    const visits = (await readAll(guestId, 100)).pages.flat();
    expect(new Set(visits.map((v) => v.kind))).toEqual(new Set(['stay', 'dining', 'note', 'departure']));
    for (const visit of visits) expect(Object.keys(visit).sort()).toEqual([...fieldsByKind[visit.kind as string]!].sort());
    expect(JSON.stringify(visits)).not.toContain('private.yu@example.com');
    expect(visits.find((v) => v.kind === 'dining')).toMatchObject({ mealPeriod: 'breakfast', table: 'W2', items: [{ name: 'coffee', quantity: 1 }] });
    expect(visits.find((v) => v.kind === 'note')).toMatchObject({ category: 'food', text: 'Ate only the bananas' });
  });

  it('never puts the time of a visit the caller did not see into a cursor', async () => {
    const guestId = newGuestId();
    const items = await seed(guestId, mixedHistory);
    const hidden = items.filter((i) => i.propertyId !== 'bangkok' || !(i.kind in fieldsByKind));
    const { cursors } = await readAll(guestId, 1, 'bangkok');
    expect(cursors).toHaveLength(6);
    for (const cursor of cursors) {
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      for (const item of hidden) expect(text).not.toContain(item.at);
    }
  });

  describe('refuses any cursor that no page gave this guest in this scope', () => {
    let guestId: string;
    let items: Awaited<ReturnType<typeof seed>>;
    let bangkokCursor: string;
    const forge = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields)).toString('base64url');

    beforeAll(async () => {
      guestId = newGuestId();
      items = await seed(guestId, mixedHistory);
      bangkokCursor = (await history.listVisits(guestId, { limit: 1, fieldsByKind, propertyId: 'bangkok' })).cursor!;
    });

    it('accepts the cursor it gave', async () => {
      expect((await history.listVisits(guestId, { limit: 1, fieldsByKind, propertyId: 'bangkok', cursor: bangkokCursor })).visits).toHaveLength(1);
    });

    it.each([
      ['not base64url JSON', () => 'abc'],
      ['JSON of another shape', () => forge({ sk: 'VISIT#', extra: true })],
      ['the raw sort key (the old cursor)', () => Buffer.from(items[0]!.sk).toString('base64url')],
      ['a key outside the visit range', () => forge({ guestId, sk: 'PROFILE', propertyId: 'bangkok' })],
      ['a visit that does not exist', () => forge({ guestId, sk: `${keys.visitPrefix()}2025-06-07T07:00:30.000Z#stay#nothing`, propertyId: 'bangkok' })],
      ['a visit at another property', () => forge({ guestId, sk: items.find((i) => i.propertyId === 'chiangmai')!.sk, propertyId: 'bangkok' })],
      ['a visit of a kind that is not shown', () => forge({ guestId, sk: items.find((i) => i.kind === 'consent')!.sk, propertyId: 'bangkok' })],
      ["another guest's cursor", () => forge({ ...JSON.parse(Buffer.from(bangkokCursor, 'base64url').toString()), guestId: newGuestId() })],
    ])('refuses %s', async (_name, cursor) => {
      expect(await refusal(guestId, cursor(), 'bangkok')).toBeInstanceOf(InvalidCursorError);
    });

    it('refuses a cursor given to another scope', async () => {
      const groupCursor = (await history.listVisits(guestId, { limit: 1, fieldsByKind })).cursor!;
      const chiangmaiCursor = (await history.listVisits(guestId, { limit: 1, fieldsByKind, propertyId: 'chiangmai' })).cursor!;
      expect(await refusal(guestId, groupCursor, 'bangkok')).toBeInstanceOf(InvalidCursorError);
      expect(await refusal(guestId, chiangmaiCursor, 'bangkok')).toBeInstanceOf(InvalidCursorError);
      expect(await refusal(guestId, bangkokCursor)).toBeInstanceOf(InvalidCursorError);
    });

    it("refuses a cursor for another guest's history", async () => {
      const other = newGuestId();
      await seed(other, mixedHistory);
      expect(await refusal(other, bangkokCursor, 'bangkok')).toBeInstanceOf(InvalidCursorError);
    });
  });
});
