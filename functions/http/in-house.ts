import { clock, guestReaderFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listInHouse } from '#shared/use-cases/recognise';

const dependencies = { reader: guestReaderFromEnvironment(), clock };

/** The names staff learn each evening, by room. */
export const handler = httpHandler(async ({ caller, pathParameters }) => ({
  statusCode: 200,
  body: await listInHouse(dependencies, caller, pathParameters.propertyId),
}));
