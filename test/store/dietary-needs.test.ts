import { beforeAll, describe, expect, it } from 'vitest';
import { allergens, diets } from '#shared/domain/dietary-needs';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { fieldsByKind } from '#shared/use-cases/guest-history';
import { aCheckIn, aDietaryNeeds, mrYu } from '#test/support/builders';
import { cardItemBytes, seedRegularGuest } from '#test/support/regular-guest';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'd'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  table = await createTestTable('dietary');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
});

async function checkInNewGuest(email: string, room: string) {
  await store.recordCheckIn(aCheckIn({ room, guest: { ...mrYu, email, phone: undefined } }));
  const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
  if (!guestId) throw new Error('guest not recorded');
  return guestId;
}

describe('allergies and dietary needs in the guest store', () => {
  it('puts the latest statement on the card, whatever order the statements arrive in, and records each once', async () => {
    const guestId = await checkInNewGuest('allergic@example.com', '1301');
    const newer = aDietaryNeeds(guestId, {
      at: '2025-06-08T12:00:00+07:00',
      allergies: ['peanuts', 'egg'],
      diets: ['vegetarian'],
      other: 'Severe: carries an EpiPen',
    });
    const older = aDietaryNeeds(guestId, { at: '2025-06-08T08:00:00+07:00', allergies: ['dairy'], author: { role: 'restaurant', subject: 'host-1' } });
    expect(await store.recordDietaryNeeds(newer)).toBe('recorded');
    // Arrives late: it refolds into the history, and does not replace the newer statement.
    expect(await store.recordDietaryNeeds(older)).toBe('recorded');
    expect(await store.recordDietaryNeeds(newer)).toBe('duplicate');
    const profile = await store.getProfile(guestId);
    expect(profile?.dietaryNeeds).toEqual({
      allergies: ['peanuts', 'egg'],
      diets: ['vegetarian'],
      other: 'Severe: carries an EpiPen',
      recordedAt: newer.at,
      recordedByRole: 'frontdesk',
    });
    expect(buildRecognitionCard(profile!, { now: new Date('2025-06-09T08:00:00+07:00'), propertyId: 'bangkok', outlet: 'terrace' }).dietaryNeeds).toEqual(
      profile!.dietaryNeeds,
    );
  });

  it('clears them with an empty statement, and keeps both statements in the visit history with who made them', async () => {
    const guestId = await checkInNewGuest('no.longer@example.com', '1302');
    await store.recordDietaryNeeds(aDietaryNeeds(guestId, { eventId: 'dietary-a', at: '2025-06-08T08:00:00+07:00', allergies: ['gluten'] }));
    await store.recordDietaryNeeds(
      aDietaryNeeds(guestId, { eventId: 'dietary-b', at: '2025-06-08T09:00:00+07:00', allergies: [], author: { role: 'restaurant', subject: 'host-2' } }),
    );
    expect((await store.getProfile(guestId))?.dietaryNeeds).toBeUndefined();
    const history = createDynamoVisitHistory({ documentClient: table.documentClient, tableName: table.tableName });
    const page = await history.listVisits(guestId, { limit: 10, fieldsByKind, propertyId: 'bangkok' });
    expect(page.visits.filter((v) => v.kind === 'dietary')).toEqual([
      { kind: 'dietary', at: '2025-06-08T09:00:00+07:00', propertyId: 'bangkok', allergies: [], diets: [], author: { role: 'restaurant', subject: 'host-2' } },
      {
        kind: 'dietary',
        at: '2025-06-08T08:00:00+07:00',
        propertyId: 'bangkok',
        allergies: ['gluten'],
        diets: [],
        author: { role: 'frontdesk', subject: 'clerk-1' },
      },
    ]);
  });

  // 3 KB until the card carried the value figures (stays, nights, spend by month: about 100 bytes for this guest);
  // in this extreme the card write costs 4 units instead of 3, the bench's regular guest stays within 3 KB.
  it("keeps a regular guest's card (the bench's) within 3,200 bytes with every allergen, every diet and the longest text recorded", async () => {
    const guestId = await seedRegularGuest(table, erasedIdentityHashKey);
    await store.recordDietaryNeeds(
      aDietaryNeeds(guestId, {
        at: '2030-01-01T20:00:00+07:00',
        allergies: [...allergens],
        diets: [...diets],
        other: 'x'.repeat(200),
        author: { role: 'restaurant', subject: 'x'.repeat(128) },
      }),
    );
    expect(await cardItemBytes(table, guestId)).toBeLessThanOrEqual(3200);
  });

  it('exports the needs with the profile and the statements with the history, and erases them with the guest', async () => {
    const guestId = await checkInNewGuest('exported.needs@example.com', '1304');
    await store.recordDietaryNeeds(aDietaryNeeds(guestId, { allergies: ['sesame'], other: 'No tahini either' }));
    const rights = createDynamoGuestRights({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
    const exported = await rights.exportGuest(guestId);
    expect(exported?.profile.dietaryNeeds).toMatchObject({ allergies: ['sesame'], other: 'No tahini either' });
    expect(exported?.history.filter((h) => h.kind === 'dietary')).toHaveLength(1);
    await rights.eraseGuest(guestId, '2025-07-01T00:00:00Z');
    expect(await store.getProfile(guestId)).toBeUndefined();
    expect(await rights.exportGuest(guestId)).toBeUndefined();
    // A statement from before the erasure, delivered again, brings nothing back.
    expect(await store.recordDietaryNeeds(aDietaryNeeds(guestId, { allergies: ['egg'] }))).toBe('discarded');
    expect(await store.getProfile(guestId)).toBeUndefined();
  });
});
