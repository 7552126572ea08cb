import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { aCheckIn, aDeparture, aDining, aNote, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

let store: ReturnType<typeof createDynamoGuestStore>;
/** Every command the store sends to DynamoDB, by name. */
const commandsSent: string[] = [];

beforeAll(async () => {
  const table = await createTestTable('store');
  table.documentClient.middlewareStack.add(
    (next, context) => (args) => {
      commandsSent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize' },
  );
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
});

const erasedIdentityHashKey = 'e'.repeat(64);

async function commandsFor(read: () => Promise<unknown>): Promise<string[]> {
  commandsSent.length = 0;
  await read();
  return [...commandsSent];
}

async function checkInNewGuest(email: string, room: string, at?: string) {
  const checkIn = aCheckIn({ room, ...(at ? { at } : {}), guest: { ...mrYu, email, phone: undefined, pmsProfileId: undefined } });
  await store.recordCheckIn(checkIn);
  const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
  if (!guestId) throw new Error('guest not recorded');
  return guestId;
}

describe('guest store on DynamoDB Local', () => {
  it('remembers the usual table and breakfast from one visit a year before', async () => {
    const guestId = await checkInNewGuest('yu.story@example.com', '1201');
    await store.recordDining(aDining(guestId));
    await store.recordDeparture(aDeparture(guestId));
    await store.recordCheckIn(aCheckIn({ at: '2026-06-10T15:00:00+07:00', room: '1502', guest: { ...mrYu, email: 'YU.Story@example.com ', phone: undefined } }));

    const profile = await store.getProfile(guestId);
    const card = buildRecognitionCard(profile!, { now: new Date('2026-06-11T07:45:00+07:00'), outlet: 'terrace' });
    expect(card).toMatchObject({
      salutation: 'Mr. Yu',
      status: 'returning',
      inHouse: { propertyId: 'bangkok', room: '1502' },
      stays: { count: 2, firstStayOn: '2025-06-07', lastStay: { departedOn: '2025-06-09' }, daysSinceLastStay: 367 },
      mealPeriod: 'breakfast',
    });
    expect(card.dining[0]?.usualTable).toEqual({ choice: 'W2', timesChosen: 1, recentVisits: 1, lastChosenOn: '2025-06-08' });
    expect(card.dining[0]?.usualOrder.choice).toEqual([
      { name: 'coffee', quantity: 1 },
      { name: 'egg', quantity: 1 },
      { name: 'sandwich', quantity: 1 },
    ]);
  });

  it('matches a returning guest by email with case and spaces folded, never creating a second profile', async () => {
    const guestId = await checkInNewGuest('match.me@example.com', '1202');
    await store.recordDeparture(aDeparture(guestId, { room: '1202' }));
    await store.recordCheckIn(aCheckIn({ at: '2026-01-10T14:00:00+07:00', room: '1203', guest: { lastName: 'Yu', email: '  Match.Me@EXAMPLE.com' } }));
    expect(await store.findGuestIds([{ kind: 'email', value: 'match.me@example.com' }])).toEqual([guestId]);
    expect((await store.getProfile(guestId))?.stayCount).toBe(2);
  });

  it('applies an event delivered three times, two at once, exactly once', async () => {
    const guestId = await checkInNewGuest('dupes@example.com', '1204');
    const dining = aDining(guestId);
    const outcomes = await Promise.all([store.recordDining(dining), store.recordDining(dining)]);
    outcomes.push(await store.recordDining(dining));
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    const profile = await store.getProfile(guestId);
    expect(Object.values(profile!.recentDining).flat()).toHaveLength(1);
  });

  it('keeps both updates when two events for one guest are recorded at once', async () => {
    const guestId = await checkInNewGuest('concurrent@example.com', '1205');
    await Promise.all([
      store.recordDining(aDining(guestId, { table: 'T1', at: '2025-06-08T07:30:00+07:00' })),
      store.recordDining(aDining(guestId, { table: 'T2', at: '2025-06-08T08:30:00+07:00' })),
      store.recordNote(aNote(guestId)),
    ]);
    const profile = await store.getProfile(guestId);
    expect(profile!.recentDining['bangkok/terrace/breakfast']?.map((v) => v.table)).toEqual(['T2', 'T1']);
    expect(profile!.notes).toHaveLength(1);
  });

  it('counts a late meal in the history without making it "last time"', async () => {
    const guestId = await checkInNewGuest('late@example.com', '1206');
    await store.recordDining(aDining(guestId, { table: 'NEW', at: '2025-06-09T07:30:00+07:00' }));
    await store.recordDining(aDining(guestId, { table: 'OLD', at: '2025-06-08T07:30:00+07:00' }));
    const card = buildRecognitionCard((await store.getProfile(guestId))!, { now: new Date('2025-06-10T08:00:00+07:00') });
    expect(card.dining[0]?.lastVisit.table).toBe('NEW');
    expect(card.dining[0]?.usualTable).toMatchObject({ choice: 'NEW', recentVisits: 2 });
  });

  it('lists in-house guests by room and frees the room at departure', async () => {
    const guestId = await checkInNewGuest('inhouse@example.com', '0707');
    expect(await store.getInHouseGuest('bangkok', '0707')).toMatchObject({ guestId, salutation: 'Mr. Yu', fullName: 'Wei Yu' });
    expect((await store.listInHouse('bangkok')).map((g) => g.room)).toContain('0707');
    await store.recordDeparture(aDeparture(guestId, { room: '0707' }));
    expect(await store.getInHouseGuest('bangkok', '0707')).toBeUndefined();
    expect((await store.getProfile(guestId))?.currentStays).toEqual([]);
  });

  it('ends the previous occupant\'s stay when the room is given to another guest', async () => {
    const first = await checkInNewGuest('first.occupant@example.com', '0808');
    const second = await checkInNewGuest('second.occupant@example.com', '0808', '2025-06-08T14:00:00+07:00');
    expect(second).not.toBe(first);
    expect((await store.getInHouseGuest('bangkok', '0808'))?.guestId).toBe(second);
    expect((await store.getProfile(first))?.currentStays).toEqual([]);
    expect((await store.getProfile(first))?.lastCompletedStay).toMatchObject({ room: '0808' });
  });

  it('refuses dining for a guest it has never recorded, so the bus redelivers it later', async () => {
    await expect(store.recordDining(aDining('g_unknownunknownunknown00'))).rejects.toThrow(/not recorded/);
  });

  it('answers a recognition by guest id with one GetItem, and by room with the room pointer and the card', async () => {
    const guestId = await checkInNewGuest('one.lookup@example.com', '1010');
    await store.recordDining(aDining(guestId, { table: 'W7' }));
    await store.recordNote(aNote(guestId));

    expect(await commandsFor(() => store.getProfile(guestId))).toEqual(['GetItemCommand']);
    expect(await commandsFor(() => store.getInHouseGuest('bangkok', '1010'))).toEqual(['GetItemCommand', 'GetItemCommand']);
    const inRoom = await store.getInHouseGuest('bangkok', '1010');
    expect(inRoom?.profile).toEqual(await store.getProfile(guestId));
    expect(inRoom?.profile.notes).toHaveLength(1);
  });

  it('records a meal with one read and one transaction, touching no room', async () => {
    const guestId = await checkInNewGuest('two.trips@example.com', '1011');
    const commands = await commandsFor(() => store.recordDining(aDining(guestId, { table: 'W8' })));
    expect(commands).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('lists the in-house guests of a property with one Query of one partition', async () => {
    await checkInNewGuest('list.query@example.com', '1111');
    expect(await commandsFor(() => store.listInHouse('bangkok'))).toEqual(['QueryCommand']);
  });

  it('keeps a late check-in from evicting the guest who checked into the room after it', async () => {
    const later = await checkInNewGuest('in.the.room@example.com', '1212');
    await store.recordCheckIn(aCheckIn({ at: '2025-06-01T14:00:00+07:00', room: '1212', guest: { lastName: 'Earlier', email: 'earlier@example.com' } }));
    expect((await store.getInHouseGuest('bangkok', '1212'))?.guestId).toBe(later);
    expect((await store.getProfile(later))?.currentStays.map((stay) => stay.room)).toEqual(['1212']);
    const [earlier] = await store.findGuestIds([{ kind: 'email', value: 'earlier@example.com' }]);
    // Its stay counts, and ended when the later guest moved in.
    expect((await store.getProfile(earlier!))?.lastCompletedStay).toMatchObject({ room: '1212', departedAt: '2025-06-07T14:00:00+07:00' });
  });

  it('ends a stay whose departure arrived before its check-in, once the check-in arrives', async () => {
    const guestId = await checkInNewGuest('early.departure@example.com', '1313');
    await store.recordDeparture(aDeparture(guestId, { room: '1313' }));
    expect(await store.recordDeparture(aDeparture(guestId, { at: '2026-03-05T11:00:00+07:00', room: '1414' }))).toBe('recorded');
    await store.recordCheckIn(aCheckIn({ at: '2026-03-01T14:00:00+07:00', room: '1414', guest: { ...mrYu, email: 'early.departure@example.com', phone: undefined } }));
    const profile = await store.getProfile(guestId);
    expect(profile).toMatchObject({ stayCount: 2, currentStays: [], lastCompletedStay: { room: '1414', departedOn: '2026-03-05' } });
    expect(await store.getInHouseGuest('bangkok', '1414')).toBeUndefined();
  });

});
