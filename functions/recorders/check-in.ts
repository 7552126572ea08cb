import { identifyingRecorderFromEnvironment, reservationsFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestCheckedIn } from '#shared/events/guest-events';

const store = identifyingRecorderFromEnvironment();
const reservations = reservationsFromEnvironment();

export const handler = eventHandler(guestCheckedIn, async (event) => {
  const outcome = await store.recordCheckIn(event);
  // The check-in closes the reservation it names; run again on a redelivery (a duplicate), it changes nothing.
  if (outcome !== 'discarded') await reservations.closeByCheckIn(event);
  return outcome;
});
