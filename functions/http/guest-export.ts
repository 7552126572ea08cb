import { accessLogFromEnvironment, clock, guestExportFromEnvironment, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { exportGuestData } from '#shared/use-cases/guest-rights';

const dependencies = { rights: guestExportFromEnvironment(), reader: guestReaderFromEnvironment(), clock, accessLog: accessLogFromEnvironment() };

/** Everything stored about a guest, as JSON, with who read it (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, pathParameters }) => ({
  statusCode: 200,
  body: await exportGuestData(dependencies, caller, pathParameters.guestId),
}));
