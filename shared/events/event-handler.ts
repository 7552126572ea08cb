/**
 * The chain for every bus-triggered function: validate the detail against its schema, run the use case, log the
 * outcome by ids only. Any failure is thrown, so the delivery is retried and, when retries run out, parked in the
 * dead-letter queue: an event is never silently lost. An invalid detail cannot succeed later, but parking it lets an
 * operator fix and replay it.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { log } from '../log.ts';
import { parseOrThrow } from '../validation.ts';
import { InvalidInputError } from '../errors.ts';

export function eventHandler<T extends z.ZodMiniType>(
  schema: T,
  handle: (detail: z.output<T>) => Promise<string>,
): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  return async (event) => {
    const detailType = event['detail-type'];
    try {
      const detail = parseOrThrow(schema, event.detail, `${detailType} detail`, 'detail');
      const outcome = await handle(detail);
      log.info('event handled', { detailType, busEventId: event.id, eventId: (detail as { eventId?: string }).eventId, outcome });
    } catch (error) {
      const fields = error instanceof InvalidInputError ? Object.keys(error.fields) : undefined;
      log.error('event failed', { detailType, busEventId: event.id, invalidFields: fields, error });
      throw error;
    }
  };
}
