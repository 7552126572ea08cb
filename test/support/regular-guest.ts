/** The bench's regular guest (70 meals over 7 outlet/meal pairs, 20 notes), seeded into a test table, and the card's size. */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createGuestIdCapture, seedGuest, storyOf } from '#local/bench-seed';
import { itemSize } from '#local/bench-units';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { keys } from '#shared/store/keys';
import type { createTestTable } from './table.ts';

type TestTable = Awaited<ReturnType<typeof createTestTable>>;

/** The regular guest of the bench, as `npm run bench` seeds it (the same story and index), in `table`. */
export async function seedRegularGuest(table: TestTable, erasedIdentityHashKey: string): Promise<string> {
  const ids = createGuestIdCapture();
  const seeding = createDynamoGuestStore({
    documentClient: table.documentClient,
    tableName: table.tableName,
    erasedIdentityHashKey,
    newGuestId: ids.newGuestId,
  });
  const index = 51;
  if (storyOf(index) !== 'regular') throw new Error(`the bench's guest ${index} is no longer its regular guest`);
  return (await seedGuest(seeding, ids, index)).guest.guestId;
}

/** The card item's size as DynamoDB counts it for capacity. */
export async function cardItemBytes(table: TestTable, guestId: string): Promise<number> {
  const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: marshall(keys.guestProfile(guestId)), ConsistentRead: true }));
  return itemSize(Item);
}
