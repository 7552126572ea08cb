/**
 * Merging duplicates, against DynamoDB Local: the survivor's card shows both histories, the merged guest's id and
 * keys lead to it, events since the merge stay with the guest they named, and undoing the merge gives both profiles
 * back exactly as if it had never happened.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GuestProfile } from '#shared/domain/guest-profile';
import type { GuestsMerged } from '#shared/events/guest-events';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { aCheckIn, aDeparture, aDining, aNote } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'h'.repeat(64);
type Store = ReturnType<typeof createDynamoGuestStore>;

/** A store on a fresh table, handing out guest ids in order (`g_<name>_0`, `g_<name>_1`, ...). */
async function storeOn(name: string) {
  const table = await createTestTable(name);
  let next = 0;
  const store = createDynamoGuestStore({ ...table, tableName: table.tableName, erasedIdentityHashKey, newGuestId: () => `g_${name}_${next++}` });
  return { table, store };
}

/** Two stores whose guest ids are handed out in the same order: one sees the merge and its undoing, one never does. */
async function twoStores(): Promise<[Store, Store]> {
  const [merged, never] = await Promise.all([storeOn('merged'), storeOn('never')]);
  return [merged.store, never.store];
}

const phone = '+66 81 555 0101';
const admin = { role: 'admin', subject: 'admin-1' };

/** Mr Yu's first stay (email and phone), then a check-in with his phone and another email: a profile of its own, a possible duplicate. */
async function twoProfilesOfMrYu(store: Store) {
  await store.recordCheckIn(
    aCheckIn({ eventId: 'c1', at: '2025-06-01T14:00:00Z', room: '1203', guest: { lastName: 'Yu', email: 'yu@example.com', phone, marketingConsent: true } }),
  );
  const [first] = await store.findGuestIds([{ kind: 'email', value: 'yu@example.com' }]);
  await store.recordDining(aDining(first!, { eventId: 'd1', at: '2025-06-02T01:00:00Z', table: 'W2' }));
  await store.recordDeparture(aDeparture(first!, { eventId: 'x1', at: '2025-06-03T04:00:00Z' }));
  await store.recordCheckIn(
    aCheckIn({ eventId: 'c2', at: '2025-07-01T14:00:00Z', room: '1204', guest: { lastName: 'Yu', firstName: 'Wei', email: 'wei@example.com', phone } }),
  );
  const [second] = await store.findGuestIds([{ kind: 'email', value: 'wei@example.com' }]);
  await store.recordDining(aDining(second!, { eventId: 'd2', at: '2025-07-02T12:00:00Z', table: 'T9' }));
  return { first: first!, second: second! };
}

const merge = (guestId: string, mergedGuestId: string, eventId: string, at: string): GuestsMerged => ({
  eventId,
  propertyId: 'bangkok',
  at,
  guestId,
  mergedGuestId,
  author: admin,
});

const comparable = (profile: GuestProfile | undefined) => {
  if (!profile) return undefined;
  const { guestId: _id, appliedThrough: _applied, ...rest } = profile;
  return rest;
};

