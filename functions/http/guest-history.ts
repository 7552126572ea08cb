import { guestStoreFromEnvironment, visitHistoryFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listGuestVisits } from '#shared/use-cases/guest-history';

const dependencies = { reader: guestStoreFromEnvironment(), history: visitHistoryFromEnvironment() };

/** Stays, meals and notes, newest first; `?limit=` (1 to 100) and `?cursor=` from the previous page. */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => ({
  statusCode: 200,
  body: await listGuestVisits(dependencies, caller, pathParameters.guestId, query),
}));
