import { clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportTagChange } from '#shared/use-cases/report-events';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, pathParameters, body }) => ({
  statusCode: 202,
  body: await reportTagChange(dependencies, caller, pathParameters.guestId, body),
}));