describe('merging two profiles of one guest', () => {
  let store: Store;
  let control: Store;
  beforeAll(async () => {
    [store, control] = await twoStores();
  });

  it('shows both histories on the survivor, and leads the merged id, keys and room to it', async () => {
    const { first, second } = await twoProfilesOfMrYu(store);
    expect(await store.recordMerge(merge(first, second, 'm1', '2025-07-02T13:00:00Z'))).toBe('recorded');
    expect(await store.recordMerge(merge(first, second, 'm1', '2025-07-02T13:00:00Z'))).toBe('duplicate');

    const survivor = await store.getProfile(first);
    expect(survivor).toMatchObject({ guestId: first, stayCount: 2, email: 'yu@example.com', mergedGuests: [{ guestId: second, mergedByRole: 'admin' }] });
    // The survivor stays who they are: the merged guest's names and contact join the history, not the card.
    expect(survivor?.firstName).toBeUndefined();
    expect(Object.keys(survivor!.dining).sort()).toEqual(['bangkok/terrace/breakfast', 'bangkok/terrace/dinner']);
    expect(await store.getProfile(second)).toEqual(survivor);
    expect(await store.getInHouseGuest('bangkok', '1204')).toMatchObject({ guestId: first });
    expect(await store.findIdentityHolders([{ kind: 'phone', value: '+66815550101' }])).toEqual([
      { key: { kind: 'phone', value: '+66815550101' }, guestId: first, lastName: 'Yu' },
    ]);
    const [pair] = await store.listPossibleDuplicates('bangkok');
    expect(pair?.guests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ guestId: second, fullName: 'Wei Yu', stayCount: 1, mergedInto: first }),
        expect.objectContaining({ guestId: first, stayCount: 2 }),
      ]),
    );
  });

  it('refuses to chain merges', async () => {
    const [first] = await store.findGuestIds([{ kind: 'email', value: 'yu@example.com' }]);
    await store.recordCheckIn(aCheckIn({ eventId: 'c3', room: '1301', guest: { lastName: 'Other', email: 'other@example.com' } }));
    const [other] = await store.findGuestIds([{ kind: 'email', value: 'other@example.com' }]);
    await expect(store.recordMerge(merge(other!, first!, 'm-chain', '2025-07-02T13:30:00Z'))).rejects.toThrow(/merges of its own/);
  });

  it('keeps events since the merge with the guest they named, and undoing gives both profiles back as if never merged', async () => {
    const [first] = await store.findGuestIds([{ kind: 'email', value: 'yu@example.com' }]);
    const [second] = await store.findGuestIds([{ kind: 'email', value: 'wei@example.com' }]);
    // Since the merge: a note naming the merged id, a meal naming the survivor, a check-in by the merged guest's phone.
    const since = async (target: Store, a: string, b: string) => {
      await target.recordNote(aNote(b, { eventId: 'n1', at: '2025-07-03T09:00:00Z', text: 'Prefers the quiet corner' }));
      await target.recordDining(aDining(a, { eventId: 'd3', at: '2025-07-04T01:00:00Z', table: 'W3' }));
      await target.recordDeparture(aDeparture(b, { eventId: 'x2', at: '2025-07-05T04:00:00Z' }));
      await target.recordCheckIn(aCheckIn({ eventId: 'c4', at: '2025-08-01T14:00:00Z', room: '1205', guest: { lastName: 'Yu', email: 'wei@example.com' } }));
    };
    await since(store, first!, second!);
    const merged = await store.getProfile(first!);
    expect(merged).toMatchObject({ stayCount: 3, currentStays: [{ room: '1205' }], notes: [{ text: 'Prefers the quiet corner' }] });

    expect(await store.recordUnmerge({ ...merge(first!, second!, 'u1', '2025-08-02T10:00:00Z') })).toBe('recorded');

    const control1 = await twoProfilesOfMrYu(control);
    await since(control, control1.first, control1.second);
    expect(comparable(await store.getProfile(first!))).toEqual(comparable(await control.getProfile(control1.first)));
    expect(comparable(await store.getProfile(second!))).toEqual(comparable(await control.getProfile(control1.second)));
    expect((await store.getProfile(second!))?.guestId).toBe(second);
    expect(await store.getInHouseGuest('bangkok', '1205')).toMatchObject({ guestId: second });
    expect((await store.listInHouse('bangkok')).filter((g) => g.room.startsWith('12'))).toEqual(
      (await control.listInHouse('bangkok'))
        .filter((g) => g.room.startsWith('12'))
        .map((g) => ({ ...g, guestId: g.guestId === control1.first ? first : second })),
    );
  });
});

