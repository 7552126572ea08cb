/**
 * The promises recording keeps at its edges, against DynamoDB Local: identity never rewrites someone else, event
 * keys cannot be hijacked or silently dropped, erasure is permanent, and the result never depends on delivery order.
 */
import fc from 'fast-check';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventKeyOf } from '#shared/events/event-key';
import { tableDefinition } from '#shared/store/table';
import { eventDelivery } from '#shared/wiring';
import { beforeAll, describe, expect, it } from 'vitest';
import { summariseDining, type GuestProfile } from '#shared/domain/guest-profile';
import { ConflictError, NotFoundError } from '#shared/errors';
import { createDynamoGuestRights } from '#shared/store/dynamo-guest-rights';
import { createDynamoGuestStore, EventKeyConflictError } from '#shared/store/dynamo-guest-store';
import { erasingAttribute, visitsFromItem } from '#shared/store/guest-card';
import { keys } from '#shared/store/keys';
import { aCheckIn, aDining, aDeparture, aNote, mrYu } from '#test/support/builders';
import { guestEmail, deliveryArbitrary, mergedStoryArbitrary, storyArbitrary, type StoryEvent } from '#test/support/stories';
import { createTestTable } from '#test/support/table';

const erasedIdentityHashKey = 'h'.repeat(64);
let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  table = await createTestTable('promises');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
});

const email = (value: string) => ({ kind: 'email' as const, value });

describe('identity never rewrites someone else', () => {
  it('starts a profile of its own for a phone alone, and records the possible duplicate', async () => {
    await store.recordCheckIn(
      aCheckIn({
        propertyId: 'chiangmai',
        room: '201',
        guest: { lastName: 'Somchai', phone: '+66 81 000 0001', email: 'somchai@example.com', birthDate: '1970-01-01' },
      }),
    );
    const [known] = await store.findGuestIds([email('somchai@example.com')]);
    await store.recordCheckIn(aCheckIn({ room: '301', guest: { lastName: 'Other', phone: '+66810000001' } }));
    const holders = await store.findGuestIds([{ kind: 'phone', value: '+66810000001' }]);
    expect(holders).toHaveLength(2);
    const stranger = holders.find((id) => id !== known)!;
    expect(await store.getProfile(known!)).toMatchObject({
      lastName: 'Somchai',
      birthDate: '1970-01-01',
      currentStays: [{ propertyId: 'chiangmai', room: '201' }],
    });
    expect(await store.getProfile(stranger)).toMatchObject({ lastName: 'Other', stayCount: 1 });
    const listed = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.possibleDuplicates('bangkok') },
      }),
    );
    expect(listed.Items).toEqual([expect.objectContaining({ guestIds: [known, stranger].sort(), sharedKey: { kind: 'phone', value: '+66810000001' } })]);
  });

  it('does not merge a guest whose email is held by someone with another surname', async () => {
    await store.recordCheckIn(aCheckIn({ room: '302', guest: { lastName: 'Yu', email: 'family@example.com' } }));
    await store.recordCheckIn(aCheckIn({ room: '303', guest: { lastName: 'Tanaka', email: 'family@example.com' } }));
    expect(await store.findGuestIds([email('family@example.com')])).toHaveLength(2);
  });

  it('merges on the email when the surname matches, accents and case folded', async () => {
    await store.recordCheckIn(aCheckIn({ room: '304', guest: { lastName: 'Nguyễn', email: 'nguyen@example.com' } }));
    await store.recordCheckIn(aCheckIn({ propertyId: 'chiangmai', room: '202', guest: { lastName: 'NGUYEN', email: 'Nguyen@example.com' } }));
    const [guestId, ...others] = await store.findGuestIds([email('nguyen@example.com')]);
    expect(others).toEqual([]);
    // A check-in at Chiang Mai does not end the stay in Bangkok.
    expect((await store.getProfile(guestId!))?.currentStays.map((s) => s.propertyId).sort()).toEqual(['bangkok', 'chiangmai']);
  });
});

