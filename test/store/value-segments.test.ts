/**
 * The value partitions and the daily segmentation against DynamoDB Local: the value items the card's transaction
 * writes, the job's runs and memberships, the card's tag, and an erasure.
 */
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoTopGuests } from '#shared/store/dynamo-top-guests';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { keys } from '#shared/store/keys';
import { fieldsByKind } from '#shared/use-cases/guest-history';
import { runValueSegments } from '#shared/use-cases/value-segments';
import { aCheckIn, aDining, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const hashKey = 's'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;
let topGuests: ReturnType<typeof createDynamoTopGuests>;
let rights: ReturnType<typeof createDynamoGuestRights>;

beforeAll(async () => {
  table = await createTestTable('segments');
  const options = { documentClient: table.documentClient, tableName: table.tableName };
  store = createDynamoGuestStore({ ...options, erasedIdentityHashKey: hashKey });
  topGuests = createDynamoTopGuests(options);
  rights = createDynamoGuestRights({ ...options, erasedIdentityHashKey: hashKey });
});

const getItem = async (key: { pk: string; sk: string }) => (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;
const partition = async (pk: string) =>
  (
    await table.documentClient.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    )
  ).Items ?? [];
const run = (at: string) => runValueSegments({ store: topGuests, recorder: store }, 'bangkok', new Date(at));

/** A guest checked in at `propertyId` on `on` (a local date), answering their id. */
async function checkedIn(name: string, on: string, propertyId = 'bangkok'): Promise<string> {
  const email = `${name.toLowerCase()}@segments.example.com`;
  await store.recordCheckIn(
    aCheckIn({ propertyId, room: `R${name}`, at: `${on}T14:00:00+07:00`, guest: { ...mrYu, lastName: name, email, phone: undefined } }),
  );
  const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
  return guestId!;
}

const segmentEntries = async (guestId: string) => (await rights.exportGuest(guestId))!.history.filter((entry) => entry.kind === 'segment');
const topSpendTag = async (guestId: string, at: string) =>
  buildRecognitionCard((await store.getProfile(guestId))!, { now: new Date(at), propertyId: 'bangkok' }).tags.find((tag) => tag.tag === 'top-spend');

describe("a guest's value item at a property", () => {
  it('is written with the card when the figures there change, and only then', async () => {
    const guestId = await checkedIn('Valueitem', '2026-01-10');
    const key = keys.guestValue('bangkok', guestId);
    expect(await getItem(key)).toMatchObject({ months: '312.1', lastActiveOn: '2026-01-10' });

    // Taken away by hand: a meal without an amount changes no figures, so it writes no value item back.
    await table.documentClient.send(new DeleteCommand({ TableName: table.tableName, Key: key }));
    await store.recordDining(aDining(guestId, { at: '2026-01-11T07:30:00+07:00' }));
    expect(await getItem(key)).toBeUndefined();

    await store.recordDining(aDining(guestId, { at: '2026-01-12T07:30:00+07:00', amount: 450.5 }));
    expect(await getItem(key)).toEqual({ ...key, entityType: 'GuestValue', months: '312.1.0.45050', lastActiveOn: '2026-01-12' });
    // No other property's partition holds the guest.
    expect(await getItem(keys.guestValue('chiangmai', guestId))).toBeUndefined();
  });
});

describe('the daily segmentation of a property', () => {
  const spends: Record<string, number> = { Alpha: 5_000, Bravo: 4_000, Charlie: 3_000, Delta: 2_000, Echo: 1_000 };
  const ids: Record<string, string> = {};
  const day1 = '2026-02-28T21:30:00Z'; // 1 March 04:30 in Bangkok
  const day2 = '2026-03-01T21:30:00Z';
  const day3 = '2026-03-02T21:30:00Z';

  beforeAll(async () => {
    for (const [name, amount] of Object.entries(spends)) {
      ids[name] = await checkedIn(name, '2026-02-10');
      await store.recordDining(aDining(ids[name]!, { at: '2026-02-11T07:30:00+07:00', amount }));
    }
  });

  it('ranks the top 20% by spend, records the membership on the profile, and the card shows the tag', async () => {
    const report = await run(day1);
    // The first test's guest spent 450.50 too: six guests with spend, so the top two.
    expect(report).toMatchObject({ date: '2026-03-01', population: 6, withSpend: 6, top: 2, joined: [ids.Alpha, ids.Bravo].sort(), left: [] });
    expect(await segmentEntries(ids.Alpha!)).toEqual([
      expect.objectContaining({ kind: 'segment', event: expect.objectContaining({ eventId: `segment.bangkok.2026-03-01.${ids.Alpha}`, top: true }) }),
    ]);
    expect(await topSpendTag(ids.Alpha!, '2026-03-01T09:00:00+07:00')).toEqual({
      tag: 'top-spend',
      kind: 'automatic',
      evidence: { propertyId: 'bangkok', since: '2026-03-01', spend: 5_000, months: 12, currency: 'THB' },
    });
    expect(await topSpendTag(ids.Charlie!, '2026-03-01T09:00:00+07:00')).toBeUndefined();

    const page = await topGuests.readRunPage('bangkok', { limit: 1 });
    expect(page?.run).toMatchObject({ date: '2026-03-01', population: 6, withSpend: 6, count: 2 });
    expect(page?.guests).toEqual([expect.objectContaining({ rank: 1, guestId: ids.Alpha, last36Months: { stays: 1, nights: 0, spend: 5_000 } })]);
    const next = await topGuests.readRunPage('bangkok', { limit: 1, cursor: page!.cursor! });
    expect(next?.guests.map((g) => g.guestId)).toEqual([ids.Bravo]);
    expect(next?.cursor).toBeUndefined();
  });

  it('gives the same items and records nothing new when run twice for the same day', async () => {
    const before = await partition(keys.topGuestsPartition('bangkok'));
    const again = await run(day1);
    expect(again).toMatchObject({ date: '2026-03-01', top: 2, joined: [], left: [] });
    expect(await partition(keys.topGuestsPartition('bangkok'))).toEqual(before);
    expect(await segmentEntries(ids.Alpha!)).toHaveLength(1);
  });

  it('records entries only for the guests whose membership changed since the last run', async () => {
    expect(await run(day2)).toMatchObject({ date: '2026-03-02', joined: [], left: [] });
    expect(await segmentEntries(ids.Alpha!)).toHaveLength(1);

    // Charlie spends the most now: in, and Bravo out.
    await store.recordDining(aDining(ids.Charlie!, { at: '2026-03-02T12:30:00+07:00', amount: 9_000 }));
    const report = await run(day3);
    expect(report).toMatchObject({ date: '2026-03-03', joined: [ids.Charlie], left: [ids.Bravo] });
    expect(await segmentEntries(ids.Alpha!)).toHaveLength(1);
    expect(await segmentEntries(ids.Delta!)).toHaveLength(0);
    expect((await segmentEntries(ids.Bravo!)).map((entry) => (entry.event as { top: boolean }).top)).toEqual([true, false]);
    expect(await topSpendTag(ids.Bravo!, '2026-03-03T09:00:00+07:00')).toBeUndefined();
    expect((await topSpendTag(ids.Charlie!, '2026-03-03T09:00:00+07:00'))?.evidence).toMatchObject({ since: '2026-03-03', spend: 12_000 });
    expect((await topGuests.readRunPage('bangkok', { limit: 10 }))?.guests.map((g) => g.guestId)).toEqual([ids.Charlie, ids.Alpha]);
  });

  it('keeps the entries out of the visit history staff read', async () => {
    const history = createDynamoVisitHistory({ documentClient: table.documentClient, tableName: table.tableName });
    const page = await history.listVisits(ids.Bravo!, { limit: 50, fieldsByKind });
    expect(page.visits.map((visit) => visit.kind)).toEqual(['dining', 'stay']);
  });

  it('exports nothing beyond what the profile carries, and an erasure deletes the value, membership and rank items', async () => {
    const charlie = ids.Charlie!;
    const exported = (await rights.exportGuest(charlie))!;
    // The value item and the rank copy the card's figures: the export shows them as the profile carries them.
    expect(exported.profile).toMatchObject({
      value: { bangkok: [{ month: '2026-02' }, { month: '2026-03' }] },
      valueSegments: { bangkok: { top: true, on: '2026-03-03' } },
    });
    expect(Object.keys(exported)).toEqual([
      'guestId',
      'profile',
      'history',
      'sendLedger',
      'possibleDuplicates',
      'identityKeys',
      'inHouse',
      'suppression',
      'reservations',
    ]);

    expect(await getItem(keys.topGuestMember('bangkok', charlie))).toBeDefined();
    await rights.eraseGuest(charlie, '2026-03-03T10:00:00+07:00');
    expect(await getItem(keys.guestValue('bangkok', charlie))).toBeUndefined();
    expect(await getItem(keys.topGuestMember('bangkok', charlie))).toBeUndefined();
    const left = await partition(keys.topGuestsPartition('bangkok'));
    expect(left.filter((item) => item.guestId === charlie)).toEqual([]);
    // The run's list goes on without them; the next run never sees them.
    expect((await topGuests.readRunPage('bangkok', { limit: 10 }))?.guests.map((g) => g.guestId)).toEqual([ids.Alpha]);
    const next = await run('2026-03-03T21:30:00Z');
    expect(next).toMatchObject({ population: 5, top: 1, joined: [], left: [] });
  });
});
