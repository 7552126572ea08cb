import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventSource, type GuestEvent } from '../events/guest-events.ts';
import type { EventPublisher } from '../ports.ts';

/** Publishes guest events on the bus; `Time` is the business time, so the archive replays in business order. */
export function createEventBridgePublisher(client: EventBridgeClient, eventBusName: string): EventPublisher {
  return {
    async publish({ detailType, detail }) {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: eventBusName, Source: eventSource, DetailType: detailType, Detail: JSON.stringify(detail), Time: new Date(detail.at) }],
        }),
      );
      const failed = result.Entries?.[0];
      if (result.FailedEntryCount || !failed?.EventId) {
        throw new Error(`the bus refused event ${detail.eventId}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`);
      }
    },
  } satisfies EventPublisher & { publish(event: GuestEvent): Promise<void> };
}
