import { liveConnectionsFromEnvironment } from '#shared/aws/runtime';
import { websocketHandler } from '#shared/http/websocket-handler';
import { disconnectTerminal } from '#shared/use-cases/live-notices';

const dependencies = { connections: liveConnectionsFromEnvironment() };

export const handler = websocketHandler(({ connectionId }) => disconnectTerminal(dependencies, connectionId));
