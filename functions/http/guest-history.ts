import * as z from 'zod/mini';
import { getDocumentClient } from '#shared/aws/clients';
import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { nonEmpty, readEnvironment } from '#shared/env';
import { httpHandler } from '#shared/http/http-handler';
import { createDynamoVisitHistory } from '#shared/store/dynamo-visit-history';
import { listGuestVisits } from '#shared/use-cases/guest-history';
import { environmentNames } from '#shared/wiring';

const env = readEnvironment(z.object({ [environmentNames.tableName]: nonEmpty }));
const dependencies = {
  reader: guestStoreFromEnvironment(),
  history: createDynamoVisitHistory({ documentClient: getDocumentClient(), tableName: env[environmentNames.tableName]! }),
};

/** Stays, meals and notes, newest first; `?limit=` (1 to 100) and `?cursor=` from the previous page. */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => ({
  statusCode: 200,
  body: await listGuestVisits(dependencies, caller, pathParameters.guestId, query),
}));
