import { checkInRecorderFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestCheckedIn } from '#shared/events/guest-events';

const store = checkInRecorderFromEnvironment();

export const handler = eventHandler(guestCheckedIn, (event) => store.recordCheckIn(event));
