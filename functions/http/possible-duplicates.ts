import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listPossibleDuplicates } from '#shared/use-cases/possible-duplicates';

const reader = guestStoreFromEnvironment();

/** Pairs of guests sharing an identity key, for an admin to look at (admins only, see the wiring). */
export const handler = httpHandler(async ({ caller, query }) => ({ statusCode: 200, body: await listPossibleDuplicates(reader, caller, query) }));
