import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestDeparted } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(guestDeparted, (event) => store.recordDeparture(event));
