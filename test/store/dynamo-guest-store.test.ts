import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import type { TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { foldHistory, type HistoryEntry } from '#shared/domain/guest-profile';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { erasingAttribute, visitsFromItem } from '#shared/store/guest-card';
import { keys } from '#shared/store/keys';
import { aCheckIn, aDeparture, aDining, aNote, breakfast, mrYu } from '#test/support/builders';
import { cardItemBytes } from '#test/support/regular-guest';
import { createTestTable } from '#test/support/table';

let store: ReturnType<typeof createDynamoGuestStore>;
let table: Awaited<ReturnType<typeof createTestTable>>;
/** Every command the store sends to DynamoDB, by name, and whether another was under way when it started. */
const commandsSent: string[] = [];
const startedAlone: boolean[] = [];
let inFlight = 0;

beforeAll(async () => {
  table = await createTestTable('store');
  table.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      commandsSent.push(context.commandName as string);
      startedAlone.push(inFlight === 0);
      inFlight++;
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize' },
  );
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey });
});

const erasedIdentityHashKey = 'e'.repeat(64);

async function commandsFor(read: () => Promise<unknown>): Promise<string[]> {
  commandsSent.length = 0;
  startedAlone.length = 0;
  await read();
  return [...commandsSent];
}

/** Round trips one after another: commands started while none was under way. */
const sequentialRoundTrips = () => startedAlone.filter(Boolean).length;

