import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestDietaryNeedsRecorded } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(guestDietaryNeedsRecorded, (event) => store.recordDietaryNeeds(event));
