import { clock, guestReaderFromEnvironment, publisherFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { reportCancellation, reportReservation } from '#shared/use-cases/reservations';

const dependencies = { reader: guestReaderFromEnvironment(), publisher: publisherFromEnvironment(), clock };

/** A PMS that posts instead of publishing: a reservation confirmed, or (with the reservation in the path) cancelled. */
export const handler = httpHandler(async ({ caller, body, pathParameters }) => ({
  statusCode: 202,
  body:
    pathParameters.reservationId === undefined
      ? await reportReservation(dependencies, caller, body)
      : await reportCancellation(dependencies, caller, pathParameters.reservationId, body),
}));
