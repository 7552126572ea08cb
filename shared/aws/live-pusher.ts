import { type ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { LivePusher } from '../ports.ts';

/**
 * Pushes through API Gateway's connection management API (`POST @connections/{id}` at the WebSocket stage's callback
 * URL; locally the runtime serves the same call).
 */
export function createApiGatewayPusher(client: ApiGatewayManagementApiClient): LivePusher {
  return {
    async push(connectionId, message) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(JSON.stringify(message)) }));
        return 'sent';
      } catch (error) {
        if (error instanceof GoneException || (error as { name?: string }).name === 'GoneException') return 'gone';
        throw error;
      }
    },
  };
}
