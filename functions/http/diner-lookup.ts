import { clock, guestStoreFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { findDiner } from '#shared/use-cases/recognise';

const dependencies = { reader: guestStoreFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, query }) => ({ statusCode: 200, body: await findDiner(dependencies, caller, query) }));
