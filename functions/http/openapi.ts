import { httpHandler } from '#shared/http/http-handler';
import openApiDocument from '../../docs/openapi.json' with { type: 'json' };

/**
 * The HTTP API's description, as `npm run openapi` wrote it from the wiring and the schemas (shared/http/openapi.ts):
 * served as data, so the bundle carries no JSON Schema converter. No token: it describes routes, not guests.
 */
export const handler = httpHandler(async () => ({ statusCode: 200, body: openApiDocument }));
