import { reservationsFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { reservationCancelled } from '#shared/events/guest-events';

const reservations = reservationsFromEnvironment();

export const handler = eventHandler(reservationCancelled, (event) => reservations.recordCancelled(event));
