import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AbsenceAnswerGiven } from '#shared/domain/absence-survey';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoLapsedReasons } from '#shared/store/dynamo-lapsed-reasons';
import { keys } from '#shared/store/keys';
import { summariseLapsedReasons } from '#shared/use-cases/absence-survey';
import type { InvalidInputError } from '#shared/errors';
import { aCheckIn, aDining, mrYu } from '#test/support/builders';
import { cardItemBytes, seedRegularGuest } from '#test/support/regular-guest';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'a'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;
let lapsedReasons: ReturnType<typeof createDynamoLapsedReasons>;
let answers = 0;

beforeAll(async () => {
  table = await createTestTable('absence');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
  lapsedReasons = createDynamoLapsedReasons({ documentClient: table.documentClient, tableName: table.tableName });
});

async function checkInNewGuest(email: string, room: string, propertyId = 'bangkok') {
  await store.recordCheckIn(aCheckIn({ propertyId, room, guest: { ...mrYu, email, phone: undefined } }));
  const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
  if (!guestId) throw new Error('guest not recorded');
  return guestId;
}

function anAnswer(guestId: string, overrides: Partial<AbsenceAnswerGiven> = {}): AbsenceAnswerGiven {
  answers += 1;
  return {
    eventId: `answer-${answers}-${guestId.slice(2, 10)}`,
    propertyId: 'chiangmai',
    at: '2027-03-14T10:00:00+07:00',
    guestId,
    survey: '2026-03-14+1y',
    reason: 'stayed-elsewhere',
    text: 'closer to the office',
    ...overrides,
  };
}

