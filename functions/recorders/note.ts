import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestNoteAdded } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

export const handler = eventHandler(guestNoteAdded, (event) => store.recordNote(event));
