/**
 * The sparse value partitions: per property, one small item per guest with figures there (`VALUE#<property>` /
 * `<guestId>`), holding only what the daily segmentation reads (the guest's months at the property and the latest
 * date of activity there). The guest store adds these items to the transaction that writes the card, for each
 * property whose figures the event changed, so they never disagree with the card; a meal without an amount changes
 * no figures and writes nothing here. The segmentation then reads one property's guests with a Query of one
 * partition, never a Scan, and no card.
 */
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { GuestProfile } from '../domain/guest-profile.ts';
import { lastActiveOnAt, type GuestValueRecord } from '../domain/guest-segments.ts';
import { monthNumberOf, monthOfNumber, type MonthValue } from '../domain/guest-value.ts';
import { entityTypes, keys, type ItemKey } from './keys.ts';
import { queryPages, type Item } from './query.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One property's months as one string, a word per month: `month.stays.nights.spend` (months since January 2000,
 * spend in minor units, trailing zeros left out), the card's own compact form of them.
 */
export function encodeMonths(months: readonly MonthValue[]): string {
  return months.map((m) => [monthNumberOf(m.month), m.stays, m.nights, m.spend].join('.').replace(/(\.0)+$/, '')).join(' ');
}

export function decodeMonths(words: string): MonthValue[] {
  if (!words) return [];
  return words.split(' ').map((word) => {
    const [month = 0, stays = 0, nights = 0, spend = 0] = word.split('.').map(Number);
    return { month: monthOfNumber(month), stays, nights, spend };
  });
}

/**
 * The writes that keep the guest's value items in step with the card: a Put for each property whose months differ
 * between `before` and `after`, a Delete for a property whose months are all gone. None when nothing changed. They
 * ride on the card's version condition in the same transaction, so they need none of their own.
 */
export function valueIndexItems(tableName: string, guestId: string, before: GuestProfile | undefined, after: GuestProfile): TransactItem[] {
  const was = before?.value ?? {};
  const now = after.value ?? {};
  const properties = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
  return properties.flatMap((propertyId): TransactItem[] => {
    const months = encodeMonths(now[propertyId] ?? []);
    if (months === encodeMonths(was[propertyId] ?? [])) return [];
    const key = keys.guestValue(propertyId, guestId);
    if (!months) return [{ Delete: { TableName: tableName, Key: key } }];
    return [
      {
        Put: {
          TableName: tableName,
          Item: { ...key, entityType: entityTypes.guestValue, months, lastActiveOn: lastActiveOnAt(after, propertyId) },
        },
      },
    ];
  });
}

function recordFromItem(item: Item): GuestValueRecord {
  return { guestId: item.sk as string, months: decodeMonths(item.months as string), lastActiveOn: item.lastActiveOn as string };
}

/** The property's guests with figures, a page at a time (a Query of the property's value partition). */
export async function* listGuestValues(db: DynamoDBDocumentClient, tableName: string, propertyId: string): AsyncGenerator<GuestValueRecord[]> {
  const pages = queryPages(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.guestValuePartition(propertyId) },
    ProjectionExpression: 'sk, months, lastActiveOn',
  });
  for await (const page of pages) yield page.map(recordFromItem);
}

/** Deletes items by key, 25 a request, until DynamoDB has taken them all. */
export async function deleteItems(db: DynamoDBDocumentClient, tableName: string, itemKeys: readonly ItemKey[]): Promise<void> {
  for (let i = 0; i < itemKeys.length; i += 25) {
    let requests = itemKeys.slice(i, i + 25).map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    while (requests.length) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
