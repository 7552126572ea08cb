import { accessLogFromEnvironment, clock } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listGuestAccesses } from '#shared/use-cases/access-log';

const dependencies = { accessLog: accessLogFromEnvironment(), clock };

/** Who read or erased a guest, newest first, paged (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => ({
  statusCode: 200,
  body: await listGuestAccesses(dependencies, caller, pathParameters.guestId, query),
}));
