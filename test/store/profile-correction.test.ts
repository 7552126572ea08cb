import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { fieldsByKind } from '#shared/use-cases/guest-history';
import { aCheckIn, aCorrection, aDeparture, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'c'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  table = await createTestTable('correction');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
});

async function checkInNewGuest(email: string, room: string, lastName = 'Yu') {
  await store.recordCheckIn(aCheckIn({ room, guest: { ...mrYu, lastName, email, phone: undefined } }));
  const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
  if (!guestId) throw new Error('guest not recorded');
  return guestId;
}

describe('corrections in the guest store', () => {
  it('correct the card and the names the in-house list shows, and stay in the history with who made them', async () => {
    const guestId = await checkInNewGuest('misspelt@example.com', '1501');
    expect(await store.recordProfileCorrection(aCorrection(guestId, { title: 'Dr', lastName: 'Yoo' }))).toBe('recorded');
    expect(await store.getProfile(guestId)).toMatchObject({ title: 'Dr', lastName: 'Yoo' });
    expect((await store.listInHouse('bangkok')).find((g) => g.room === '1501')).toMatchObject({ salutation: 'Dr. Yoo', fullName: 'Wei Yoo' });
    expect((await store.getInHouseGuest('bangkok', '1501'))?.profile.lastName).toBe('Yoo');
    const history = createDynamoVisitHistory({ documentClient: table.documentClient, tableName: table.tableName });
    const page = await history.listVisits(guestId, { limit: 10, fieldsByKind });
    expect(page.visits[0]).toEqual({
      kind: 'correction',
      at: '2025-06-08T10:00:00+07:00',
      propertyId: 'bangkok',
      changes: { title: 'Dr', lastName: 'Yoo' },
      author: { role: 'frontdesk', subject: 'clerk-2' },
    });
  });

  it('make the guest found by a corrected email, which the next check-in with it recognises', async () => {
    const guestId = await checkInNewGuest('typo@exmaple.com', '1502');
    await store.recordProfileCorrection(aCorrection(guestId, { email: 'Fixed.Address@example.com' }));
    expect(await store.findGuestIds([{ kind: 'email', value: 'fixed.address@example.com' }])).toEqual([guestId]);
    // The older address is still the guest's (erasure and the export find it), as after a check-in with a new one.
    expect(await store.findGuestIds([{ kind: 'email', value: 'typo@exmaple.com' }])).toEqual([guestId]);
    await store.recordDeparture(aDeparture(guestId, { room: '1502' }));
    await store.recordCheckIn(
      aCheckIn({ room: '1502', at: '2026-02-01T14:00:00+07:00', guest: { ...mrYu, email: 'fixed.address@example.com', phone: undefined } }),
    );
    expect((await store.getProfile(guestId))?.stayCount).toBe(2);
  });

  it('never touch another guest who holds the corrected email: both hold it, and the pair is listed as a possible duplicate', async () => {
    const other = await checkInNewGuest('shared.inbox@example.com', '1503', 'Tanaka');
    const guestId = await checkInNewGuest('own.inbox@example.com', '1504');
    const before = await store.getProfile(other);
    await store.recordProfileCorrection(aCorrection(guestId, { email: 'shared.inbox@example.com' }));
    expect(await store.getProfile(other)).toEqual(before);
    expect((await store.findGuestIds([{ kind: 'email', value: 'shared.inbox@example.com' }])).sort()).toEqual([guestId, other].sort());
    const duplicates = await store.listPossibleDuplicates('bangkok');
    expect(duplicates.some((d) => [...d.guestIds].sort().join() === [guestId, other].sort().join() && d.sharedKey.value === 'shared.inbox@example.com')).toBe(
      true,
    );
  });

  it('are recorded once however often delivered, and a late one does not undo a later check-in', async () => {
    const guestId = await checkInNewGuest('late.fix@example.com', '1505');
    await store.recordCheckIn(
      aCheckIn({ room: '1505', at: '2025-06-09T14:00:00+07:00', guest: { ...mrYu, title: 'Prof', email: 'late.fix@example.com', phone: undefined } }),
    );
    const late = aCorrection(guestId, { title: 'Dr', marketingConsent: false }, { at: '2025-06-08T10:00:00+07:00' });
    expect(await store.recordProfileCorrection(late)).toBe('recorded');
    expect(await store.recordProfileCorrection(late)).toBe('duplicate');
    expect(await store.getProfile(guestId)).toMatchObject({ title: 'Prof', marketingConsent: true });
  });

  it('are erased with the guest, and the corrected email with them', async () => {
    const guestId = await checkInNewGuest('erase.fix@example.com', '1506');
    await store.recordProfileCorrection(aCorrection(guestId, { email: 'erase.fixed@example.com' }));
    const rights = createDynamoGuestRights({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
    const exported = await rights.exportGuest(guestId);
    expect(exported?.identityKeys).toEqual(expect.arrayContaining([{ kind: 'email', value: 'erase.fixed@example.com' }]));
    expect(exported?.history.some((h) => h.kind === 'correction')).toBe(true);
    await rights.eraseGuest(guestId, '2025-07-01T00:00:00Z');
    expect(await store.findGuestIds([{ kind: 'email', value: 'erase.fixed@example.com' }])).toEqual([]);
  });
});
