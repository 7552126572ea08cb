import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestsMerged } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(guestsMerged, (event) => store.recordMerge(event));
