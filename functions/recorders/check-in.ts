import { identifyingRecorderFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestCheckedIn } from '#shared/events/guest-events';

const store = identifyingRecorderFromEnvironment();

export const handler = eventHandler(guestCheckedIn, (event) => store.recordCheckIn(event));
