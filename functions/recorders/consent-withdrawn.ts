import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { marketingConsentWithdrawnSchema } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(marketingConsentWithdrawnSchema, (event) => store.recordConsentWithdrawn(event));
