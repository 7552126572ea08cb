import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { keys } from '#shared/store/keys';
import { aCheckIn, aDeparture, aDining, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  table = await createTestTable('value');
  store = createDynamoGuestStore({ documentClient: table.documentClient, tableName: table.tableName, erasedIdentityHashKey: 'v'.repeat(64) });
});

describe('stays, nights and spend in the guest store', () => {
  it('adds meals and departures month by month, whatever the delivery order, in one short string per property on the card', async () => {
    const email = 'spender@example.com';
    const guest = { ...mrYu, email, phone: undefined };
    await store.recordCheckIn(aCheckIn({ eventId: 'value-in-1', room: '2101', at: '2024-11-10T14:00:00+07:00', guest }));
    const [guestId] = await store.findGuestIds([{ kind: 'email', value: email }]);
    await store.recordDeparture(aDeparture(guestId!, { eventId: 'value-out-1', at: '2024-11-13T11:00:00+07:00', nights: 3, roomRevenue: 15_000.5 }));
    await store.recordCheckIn(aCheckIn({ eventId: 'value-in-2', room: '2101', at: '2025-06-07T14:00:00+07:00', guest }));
    await store.recordDining(aDining(guestId!, { eventId: 'value-meal-2', at: '2025-06-09T07:30:00+07:00', amount: 420 }));
    // Delivered late: a meal of the first stay.
    await store.recordDining(aDining(guestId!, { eventId: 'value-meal-1', at: '2024-11-11T07:30:00+07:00', amount: 380.25, currency: 'THB' }));

    const profile = await store.getProfile(guestId!);
    expect(profile?.value).toEqual({
      bangkok: [
        { month: '2024-11', stays: 1, nights: 3, spend: 1_538_075 },
        { month: '2025-06', stays: 1, nights: 0, spend: 42_000 },
      ],
    });
    const card = buildRecognitionCard(profile!, { now: new Date('2025-06-09T09:00:00+07:00') });
    expect(card.value).toEqual([
      {
        propertyId: 'bangkok',
        currency: 'THB',
        last12Months: { stays: 2, nights: 3, spend: 15_800.75 },
        last36Months: { stays: 2, nights: 3, spend: 15_800.75 },
      },
    ]);
    const item = (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: keys.guestProfile(guestId!) }))).Item;
    expect(item?.value).toEqual({ bangkok: '298.1.3.1538075 305.1.0.42000' });
  });
});
