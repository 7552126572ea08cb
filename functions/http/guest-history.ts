import { accessLogFromEnvironment, clock, guestReaderFromEnvironment, visitHistoryFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { listGuestVisits } from '#shared/use-cases/guest-history';

const dependencies = { reader: guestReaderFromEnvironment(), history: visitHistoryFromEnvironment() };
const audit = { accessLog: accessLogFromEnvironment(), clock };
const route = auditedRoute('GET /v1/guests/{guestId}/visits');

/** Stays, meals and notes, newest first; `?limit=` (1 to 100) and `?cursor=` from the previous page. Each page read is recorded. */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => {
  const page = await listGuestVisits(dependencies, caller, pathParameters.guestId, query);
  await recordAccess(audit, caller, route, [page.guestId]);
  return { statusCode: 200, body: page };
});