describe('answers to "What kept you away?" in the guest store', () => {
  it('records the first answer to an email on the card and counts it; a second answer to the same email changes nothing', async () => {
    const guestId = await checkInNewGuest('away.once@example.com', '2101', 'chiangmai');
    const first = anAnswer(guestId, { at: '2027-03-14T10:00:00+07:00' });

    expect(await store.hasAnswered(guestId, first.survey)).toBe(false);
    expect(await store.recordAbsenceAnswer(first)).toBe('recorded');
    expect(await store.hasAnswered(guestId, first.survey)).toBe(true);
    expect(await store.hasAnswered(guestId, '2027-03-14+2y')).toBe(false);
    expect(await store.recordAbsenceAnswer(anAnswer(guestId, { at: '2027-03-15T10:00:00+07:00', reason: 'price', text: 'too dear' }))).toBe('already-answered');

    expect((await store.getProfile(guestId))?.absenceAnswer).toEqual({
      at: first.at,
      propertyId: 'chiangmai',
      reason: 'stayed-elsewhere',
      text: 'closer to the office',
    });
    const [march] = await lapsedReasons.listMonths('chiangmai', '2027-03', '2027-03');
    expect(march).toMatchObject({ month: '2027-03', answers: 1, reasons: { 'stayed-elsewhere': 1, price: 0 } });
  });

  it('keeps exactly one of two answers to the same email sent at once, and counts it once', async () => {
    const guestId = await checkInNewGuest('away.race@example.com', '2102');
    const outcomes = await Promise.all([
      store.recordAbsenceAnswer(anAnswer(guestId, { propertyId: 'bangkok', at: '2027-05-02T09:00:00+07:00', reason: 'price', text: undefined })),
      store.recordAbsenceAnswer(anAnswer(guestId, { propertyId: 'bangkok', at: '2027-05-02T09:00:01+07:00', reason: 'other', text: undefined })),
    ]);

    expect(outcomes.sort()).toEqual(['already-answered', 'recorded']);
    const [may] = await lapsedReasons.listMonths('bangkok', '2027-05', '2027-05');
    expect(may?.answers).toBe(1);
    expect((may?.reasons.price ?? 0) + (may?.reasons.other ?? 0)).toBe(1);
  });

  it('shows the latest answer of the guest when two emails were answered, and keeps it through a refold', async () => {
    const guestId = await checkInNewGuest('away.twice@example.com', '2103');
    await store.recordAbsenceAnswer(
      anAnswer(guestId, { propertyId: 'bangkok', survey: '2027-01-01+1y', at: '2028-01-01T10:00:00+07:00', reason: 'travelling-less', text: undefined }),
    );
    await store.recordAbsenceAnswer(
      anAnswer(guestId, {
        propertyId: 'bangkok',
        survey: '2027-01-01+2y',
        at: '2029-01-01T10:00:00+07:00',
        reason: 'disappointing-stay',
        text: 'the pool was closed',
      }),
    );
    // A meal that arrives late sorts before both answers: the store refolds the whole history.
    await store.recordDining(aDining(guestId, { at: '2025-06-08T07:30:00+07:00' }));

    expect((await store.getProfile(guestId))?.absenceAnswer).toMatchObject({
      reason: 'disappointing-stay',
      text: 'the pool was closed',
      at: '2029-01-01T10:00:00+07:00',
    });
    const months = await lapsedReasons.listMonths('bangkok', '2028-01', '2029-12');
    expect(months.map((m) => [m.month, m.answers])).toEqual([
      ['2028-01', 1],
      ['2029-01', 1],
    ]);
  });

  it("keeps a regular guest's card within 4 KB with the longest answer in Thai", async () => {
    const guestId = await seedRegularGuest(table, erasedIdentityHashKey);
    await store.recordAbsenceAnswer(anAnswer(guestId, { propertyId: 'bangkok', at: '2031-01-01T10:00:00+07:00', reason: 'other', text: 'ก'.repeat(300) }));

    expect(await cardItemBytes(table, guestId)).toBeLessThanOrEqual(4096);
  });

  it('exports the answer (profile and history) and erases it with the guest; the counts, which hold no guest data, stay', async () => {
    const guestId = await checkInNewGuest('away.erased@example.com', '2104');
    await store.recordAbsenceAnswer(anAnswer(guestId, { propertyId: 'bangkok', survey: '2026-08-01+1y', at: '2027-08-01T10:00:00+07:00' }));
    const rights = createDynamoGuestRights({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });

    const exported = await rights.exportGuest(guestId);
    expect(exported?.profile.absenceAnswer).toMatchObject({ reason: 'stayed-elsewhere', text: 'closer to the office' });
    expect(exported?.history.filter((h) => h.kind === 'absence-answer')).toHaveLength(1);

    await rights.eraseGuest(guestId, '2027-09-01T00:00:00Z');
    expect(await store.getProfile(guestId)).toBeUndefined();
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.absenceAnswer(guestId, '2026-08-01+1y'), ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
    // The link, followed after the erasure, records nothing.
    expect(await store.recordAbsenceAnswer(anAnswer(guestId, { propertyId: 'bangkok', survey: '2026-08-01+1y' }))).toBe('guest-erased');
    expect(await store.getProfile(guestId)).toBeUndefined();
    const [august] = await lapsedReasons.listMonths('bangkok', '2027-08', '2027-08');
    expect(august?.answers).toBe(1);
  });

  it('summarises a range month by month, zero where nobody answered, with the totals; refuses a range it cannot answer, naming the field', async () => {
    const guestId = await checkInNewGuest('away.summary@example.com', '2105', 'chiangmai');
    await store.recordAbsenceAnswer(anAnswer(guestId, { survey: '2029-01-01+1y', at: '2030-01-20T10:00:00+07:00', reason: 'price', text: undefined }));
    await store.recordAbsenceAnswer(anAnswer(guestId, { survey: '2029-01-01+2y', at: '2030-03-05T10:00:00+07:00', reason: 'price', text: undefined }));
    const admin = { role: 'admin', propertyId: 'chiangmai', subject: 'admin-1' } as const;

    const summary = await summariseLapsedReasons(lapsedReasons, admin, { from: '2030-01', to: '2030-03' });
    expect(summary.months.map((m) => [m.month, m.answers, m.reasons.price])).toEqual([
      ['2030-01', 1, 1],
      ['2030-02', 0, 0],
      ['2030-03', 1, 1],
    ]);
    expect(summary.total).toEqual({ answers: 2, reasons: { 'travelling-less': 0, 'stayed-elsewhere': 0, price: 2, 'disappointing-stay': 0, other: 0 } });

    const refusal = (query: Record<string, string>) =>
      summariseLapsedReasons(lapsedReasons, admin, query).then(
        () => undefined,
        (error: InvalidInputError) => error.fields,
      );
    expect(await refusal({})).toHaveProperty(['query.month']);
    expect(await refusal({ from: '2030-01' })).toHaveProperty(['query.to']);
    expect(await refusal({ month: '2030-01', from: '2030-01', to: '2030-02' })).toHaveProperty(['query.month']);
    expect(await refusal({ from: '2030-03', to: '2030-01' })).toHaveProperty(['query.to']);
    expect(await refusal({ from: '2026-01', to: '2030-01' })).toHaveProperty(['query.to']);
    expect(await refusal({ month: '2030-1' })).toHaveProperty(['query.month']);
    expect(await refusal({ month: '2030-01', week: '2' })).toHaveProperty(['query.week']);
    const groupWide = await summariseLapsedReasons(lapsedReasons, { ...admin, propertyId: '*' }, { month: '2030-01' }).catch(
      (error: InvalidInputError) => error.fields,
    );
    expect(groupWide).toHaveProperty(['query.propertyId']);
  });
});
