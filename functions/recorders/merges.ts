import { guestStoreFromEnvironment } from '#shared/aws/runtime';
import { eventHandler } from '#shared/events/event-handler';
import { guestsMerged, guestsUnmerged } from '#shared/events/guest-events';

const store = guestStoreFromEnvironment();

/** A merge and its undoing carry the same fields: the detail-type says which. */
export const handler = eventHandler([guestsMerged, guestsUnmerged], (event, detailType) =>
  detailType === guestsMerged.detailType ? store.recordMerge(event) : store.recordUnmerge(event),
);
