/**
 * Why lapsed guests left, counted per property and month: one small item per property and month
 * (`LAPSEDREASONS#<property>` / `MONTH#<YYYY-MM>`), whose counters the recording of each answer adds to in the same
 * transaction (dynamo-guest-store.ts). A summary is one Query of the property's partition over the months asked;
 * the items hold counts only, no guest data, so an erasure leaves them as they are.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { absenceReasons, emptyReasonCounts, type LapsedReasonsMonth } from '../domain/absence-survey.ts';
import type { LapsedReasonsReader } from '../ports.ts';
import { keys } from './keys.ts';
import { queryAll, type Item } from './query.ts';

function monthFromItem(propertyId: string, item: Item): LapsedReasonsMonth {
  const reasons = emptyReasonCounts();
  for (const reason of absenceReasons) reasons[reason] = Number(item[`reason_${reason}`] ?? 0);
  return { propertyId, month: (item.sk as string).slice('MONTH#'.length), answers: Number(item.answers ?? 0), reasons };
}

export function createDynamoLapsedReasons({
  documentClient: db,
  tableName: TableName,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}): LapsedReasonsReader {
  return {
    async listMonths(propertyId, fromMonth, toMonth) {
      const items = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.lapsedReasonsPartition(propertyId),
          ':from': keys.lapsedReasonsMonth(propertyId, fromMonth).sk,
          ':to': keys.lapsedReasonsMonth(propertyId, toMonth).sk,
        },
      });
      return items.map((item) => monthFromItem(propertyId, item));
    },
  };
}