describe('a merged guest is one person to their rights', () => {
  it('exports both histories under the survivor, and erases both ids for good', async () => {
    const { table, store: target } = await storeOn('rights');
    const rights = createDynamoGuestRights({ ...table, tableName: table.tableName, erasedIdentityHashKey });
    const { first, second } = await twoProfilesOfMrYu(target);
    await target.recordMerge(merge(first, second, 'm2', '2025-07-02T13:00:00Z'));

    const exported = await rights.exportGuest(second);
    expect(exported?.guestId).toBe(first);
    expect(exported?.history.map((h) => (h.event as { eventId: string }).eventId).sort()).toEqual(['c1', 'c2', 'd1', 'd2', 'm2', 'x1']);
    expect(exported?.identityKeys).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: 'yu@example.com' },
        { kind: 'email', value: 'wei@example.com' },
      ]),
    );

    expect((await rights.eraseGuest(second, '2025-09-01T00:00:00Z'))?.erased).toMatchObject({ history: 6, inHouse: 1 });
    expect(await target.getProfile(first)).toBeUndefined();
    expect(await target.getProfile(second)).toBeUndefined();
    expect(
      await target.findGuestIds([
        { kind: 'phone', value: '+66815550101' },
        { kind: 'email', value: 'wei@example.com' },
      ]),
    ).toEqual([]);
    expect(await target.getInHouseGuest('bangkok', '1204')).toBeUndefined();
    // A meal naming the merged id from before the erasure, redelivered: nothing comes back.
    expect(await target.recordDining(aDining(second, { eventId: 'd9', at: '2025-07-02T13:30:00Z' }))).toBe('discarded');
    expect(await target.getProfile(second)).toBeUndefined();
  });
});

describe("a merged guest's visit history", () => {
  it('pages through both histories as one, newest first', async () => {
    const { table, store: target } = await storeOn('merged-history');
    const history = createDynamoVisitHistory({ ...table, tableName: table.tableName });
    const { first, second } = await twoProfilesOfMrYu(target);
    await target.recordMerge(merge(first, second, 'm3', '2025-07-02T13:00:00Z'));
    const fieldsByKind = { stay: ['kind', 'at'], dining: ['kind', 'at'], departure: ['kind', 'at'], merge: ['kind', 'at', 'mergedGuestId'] };
    const pages: Record<string, unknown>[][] = [];
    let cursor: string | undefined;
    do {
      const page = await history.listVisits(first, { limit: 2, fieldsByKind, mergedGuestIds: [second], ...(cursor ? { cursor } : {}) });
      pages.push([...page.visits]);
      cursor = page.cursor;
    } while (cursor);
    expect(pages.map((page) => page.map((visit) => visit.kind))).toEqual([
      ['merge', 'dining'],
      ['stay', 'departure'],
      ['dining', 'stay'],
    ]);
    expect(pages[0]?.[0]).toEqual({ kind: 'merge', at: '2025-07-02T13:00:00Z', mergedGuestId: second });
  });
});

describe('a merged guest unsubscribing', () => {
  it("takes an unsubscribe from the merged guest's email link as the survivor's", async () => {
    const { store } = await storeOn('unsubscribing');
    const { first, second } = await twoProfilesOfMrYu(store);
    await store.recordMerge(merge(first, second, 'm4', '2025-07-02T13:00:00Z'));
    expect((await store.getProfile(first))?.marketingConsent).toBe(true);
    const unsubscribe = { eventId: 'u-link', propertyId: 'bangkok', at: '2025-07-02T14:00:00Z', guestId: second, channel: 'unsubscribe-link' as const };
    expect(await store.recordConsentWithdrawn(unsubscribe)).toBe('recorded');
    expect(await store.getProfile(first)).toMatchObject({ marketingConsent: false, email: 'yu@example.com' });
  });
});

describe("a merged guest's ranking", () => {
  it('never tags the survivor: the daily run ranks the survivor on both guests figures', async () => {
    const { store } = await storeOn('ranking');
    const { first, second } = await twoProfilesOfMrYu(store);
    await store.recordMerge(merge(first, second, 'm5', '2025-07-02T13:00:00Z'));
    const leftTop = {
      eventId: `segment.bangkok.2025-07-03.${second}`,
      propertyId: 'bangkok',
      guestId: second,
      at: '2025-07-03T04:30:00Z',
      date: '2025-07-03',
      top: true,
    };
    expect(await store.recordSegmentChange(leftTop)).toBe('recorded');
    expect((await store.getProfile(first))?.valueSegments).toBeUndefined();
  });
});
