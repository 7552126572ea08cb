import { clock, guestRightsFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { eraseGuestData } from '#shared/use-cases/guest-rights';

const rights = guestRightsFromEnvironment();

/** Erases a guest and answers what was erased (admins only, see the wiring). */
export const handler = httpHandler(async ({ pathParameters }) => ({ statusCode: 200, body: await eraseGuestData(rights, pathParameters.guestId, clock) }));
