import { accessLogFromEnvironment, clock, guestReaderFromEnvironment, reservationsFromEnvironment } from '#shared/aws/runtime';
import { httpHandler } from '#shared/http/http-handler';
import { listArrivals } from '#shared/use-cases/arrivals';

const dependencies = { reservations: reservationsFromEnvironment(), reader: guestReaderFromEnvironment(), accessLog: accessLogFromEnvironment(), clock };

/** A day's arrivals at the caller's property (tomorrow by default), with the cards of the guests we know. */
export const handler = httpHandler(async ({ caller, query }) => ({
  statusCode: 200,
  body: await listArrivals(dependencies, caller, query),
}));
