import { clock, guestRightsFromEnvironment, guestStoreFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { eraseGuestData } from '#shared/use-cases/guest-rights';

const dependencies = { rights: guestRightsFromEnvironment(), reader: guestStoreFromEnvironment(), clock };

/** Erases a guest and answers what was erased (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, pathParameters }) => ({ statusCode: 200, body: await eraseGuestData(dependencies, caller, pathParameters.guestId) }));
