import { accessLogFromEnvironment, clock } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listStaffAccesses } from '#shared/use-cases/access-log';

const dependencies = { accessLog: accessLogFromEnvironment(), clock };

/** Which guests a staff member read or erased, newest first, paged (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => ({
  statusCode: 200,
  body: await listStaffAccesses(dependencies, caller, pathParameters.subject, query),
}));
