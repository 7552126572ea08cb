/**
 * The chain for every bus-triggered function: check the detail-type is the one the handler was written for, validate
 * the detail against its event's one contract, run the use case, log the outcome by ids only. Any failure is
 * thrown, so the delivery is retried and, when retries run out, parked in the dead-letter queue: an event is never
 * silently lost. An invalid detail cannot succeed later, but parking it lets an operator fix and replay it.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { log } from '../log.ts';
import { InvalidInputError } from '../errors.ts';
import { systemClock, type Clock } from '../ports.ts';
import { parseEvent, type DetailOf, type EventDefinition } from './guest-events.ts';

/**
 * When the event was published: EventBridge's `time`, unless a publisher set it ahead of this clock. Business times
 * and birth dates in the detail may not be later than this.
 */
function publishedAt(event: EventBridgeEvent<string, unknown>, clock: Clock): Date {
  const now = clock.now();
  const stamped = Date.parse(event.time);
  return Number.isNaN(stamped) || stamped > now.getTime() ? now : new Date(stamped);
}

export function eventHandler<D extends EventDefinition>(
  definitions: D | readonly D[],
  handle: (detail: DetailOf<D>) => Promise<string>,
  clock: Clock = systemClock,
): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  const byDetailType = new Map((Array.isArray(definitions) ? definitions : [definitions as D]).map((d) => [d.detailType, d]));
  return async (event) => {
    const detailType = event['detail-type'];
    try {
      const definition = byDetailType.get(detailType);
      // A rule routing another detail-type here is a wiring mistake: park the event rather than misread it.
      if (!definition) throw new InvalidInputError(`This function does not handle ${detailType} events`, { 'detail-type': `must be ${[...byDetailType.keys()].join(' or ')}` });
      const detail = parseEvent(definition, event.detail, publishedAt(event, clock), 'detail');
      const outcome = await handle(detail);
      log.info('event handled', { detailType, busEventId: event.id, eventId: (detail as { eventId?: string }).eventId, outcome });
    } catch (error) {
      const fields = error instanceof InvalidInputError ? Object.keys(error.fields) : undefined;
      log.error('event failed', { detailType, busEventId: event.id, invalidFields: fields, error });
      throw error;
    }
  };
}
