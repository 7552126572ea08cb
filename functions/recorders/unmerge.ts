import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestsUnmerged } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(guestsUnmerged, (event) => store.recordUnmerge(event));
