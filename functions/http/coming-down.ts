import { clock, guestStoreFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportComingDown } from '#shared/use-cases/report-events';

const dependencies = { reader: guestStoreFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, body }) => ({ statusCode: 202, body: await reportComingDown(dependencies, caller, body) }));
