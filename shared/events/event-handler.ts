/**
 * The chain for every bus-triggered function: check the detail-type is the one the handler was written for, validate
 * the detail against its event's one contract, run the use case, log the outcome by ids only and count it (EventsRecorded,
 * EventsDuplicate, EventsDiscarded per detail-type; shared/metrics.ts). Any failure is
 * thrown, so the delivery is retried and, when retries run out, parked in the dead-letter queue: an event is never
 * silently lost. An invalid detail cannot succeed later, but parking it lets an operator fix and replay it.
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { beginInvocation, log } from '../log.ts';
import { countEventOutcome } from '../metrics.ts';
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
  /** Given the detail-type too, for a function that handles more than one. */
  handle: (detail: DetailOf<D>, detailType: D['detailType']) => Promise<string>,
  clock: Clock = systemClock,
): (event: EventBridgeEvent<string, unknown>, context?: Context) => Promise<void> {
  const byDetailType = new Map((Array.isArray(definitions) ? definitions : [definitions as D]).map((d) => [d.detailType, d]));
  return async (event, context) => {
    const detailType = event['detail-type'];
    // The bus event's id follows the event through retries, dead letters and redrives: the correlation id.
    beginInvocation(context, event.id);
    try {
      const definition = byDetailType.get(detailType);
      // A rule routing another detail-type here is a wiring mistake: park the event rather than misread it.
      if (!definition)
        throw new InvalidInputError(`This function does not handle ${detailType} events`, {
          'detail-type': `must be ${[...byDetailType.keys()].join(' or ')}`,
        });
      const detail = parseEvent(definition, event.detail, publishedAt(event, clock), 'detail');
      const outcome = await handle(detail, definition.detailType);
      countEventOutcome(outcome, detailType);
      log.info('event handled', { detailType, busEventId: event.id, eventId: (detail as { eventId?: string }).eventId, outcome });
    } catch (error) {
      const fields = error instanceof InvalidInputError ? Object.keys(error.fields) : undefined;
      log.error('event failed', { detailType, busEventId: event.id, invalidFields: fields, error });
      throw error;
    }
  };
}