describe('event keys cannot be hijacked or silently dropped', () => {
  it('records the same event id at two properties as two events', async () => {
    const first = aCheckIn({ eventId: 'terminal-0001', room: '401', guest: { lastName: 'One', email: 'one@example.com' } });
    const second = aCheckIn({ eventId: 'terminal-0001', propertyId: 'chiangmai', room: '203', guest: { lastName: 'Two', email: 'two@example.com' } });
    expect(await store.recordCheckIn(first)).toBe('recorded');
    expect(await store.recordCheckIn(second)).toBe('recorded');
    expect(await store.recordCheckIn(first)).toBe('duplicate');
  });

  it("keeps the record of an event for the archive's retention and a margin, then lets it expire", async () => {
    const event = aCheckIn({ eventId: 'terminal-0009', room: '409', guest: { lastName: 'Kept', email: 'kept@example.com' } });
    await store.recordCheckIn(event);
    const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: keys.recordedEvent(eventKeyOf(event)) }));
    const daysLeft = ((Item?.[tableDefinition.timeToLiveAttribute] as number) * 1000 - Date.now()) / 86_400_000;
    expect(Math.round(daysLeft)).toBe(eventDelivery.archiveRetentionDays + 30);
  });

  it('refuses the same key with other content, and changes nothing', async () => {
    await store.recordCheckIn(aCheckIn({ eventId: 'terminal-0002', room: '402', guest: { lastName: 'Three', email: 'three@example.com' } }));
    const [guestId] = await store.findGuestIds([email('three@example.com')]);
    const before = await store.getProfile(guestId!);
    await expect(store.recordNote(aNote(guestId!, { eventId: 'terminal-0002' }))).rejects.toThrow(EventKeyConflictError);
    expect(await store.getProfile(guestId!)).toEqual(before);
  });
});

describe('forgetting is permanent', () => {
  it('discards every event from before the erasure, even one never recorded before it; a later check-in starts afresh', async () => {
    const rights = createDynamoGuestRights({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
    const guest = { ...mrYu, email: 'forget.me@example.com', phone: '+85290000001' };
    await store.recordCheckIn(aCheckIn({ room: '501', guest }));
    const [guestId] = await store.findGuestIds([email('forget.me@example.com')]);
    await rights.eraseGuest(guestId!, '2025-07-01T00:00:00Z');

    // A check-in that dead-lettered before the erasure and is redriven after it, and the rest of that stay.
    expect(await store.recordCheckIn(aCheckIn({ at: '2025-06-20T10:00:00+07:00', room: '502', guest: { ...guest, email: undefined } }))).toBe('discarded');
    expect(await store.recordDining(aDining(guestId!))).toBe('discarded');
    expect(await store.recordDeparture(aDeparture(guestId!))).toBe('discarded');
    expect(await store.findGuestIds([email('forget.me@example.com'), { kind: 'phone', value: '+85290000001' }])).toEqual([]);
    expect(await store.getInHouseGuest('bangkok', '502')).toBeUndefined();

    expect(await store.recordCheckIn(aCheckIn({ at: '2025-08-01T10:00:00+07:00', room: '503', guest }))).toBe('recorded');
    const [newId] = await store.findGuestIds([email('forget.me@example.com')]);
    expect(newId).not.toBe(guestId);
    expect((await store.getProfile(newId!))?.stayCount).toBe(1);
  });
});

describe('an erasure under way', () => {
  it('makes a check-in naming the guest wait for it (redelivered later), never start a second profile meanwhile', async () => {
    await store.recordCheckIn(aCheckIn({ room: '511', guest: { lastName: 'Leaving', email: 'leaving@example.com' } }));
    const [guestId] = await store.findGuestIds([email('leaving@example.com')]);
    // The erasure's first step after its tombstone: the card is marked.
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.guestProfile(guestId!),
        UpdateExpression: 'SET #erasing = :at, version = version + :one',
        ExpressionAttributeNames: { '#erasing': erasingAttribute },
        ExpressionAttributeValues: { ':at': '2025-07-01T00:00:00Z', ':one': 1 },
      }),
    );
    await expect(
      store.recordCheckIn(aCheckIn({ at: '2025-06-20T10:00:00+07:00', room: '512', guest: { lastName: 'Leaving', email: 'leaving@example.com' } })),
    ).rejects.toThrow(ConflictError);
    expect(await store.findGuestIds([email('leaving@example.com')])).toEqual([guestId]);
    expect(await store.getInHouseGuest('bangkok', '512')).toBeUndefined();
  });
});

