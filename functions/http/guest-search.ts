import { accessLogFromEnvironment, clock, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { searchGuests } from '#shared/use-cases/recognise';

const dependencies = { reader: guestReaderFromEnvironment(), clock };
const audit = { accessLog: accessLogFromEnvironment(), clock };
const route = auditedRoute('GET /v1/guests');

/** A search shows each guest it finds: one access recorded per guest, written in batches. */
export const handler = httpHandler(async ({ caller, query }) => {
  const result = await searchGuests(dependencies, caller, query);
  await recordAccess(
    audit,
    caller,
    route,
    result.guests.map((guest) => guest.guestId),
  );
  return { statusCode: 200, body: result };
});
