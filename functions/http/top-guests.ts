import { accessLogFromEnvironment, clock, topGuestsFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { listTopGuests } from '#shared/use-cases/value-segments';

const store = topGuestsFromEnvironment();
const audit = { accessLog: accessLogFromEnvironment(), clock };
const route = auditedRoute('GET /v1/properties/{propertyId}/top-guests');

/** A property's top guests by spend (admins only, see the wiring): each guest the page shows is a recorded read. */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => {
  const page = await listTopGuests(store, caller, pathParameters.propertyId, query);
  await recordAccess(
    audit,
    caller,
    route,
    page.guests.map((guest) => guest.guestId),
  );
  return { statusCode: 200, body: page };
});
