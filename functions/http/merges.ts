import { clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportMerge, reportUnmerge } from '#shared/use-cases/report-events';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, pathParameters, body }) => ({
  statusCode: 202,
  body:
    // The undo route names the merged guest in its path.
    pathParameters.mergedGuestId === undefined
      ? await reportMerge(dependencies, caller, pathParameters.guestId, body)
      : await reportUnmerge(dependencies, caller, pathParameters.guestId, pathParameters.mergedGuestId, body),
}));
