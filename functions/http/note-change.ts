import { clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportNoteChange } from '#shared/use-cases/report-events';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };

export const handler = httpHandler(async ({ caller, pathParameters, body }) => ({
  statusCode: 202,
  body: await reportNoteChange(dependencies, caller, pathParameters.guestId, pathParameters.noteId, body),
}));
