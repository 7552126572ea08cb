import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { fieldsByKind } from '#shared/use-cases/guest-history';
import { aCheckIn, aDeparture, aTagChange, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  table = await createTestTable('tags');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey: 't'.repeat(64) });
});

describe('tags in the guest store', () => {
  it('keeps the latest change of each tag, records each once, and shows it in the history with who made it', async () => {
    const email = 'tagged@example.com';
    await store.recordCheckIn(aCheckIn({ room: '1901', guest: { ...mrYu, email, phone: undefined } }));
    const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
    const removed = aTagChange(guestId!, { tag: 'press', set: false, at: '2025-06-08T12:00:00+07:00' });
    expect(await store.recordTagChange(removed)).toBe('recorded');
    // Set earlier, delivered later: the removal still holds.
    expect(await store.recordTagChange(aTagChange(guestId!, { tag: 'press', at: '2025-06-08T09:00:00+07:00' }))).toBe('recorded');
    expect(await store.recordTagChange(aTagChange(guestId!, { tag: 'vip', at: '2025-06-08T10:00:00+07:00' }))).toBe('recorded');
    expect(await store.recordTagChange(removed)).toBe('duplicate');
    expect((await store.getProfile(guestId!))?.tags).toEqual([{ tag: 'vip', setAt: '2025-06-08T10:00:00+07:00', setByRole: 'frontdesk' }]);
    const history = createDynamoVisitHistory({ documentClient: table.documentClient, tableName: table.tableName });
    const visits = (await history.listVisits(guestId!, { limit: 10, fieldsByKind })).visits.filter((v) => v.kind === 'tag');
    expect(visits.map((v) => [v.tag, v.set])).toEqual([
      ['press', false],
      ['vip', true],
      ['press', true],
    ]);
  });

  it("derives 'regular' from the stays kept on the card", async () => {
    const email = 'regular.tag@example.com';
    for (const [i, month] of ['2024-06', '2025-01', '2026-01'].entries()) {
      await store.recordCheckIn(
        aCheckIn({ eventId: `reg-in-${i}`, room: '1902', at: `${month}-10T14:00:00+07:00`, guest: { ...mrYu, email, phone: undefined } }),
      );
      const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
      await store.recordDeparture(aDeparture(guestId!, { eventId: `reg-out-${i}`, at: `${month}-12T11:00:00+07:00` }));
    }
    const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
    const profile = await store.getProfile(guestId!);
    expect(buildRecognitionCard(profile!, { now: new Date('2026-02-01T08:00:00+07:00'), propertyId: 'bangkok' }).tags).toEqual([
      { tag: 'regular', kind: 'automatic', evidence: { stays: 3, months: 24 } },
    ]);
  });
});
