import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { diningRecorded } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(diningRecorded, (event) => store.recordDining(event));