/** Delivers like the bus: an event that cannot be recorded yet (its guest's check-in is still on the way) goes around again. */
async function deliver(target: ReturnType<typeof createDynamoGuestStore>, events: readonly StoryEvent[]): Promise<void> {
  let pending = [...events];
  for (let round = 0; pending.length && round < 50; round++) {
    const retry: StoryEvent[] = [];
    for (const e of pending) {
      try {
        if (e.kind === 'stay') await target.recordCheckIn(e.event);
        else if (e.kind === 'merge' || e.kind === 'unmerge') {
          const [guestId, mergedGuestId] = await Promise.all([e.guest, e.mergedGuest].map(async (g) => (await target.findGuestIds([email(guestEmail(g))]))[0]));
          if (!guestId || !mergedGuestId) throw new NotFoundError('not yet');
          const detail = { ...e.event, guestId, mergedGuestId };
          await (e.kind === 'merge' ? target.recordMerge(detail) : target.recordUnmerge(detail));
        } else {
          const [guestId] = await target.findGuestIds([email(guestEmail(e.guest))]);
          if (!guestId) throw new NotFoundError('not yet');
          const detail = { ...e.event, guestId } as never;
          await (e.kind === 'dining'
            ? target.recordDining(detail)
            : e.kind === 'departure'
              ? target.recordDeparture(detail)
              : e.kind === 'dietary'
                ? target.recordDietaryNeeds(detail)
                : e.kind === 'tag'
                  ? target.recordTagChange(detail)
                  : e.kind === 'correction'
                    ? target.recordProfileCorrection(detail)
                    : target.recordNote(detail));
        }
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        retry.push(e);
      }
    }
    pending = retry;
  }
  expect(pending).toEqual([]);
}

/**
 * What in-order delivery is compared on: each guest's profile (the card, without its random id) and the recent visits
 * stored behind its usuals, the in-house lists, the rooms.
 */
async function outcomeOf(target: ReturnType<typeof createDynamoGuestStore>, where: Awaited<ReturnType<typeof createTestTable>>) {
  // Guest ids are random: guests are named by their email.
  const emailOf = new Map(await Promise.all([0, 1, 2].map(async (g) => [(await target.findGuestIds([email(guestEmail(g))]))[0], guestEmail(g)] as const)));
  const guests: Record<string, unknown> = {};
  for (const guest of [0, 1, 2]) {
    const [guestId] = await target.findGuestIds([email(guestEmail(guest))]);
    const profile = guestId ? await target.getProfile(guestId) : undefined;
    if (!profile) continue;
    // A guest merged into another reads as that guest, whose partition holds the recent visits.
    const recentDining = await storedRecentDining(where, profile.guestId);
    // The card's usuals are the summaries of the recent visits stored beside it.
    expect(Object.fromEntries(Object.entries(recentDining).map(([key, visits]) => [key, summariseDining(visits)]))).toEqual(profile.dining);
    guests[guestEmail(guest)] = { ...comparable(profile, emailOf), recentDining };
  }
  const inHouse = await Promise.all(
    ['bangkok', 'chiangmai'].map(async (p) => (await target.listInHouse(p)).map((g) => `${p}/${g.room}: ${emailOf.get(g.guestId)} since ${g.checkedInAt}`)),
  );
  return { guests, inHouse };
}

