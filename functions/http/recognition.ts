import { clock, guestStoreFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { recogniseGuest, recogniseRoom } from '#shared/use-cases/recognise';

const dependencies = { reader: guestStoreFromEnvironment(), clock };

/** Serves both card routes: by guest id, and by the room a guest is in. */
export const handler = httpHandler(async ({ caller, pathParameters, query }) => ({
  statusCode: 200,
  body:
    pathParameters.room !== undefined
      ? await recogniseRoom(dependencies, caller, pathParameters, query)
      : await recogniseGuest(dependencies, caller, pathParameters.guestId, query),
}));
