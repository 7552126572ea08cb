import { clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportDeparture } from '#shared/use-cases/report-events';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, body }) => ({
  statusCode: 202,
  body: await reportDeparture(dependencies, caller, body),
}));