/** The recent visits kept for one outlet/meal pair, as stored (the card holds only their summary). */
async function recentVisits(guestId: string, diningKey: string) {
  const { Item } = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: keys.diningWindow(guestId, diningKey), ConsistentRead: true }),
  );
  return Item ? visitsFromItem(Item) : [];
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
    await store.recordCheckIn(
      aCheckIn({ at: '2026-06-10T15:00:00+07:00', room: '1502', guest: { ...mrYu, email: 'YU.Story@example.com ', phone: undefined } }),
    );

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
    expect(profile!.dining['bangkok/terrace/breakfast']?.usualTable).toMatchObject({ timesChosen: 1, recentVisits: 1 });
    expect(await recentVisits(guestId, 'bangkok/terrace/breakfast')).toHaveLength(1);
  });

  it('keeps both updates when two events for one guest are recorded at once', async () => {
    const guestId = await checkInNewGuest('concurrent@example.com', '1205');
    await Promise.all([
      store.recordDining(aDining(guestId, { table: 'T1', at: '2025-06-08T07:30:00+07:00' })),
      store.recordDining(aDining(guestId, { table: 'T2', at: '2025-06-08T08:30:00+07:00' })),
      store.recordNote(aNote(guestId)),
    ]);
    const profile = await store.getProfile(guestId);
    expect((await recentVisits(guestId, 'bangkok/terrace/breakfast')).map((v) => v.table)).toEqual(['T2', 'T1']);
    expect(profile!.dining['bangkok/terrace/breakfast']?.lastVisit.table).toBe('T2');
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

  it("ends the previous occupant's stay when the room is given to another guest", async () => {
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

  it('records a meal with one read (the card and its pair, at once) and one transaction, touching no room', async () => {
    const guestId = await checkInNewGuest('two.trips@example.com', '1011');
    await store.recordDining(aDining(guestId, { table: 'W7', at: '2025-06-08T07:30:00+07:00' }));
    let sent: TransactWriteItemsCommandInput | undefined;
    const capture = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      if (context.commandName === 'TransactWriteItemsCommand') sent = args.input as TransactWriteItemsCommandInput;
      return next(args);
    };
    table.documentClient.middlewareStack.add(capture as never, { step: 'initialize', name: 'captureTransaction' });
    try {
      const commands = await commandsFor(() => store.recordDining(aDining(guestId, { table: 'W8', at: '2025-06-09T07:30:00+07:00' })));
      expect(commands).toEqual(['GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
      expect(sequentialRoundTrips()).toBe(2);
    } finally {
      table.documentClient.middlewareStack.remove('captureTransaction');
    }
    // The event's marker, the history item, the card and the pair's recent visits: nothing else is written.
    const written = sent!.TransactItems!.map((item) => `${item.Put ? 'Put' : Object.keys(item)[0]} ${String(item.Put?.Item?.sk)}`);
    expect(written.map((w) => w.replace(/#.*/, '#'))).toEqual(['Put EVENT', 'Put PROFILE', 'Put VISIT#', 'Put DINING#']);
    expect((await recentVisits(guestId, 'bangkok/terrace/breakfast')).map((v) => v.table)).toEqual(['W8', 'W7']);
  });

  it('keeps the card under 4 KB (half a read unit) however long the history, the rest in the partition', async () => {
    const guestId = await checkInNewGuest('long.history@example.com', '1012');
    // Every outlet and meal period of both properties.
    const pairs = [
      { propertyId: 'bangkok', outlet: 'terrace', mealPeriod: 'breakfast', hour: '07' },
      { propertyId: 'bangkok', outlet: 'terrace', mealPeriod: 'lunch', hour: '12' },
      { propertyId: 'bangkok', outlet: 'terrace', mealPeriod: 'dinner', hour: '19' },
      { propertyId: 'chiangmai', outlet: 'garden', mealPeriod: 'breakfast', hour: '07' },
      { propertyId: 'chiangmai', outlet: 'garden', mealPeriod: 'lunch', hour: '12' },
      { propertyId: 'chiangmai', outlet: 'garden', mealPeriod: 'dinner', hour: '19' },
      { propertyId: 'chiangmai', outlet: 'lanna', mealPeriod: 'dinner', hour: '20' },
    ];
    const menu = ['coffee', 'egg', 'sandwich', 'khao soi', 'mango sticky rice', 'fruit plate'];
    for (let day = 0; day < 12; day++) {
      for (const [p, pair] of pairs.entries()) {
        const items = [0, 1, 2].map((i) => ({ name: menu[(day + p + i) % menu.length]!, quantity: 1 + ((day + i) % 2) }));
        await store.recordDining(
          aDining(guestId, {
            at: `2025-07-${String(day + 1).padStart(2, '0')}T${pair.hour}:30:00+07:00`,
            propertyId: pair.propertyId,
            outlet: pair.outlet,
            mealPeriod: pair.mealPeriod,
            table: `T${day % 7}`,
            items,
          }),
        );
      }
      for (let n = 0; n < 4; n++) {
        await store.recordNote(
          aNote(guestId, {
            propertyId: n % 2 ? 'chiangmai' : 'bangkok',
            at: `2025-07-${String(day + 1).padStart(2, '0')}T21:${10 + n}:00+07:00`,
            text: `Day ${day}, note ${n}: ${'asked for the same table by the window again. '.repeat(10)}`.slice(0, 500),
          }),
        );
      }
    }
    expect(await cardItemBytes(table, guestId)).toBeLessThanOrEqual(4096);
    const profile = (await store.getProfile(guestId))!;
    expect(Object.keys(profile.dining)).toHaveLength(7);
    expect(profile.notes[0]?.text).toMatch(/^Day 11, note 3/);
    expect(profile.dining['chiangmai/lanna/dinner']?.usualTable.recentVisits).toBe(10);
    expect(await recentVisits(guestId, 'chiangmai/lanna/dinner')).toHaveLength(10);
  }, 60_000);

  it('reads a card written by the previous layout, and migrates it when the next event is recorded', async () => {
    const guestId = 'g_previousLayout000000000000';
    const checkIn = aCheckIn({ eventId: 'old-stay', room: '1014', guest: { ...mrYu, email: 'previous.layout@example.com', phone: undefined } });
    const meals = ['2025-06-08', '2025-06-09'].map((day, i) =>
      aDining(guestId, { eventId: `old-meal-${i}`, at: `${day}T07:30:00+07:00`, table: i ? 'W2' : 'W1' }),
    );
    const notes = Array.from({ length: 5 }, (_, i) => aNote(guestId, { eventId: `old-note-${i}`, at: `2025-06-08T1${i}:00:00+07:00`, text: `Old note ${i}` }));
    const history = [
      { kind: 'stay', event: checkIn },
      ...meals.map((event) => ({ kind: 'dining', event, mealPeriod: 'breakfast', table: event.table, items: event.items })),
      ...notes.map((event) => ({ kind: 'note', event, category: event.category })),
    ];
    for (const item of history) {
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...keys.visit(guestId, item.event.at, item.kind as never, item.event.eventId),
            entityType: 'Visit',
            at: item.event.at,
            propertyId: 'bangkok',
            ...item,
          },
        }),
      );
    }
    // The card as the previous layout wrote it: every pair's recent visits and every note on it.
    const now = foldHistory(
      guestId,
      history.map(({ kind, event }) => ({ kind, event }) as HistoryEntry),
    )!;
    const { dining: _dining, ...rest } = now;
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.guestProfile(guestId),
          entityType: 'Guest',
          version: 8,
          ...rest,
          notes: notes
            .map((n) => ({ noteId: n.eventId, at: n.at, propertyId: n.propertyId, category: n.category, text: n.text, authorRole: n.author.role }))
            .reverse(),
          recentDining: {
            'bangkok/terrace/breakfast': [...meals].reverse().map((m, i) => ({
              eventId: m.eventId,
              at: m.at,
              date: m.at.slice(0, 10),
              table: m.table,
              items: [...breakfast].sort((a, b) => a.name.localeCompare(b.name)),
              partySize: i + 1,
            })),
          },
        },
      }),
    );
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.identity({ kind: 'email', value: 'previous.layout@example.com' }), entityType: 'Identity', guestIds: [guestId], version: 1 },
      }),
    );

    const read = (await store.getProfile(guestId))!;
    expect(read.dining['bangkok/terrace/breakfast']).toMatchObject({ usualTable: { choice: 'W2', recentVisits: 2 }, lastVisit: { table: 'W2' } });
    expect(read.notes.map((n) => n.noteId)).toEqual(['old-note-4', 'old-note-3', 'old-note-2']);

    await store.recordNote(aNote(guestId, { eventId: 'new-note', at: '2025-06-10T09:00:00+07:00', text: 'New note' }));
    const { Item: card } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: keys.guestProfile(guestId), ConsistentRead: true }),
    );
    expect(card).not.toHaveProperty('recentDining');
    expect((await recentVisits(guestId, 'bangkok/terrace/breakfast')).map((v) => v.table)).toEqual(['W2', 'W1']);
    const migrated = (await store.getProfile(guestId))!;
    expect(migrated.dining).toEqual(read.dining);
    expect(migrated.notes.map((n) => n.noteId)).toEqual(['new-note', 'old-note-4', 'old-note-3']);
    // From then on a meal goes on top, reading the card and its pair only.
    expect(await commandsFor(() => store.recordDining(aDining(guestId, { at: '2025-06-11T07:30:00+07:00', table: 'W2' })))).toEqual([
      'GetItemCommand',
      'GetItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect((await store.getProfile(guestId))!.dining['bangkok/terrace/breakfast']?.usualTable).toMatchObject({ choice: 'W2', timesChosen: 2, recentVisits: 3 });
  });

  it('discards an event for a guest whose erasure has begun (the card is marked), and changes nothing', async () => {
    const guestId = await checkInNewGuest('being.erased@example.com', '1013');
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.guestProfile(guestId),
        UpdateExpression: 'SET #erasing = :at, version = version + :one',
        ExpressionAttributeNames: { '#erasing': erasingAttribute },
        ExpressionAttributeValues: { ':at': '2025-06-08T00:00:00Z', ':one': 1 },
      }),
    );
    expect(await store.recordDining(aDining(guestId))).toBe('discarded');
    expect(await recentVisits(guestId, 'bangkok/terrace/breakfast')).toEqual([]);
    expect(await store.getProfile(guestId)).toBeUndefined();
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
    await store.recordCheckIn(
      aCheckIn({ at: '2026-03-01T14:00:00+07:00', room: '1414', guest: { ...mrYu, email: 'early.departure@example.com', phone: undefined } }),
    );
    const profile = await store.getProfile(guestId);
    expect(profile).toMatchObject({ stayCount: 2, currentStays: [], lastCompletedStay: { room: '1414', departedOn: '2026-03-05' } });
    expect(await store.getInHouseGuest('bangkok', '1414')).toBeUndefined();
  });
});
