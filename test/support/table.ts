/** Each test file gets a table of its own in the shared DynamoDB Local, so files run in parallel undisturbed. */
import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createLocalDynamoDbClient, ensureTable } from '#local/dynamodb';

export async function createTestTable(prefix = 'test') {
  const tableName = `${prefix}-${randomBytes(6).toString('hex')}`;
  const client = createLocalDynamoDbClient(inject('dynamoDbEndpoint'));
  await ensureTable(client, tableName);
  return { tableName, client, documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}
