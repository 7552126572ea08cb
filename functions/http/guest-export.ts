import { clock, guestRightsFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { exportGuestData } from '#shared/use-cases/guest-rights';

const rights = guestRightsFromEnvironment();

/** Everything stored about a guest, as JSON (admins only, see the wiring). */
export const handler = httpHandler(async ({ pathParameters }) => ({ statusCode: 200, body: await exportGuestData(rights, pathParameters.guestId, clock) }));
