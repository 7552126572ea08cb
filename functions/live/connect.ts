import { clock, liveConnectionsFromEnvironment, tokenVerifierFromEnvironment } from '#shared/aws/runtime';
import { websocketHandler } from '#shared/http/websocket-handler';
import { connectTerminal } from '#shared/use-cases/live-notices';
import { functions, type LiveFunction } from '#shared/wiring';

const dependencies = { connections: liveConnectionsFromEnvironment(), verifier: tokenVerifierFromEnvironment(), clock };
/** Who may listen is declared once, in the wiring. */
const { roles } = functions.find((f): f is LiveFunction => f.trigger === 'live' && f.route === '$connect')!;

export const handler = websocketHandler(({ connectionId, query }) => connectTerminal(dependencies, connectionId, query, roles));
