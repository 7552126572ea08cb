import { accessLogFromEnvironment, clock, guestRightsFromEnvironment, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { eraseGuestData } from '#shared/use-cases/guest-rights';

const dependencies = { rights: guestRightsFromEnvironment(), reader: guestReaderFromEnvironment(), clock, accessLog: accessLogFromEnvironment() };

/** Erases a guest and answers what was erased; the erasure is recorded in the access log (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, pathParameters }) => ({
  statusCode: 200,
  body: await eraseGuestData(dependencies, caller, pathParameters.guestId),
}));
