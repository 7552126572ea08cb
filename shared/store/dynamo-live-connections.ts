/**
 * Which terminals listen to which outlet: one item per connection under the outlet (what a notice reads, one Query),
 * and one under the connection id (what a disconnect finds). Both expire with the connection, so a terminal that
 * vanished without a goodbye is forgotten even if no notice ever finds it gone.
 */
import { TransactWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LiveConnection, LiveConnections } from '../ports.ts';
import { entityTypes, keys } from './keys.ts';
import { queryAll } from './query.ts';
import { tableDefinition } from './table.ts';

export function createDynamoLiveConnections({
  documentClient: db,
  tableName: TableName,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}): LiveConnections {
  return {
    async add(connection, expiresAt) {
      const item = { entityType: entityTypes.liveConnection, ...connection, [tableDefinition.timeToLiveAttribute]: Math.floor(expiresAt.getTime() / 1000) };
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...keys.liveListener(connection.propertyId, connection.outlet, connection.connectionId), ...item } } },
            { Put: { TableName, Item: { ...keys.liveConnection(connection.connectionId), ...item } } },
          ],
        }),
      );
    },

    async remove(connectionId) {
      const { Item } = await db.send(new GetCommand({ TableName, Key: keys.liveConnection(connectionId) }));
      if (!Item) return;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName, Key: keys.liveListener(Item.propertyId as string, Item.outlet as string, connectionId) } },
            { Delete: { TableName, Key: keys.liveConnection(connectionId) } },
          ],
        }),
      );
    },

    async listForOutlet(propertyId, outlet) {
      const items = await queryAll(db, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.liveOutlet(propertyId, outlet) },
        ProjectionExpression: 'connectionId, propertyId, outlet, #role',
        ExpressionAttributeNames: { '#role': 'role' },
      });
      return items as unknown as LiveConnection[];
    },
  };
}
