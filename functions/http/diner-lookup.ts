import { accessLogFromEnvironment, clock, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { auditedRoute, recordAccess } from '#shared/use-cases/access-log';
import { findDiner } from '#shared/use-cases/recognise';

const dependencies = { reader: guestReaderFromEnvironment(), clock };
const audit = { accessLog: accessLogFromEnvironment(), clock };
const route = auditedRoute('GET /v1/diners');

/** A walk-in's card when we know them: recorded as a read of that guest. */
export const handler = httpHandler(async ({ caller, query }) => {
  const card = await findDiner(dependencies, caller, query);
  await recordAccess(audit, caller, route, [card.guestId as string]);
  return { statusCode: 200, body: card };
});
