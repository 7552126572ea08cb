import { lapsedReasonsFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { summariseLapsedReasons } from '#shared/use-cases/absence-survey';

const reader = lapsedReasonsFromEnvironment();

/** Why lapsed guests left, per property and month (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, query }) => ({ statusCode: 200, body: await summariseLapsedReasons(reader, caller, query) }));
