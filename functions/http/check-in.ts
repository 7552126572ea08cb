import { accessLogFromEnvironment, clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { reportCheckIn } from '#shared/use-cases/report-events';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };
const audit = { accessLog: accessLogFromEnvironment(), clock };
const checkInRoute = auditedRoute('POST /v1/check-ins');

export const handler = httpHandler(async ({ caller, body }) => {
  const answer = await reportCheckIn(dependencies, caller, body);
  // Only a returning guest's answer shows a card; a new guest's shows nothing read from the store.
  if (answer.recognition && answer.guestId) await recordAccess(audit, caller, checkInRoute, [answer.guestId]);
  return { statusCode: 202, body: answer };
});
