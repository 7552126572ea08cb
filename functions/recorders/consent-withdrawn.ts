import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { marketingConsentWithdrawn } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(marketingConsentWithdrawn, (event) => store.recordConsentWithdrawn(event));
