import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { diningRecordedSchema } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(diningRecordedSchema, (event) => store.recordDining(event));
