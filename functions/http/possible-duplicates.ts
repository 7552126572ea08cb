import { accessLogFromEnvironment, clock, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { listPossibleDuplicates } from '#shared/use-cases/possible-duplicates';

const reader = guestReaderFromEnvironment();
const audit = { accessLog: accessLogFromEnvironment(), clock };
const route = auditedRoute('GET /v1/possible-duplicates');

/**
 * Pairs of guests sharing an identity key, both named, for an admin to look at (admins only, see the wiring): each
 * guest listed is a recorded read.
 */
export const handler = httpHandler(async ({ caller, query }) => {
  const answer = await listPossibleDuplicates(reader, caller, query);
  await recordAccess(
    audit,
    caller,
    route,
    answer.possibleDuplicates.flatMap((pair) => pair.guestIds),
  );
  return { statusCode: 200, body: answer };
});
