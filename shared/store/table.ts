/**
 * The one table, described once: the CDK stack creates it from this description, and so do the local runtime
 * and the tests (DynamoDB Local). Key attributes are generic; what each item means lives in keys.ts.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Each index is named after the query it serves; each holds only the items carrying its key, and projects only
   * what its query reads.
   */
  indexes: {
    /**
     * Guests to greet on a month-day: only guests with consent and an email carry gsi1pk. Keys only: the sweep needs
     * the guest id (in the sort key) and reads each profile itself, strongly consistent; and a profile written again
     * with the same index keys costs the index nothing.
     */
    guestsByBirthday: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'KEYS_ONLY' },
    /** Guests whose last stay ended on a date: the lapsed-guest sweep. Keys only, for the same reasons. */
    guestsByLastStayDate: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
    /** Guests by surname (case and accents folded), for the desk's search by name: the keys say who. */
    guestsBySurname: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  },
  /** Items that hold this attribute (epoch seconds) are deleted by DynamoDB once it has passed (on AWS). */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = keyof typeof tableDefinition.indexes;

/** CreateTable input for DynamoDB Local (on AWS the stack creates the table). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = Object.entries(tableDefinition.indexes);
  const attributes = [tableDefinition.partitionKey, tableDefinition.sortKey, ...indexes.flatMap(([, index]) => [index.partitionKey, index.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
