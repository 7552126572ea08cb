import { reservationsFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { reservationConfirmed } from '#shared/events/guest-events';

const reservations = reservationsFromEnvironment({ erasedIdentities: true });

export const handler = eventHandler(reservationConfirmed, (event) => reservations.recordConfirmed(event));
