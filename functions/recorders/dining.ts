import { identifyingRecorderFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { diningRecorded } from '#shared/events/guest-events';

const store = identifyingRecorderFromEnvironment();

export const handler = eventHandler(diningRecorded, (event) => store.recordDining(event));
