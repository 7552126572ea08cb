import { httpHandler } from '#shared/http/http-handler';

/** Liveness for load balancers and uptime checks: no token, no data. */
export const handler = httpHandler(async () => ({ statusCode: 200, body: { status: 'ok' } }));
