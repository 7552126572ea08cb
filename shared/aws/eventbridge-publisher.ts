import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventSource } from '../events/guest-events.ts';
import type { EventPublisher } from '../ports.ts';

/**
 * Publishes guest events on the bus. EventBridge stamps `time` with the moment of publication (no `Time` is
 * given): recorders check the business time in the detail against it, and archive replays select by it.
 */
export function createEventBridgePublisher(client: EventBridgeClient, eventBusName: string): EventPublisher {
  return {
    async publish(event, detail) {
      const result = await client.send(
        new PutEventsCommand({ Entries: [{ EventBusName: eventBusName, Source: eventSource, DetailType: event.detailType, Detail: JSON.stringify(detail) }] }),
      );
      const entry = result.Entries?.[0];
      if (result.FailedEntryCount || !entry?.EventId) {
        throw new Error(`the bus refused event ${detail.eventId}: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`);
      }
    },
  };
}
