import { clock, guestStoreFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportNoteChange } from '#shared/use-cases/report-events';

const dependencies = { reader: guestStoreFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, pathParameters, body }) => ({
  statusCode: 202,
  body: await reportNoteChange(dependencies, caller, pathParameters.guestId, pathParameters.noteId, body),
}));