/** Each outlet/meal pair's recent visits, as stored in the guest's partition. */
async function storedRecentDining(where: Awaited<ReturnType<typeof createTestTable>>, guestId: string) {
  const { Items = [] } = await where.documentClient.send(
    new QueryCommand({
      TableName: where.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.guestProfile(guestId).pk, ':prefix': keys.diningWindowPrefix() },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries(Items.map((item) => [(item.sk as string).slice(keys.diningWindowPrefix().length), visitsFromItem(item)]));
}

function comparable({ guestId: _id, appliedThrough: _applied, ...profile }: GuestProfile, emailOf: ReadonlyMap<string | undefined, string>) {
  return {
    ...profile,
    currentStays: [...profile.currentStays].sort((a, b) => a.propertyId.localeCompare(b.propertyId)),
    ...(profile.mergedGuests ? { mergedGuests: profile.mergedGuests.map((m) => ({ ...m, guestId: emailOf.get(m.guestId) })) } : {}),
  };
}

describe('recording does not depend on delivery order', () => {
  it('keeps a room with the guest who came back to it when the check-in of someone in between arrives late', async () => {
    // In business time: Yu in 601 from 08:00 and gone by 09:00, Tanaka in 601 from 10:00 and moved to 602 at 11:00,
    // Yu back in 601 at 12:00. Delivered: Yu's second check-in, his first, then Tanaka's, before any departure or move.
    const yu = { lastName: 'Yu', email: 'back.again@example.com' };
    const tanaka = { lastName: 'Tanaka', email: 'in.between@example.com' };
    await store.recordCheckIn(aCheckIn({ at: '2025-09-01T12:00:00Z', room: '601', guest: yu }));
    await store.recordCheckIn(aCheckIn({ at: '2025-09-01T08:00:00Z', room: '601', guest: yu }));
    await store.recordCheckIn(aCheckIn({ at: '2025-09-01T10:00:00Z', room: '601', guest: tanaka }));
    const [yuId] = await store.findGuestIds([email(yu.email)]);
    const [tanakaId] = await store.findGuestIds([email(tanaka.email)]);
    expect(await store.getInHouseGuest('bangkok', '601')).toMatchObject({ guestId: yuId });
    expect((await store.getProfile(tanakaId!))?.currentStays).toEqual([]);

    await store.recordDeparture(aDeparture(yuId!, { at: '2025-09-01T09:00:00Z' }));
    await store.recordCheckIn(aCheckIn({ at: '2025-09-01T11:00:00Z', room: '602', guest: tanaka }));
    const rooms = (await store.listInHouse('bangkok')).filter((g) => g.room.startsWith('60'));
    expect(rooms.map((g) => [g.room, g.guestId, g.checkedInAt])).toEqual([
      ['601', yuId, '2025-09-01T12:00:00Z'],
      ['602', tanakaId, '2025-09-01T10:00:00Z'],
    ]);
  });

  it('gives the same profiles, in-house lists and rooms for any order and repetition of a generated story', async () => {
    await fc.assert(
      fc.asyncProperty(
        storyArbitrary(12).chain((story) => fc.tuple(fc.constant(story), deliveryArbitrary(story))),
        async ([story, delivered]) => sameOutcome(story, delivered),
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});

describe('merging does not depend on delivery order, and undoing it leaves no trace', () => {
  it('gives the same profiles, in-house lists and rooms for any order of a story and a merge of two of its guests', async () => {
    await fc.assert(
      fc.asyncProperty(
        mergedStoryArbitrary(10, false).chain(({ story, admin }) => fc.tuple(fc.constant([...story, ...admin]), deliveryArbitrary([...story, ...admin]))),
        async ([inOrder, delivered]) => sameOutcome(inOrder, delivered),
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('gives, once a merge is undone, what the story alone gives, whatever the order', async () => {
    await fc.assert(
      fc.asyncProperty(
        mergedStoryArbitrary(10, true).chain(({ story, admin }) => fc.tuple(fc.constant(story), deliveryArbitrary([...story, ...admin]))),
        async ([story, delivered]) => sameOutcome(story, delivered),
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});

/** Delivers `expected` in order to one fresh table and `delivered` to another: both give the same outcome. */
async function sameOutcome(expected: readonly StoryEvent[], delivered: readonly StoryEvent[]) {
  const [reference, tried] = await Promise.all([createTestTable('reference'), createTestTable('delivered')]);
  const referenceStore = createDynamoGuestStore({ documentClient: reference.documentClient, tableName: reference.tableName, erasedIdentityHashKey });
  const triedStore = createDynamoGuestStore({ documentClient: tried.documentClient, tableName: tried.tableName, erasedIdentityHashKey });
  await deliver(referenceStore, expected);
  await deliver(triedStore, delivered);
  expect(await outcomeOf(triedStore, tried)).toEqual(await outcomeOf(referenceStore, reference));
}
