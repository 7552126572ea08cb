import { clock, guestStoreFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportProfileCorrection } from '#shared/use-cases/report-events';

const dependencies = { reader: guestStoreFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, pathParameters, body }) => ({
  statusCode: 202,
  body: await reportProfileCorrection(dependencies, caller, pathParameters.guestId, body),
}));
