/**
 * The chain for the live channel's connect and disconnect functions (API Gateway WebSocket API): run the use case
 * with the connection id and the connection request's query, and answer a status. A connect answered with anything
 * but 200 is refused by API Gateway; a typed error becomes its status, anything else a 500 that says nothing.
 */
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { AppError } from '../errors.ts';
import { beginInvocation, log } from '../log.ts';

/** What a WebSocket route event carries that these functions read. */
export interface WebSocketEvent {
  readonly requestContext: { readonly connectionId: string; readonly routeKey: string; readonly requestId?: string };
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
}

export function websocketHandler(
  handle: (request: { connectionId: string; query: Readonly<Record<string, string | undefined>> }) => Promise<void>,
): (event: WebSocketEvent, context?: Context) => Promise<APIGatewayProxyResultV2> {
  return async (event, context) => {
    const { connectionId, routeKey, requestId } = event.requestContext;
    // API Gateway's id for this connect or disconnect, else the connection's.
    beginInvocation(context, requestId ?? connectionId);
    try {
      await handle({ connectionId, query: event.queryStringParameters ?? {} });
      log.info('live connection', { routeKey, connectionId, status: 200 });
      return { statusCode: 200 };
    } catch (error) {
      if (error instanceof AppError) {
        log.info('live connection refused', { routeKey, connectionId, status: error.status, fields: Object.keys(error.fields) });
        return { statusCode: error.status, body: JSON.stringify({ error: { code: error.code, message: error.message } }) };
      }
      log.error('live connection failed', { routeKey, connectionId, error });
      return { statusCode: 500 };
    }
  };
}
