import { accessLogFromEnvironment, clock, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { countMetric, metricNames } from '#shared/metrics';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { recogniseGuest, recogniseRoom } from '#shared/use-cases/recognise';

const dependencies = { reader: guestReaderFromEnvironment(), clock };
const audit = { accessLog: accessLogFromEnvironment(), clock };
const byGuest = auditedRoute('GET /v1/guests/{guestId}/recognition');
const byRoom = auditedRoute('GET /v1/properties/{propertyId}/rooms/{room}/recognition');

/** Serves both card routes: by guest id, and by the room a guest is in (recorded as a read of the guest found there). */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => {
  const byRoomNumber = pathParameters.room !== undefined;
  const card = byRoomNumber
    ? await recogniseRoom(dependencies, caller, pathParameters, query)
    : await recogniseGuest(dependencies, caller, pathParameters.guestId, query);
  await recordAccess(audit, caller, byRoomNumber ? byRoom : byGuest, [card.guestId as string]);
  countMetric(metricNames.recognitionsServed);
  return { statusCode: 200, body: card };
});
