/**
 * The bench's counter sees what a store sends through the document client and prices it by the documented rules:
 * for single-item operations DynamoDB Local's own ConsumedCapacity agrees; transactions are priced by the rules.
 */
import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { attachCommandCounter, summarise } from '#local/bench-counter';
import { describeTable } from '#local/bench-units';
import { createLocalDynamoDbClient } from '#local/dynamodb';
import { tableDefinition } from '#shared/store/table';
import { createTestTable } from '#test/support/table';

describe('the bench command counter', async () => {
  const { tableName, client, documentClient } = await createTestTable('bench-counter');
  const counter = attachCommandCounter(client, describeTable(tableDefinition), createLocalDynamoDbClient(inject('dynamoDbEndpoint')));
  const item = { pk: 'GUEST#g1', sk: 'PROFILE', notes: 'x'.repeat(2500), stays: 3 };

  it('prices a PutItem and a GetItem as DynamoDB Local reports them', async () => {
    const { result, commands } = await counter.measure(() =>
      documentClient.send(new PutCommand({ TableName: tableName, Item: item, ReturnConsumedCapacity: 'TOTAL' })),
    );
    expect(summarise(commands)).toMatchObject({ commands: 1, roundTrips: 1, tableWriteUnits: result.ConsumedCapacity!.CapacityUnits, indexWriteUnits: 0 });
    const read = await counter.measure(() =>
      documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, ReturnConsumedCapacity: 'TOTAL' })),
    );
    expect(summarise(read.commands).readUnits).toBe(read.result.ConsumedCapacity!.CapacityUnits);
    expect(summarise(read.commands).readUnits).toBe(0.5);
  });

  it('doubles each item of a transaction and counts the sparse index entry it writes', async () => {
    const { commands } = await counter.measure(() =>
      documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...item, pk: 'GUEST#g2', gsi1pk: 'BIRTHDAY#06-20', gsi1sk: 'GUEST#g2' } } },
            { ConditionCheck: { TableName: tableName, Key: { pk: 'ERASED#g2', sk: 'ERASED' }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    );
    // 2.6 KB put: 3 units, doubled; the absent checked item: 2; the birthday index (keys only): one 1-unit entry.
    expect(summarise(commands)).toMatchObject({ commands: 1, tableWriteUnits: 6 + 2, indexWriteUnits: 1 });
  });

  it('counts commands sent at once as one round trip', async () => {
    const { commands } = await counter.measure(() =>
      Promise.all([1, 2, 3].map((n) => documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: `GUEST#missing${n}`, sk: 'PROFILE' } })))),
    );
    expect(summarise(commands)).toMatchObject({ commands: 3, roundTrips: 1, readUnits: 1.5 });
  });
});
