/**
 * Reservations posted over HTTP, for a PMS that cannot publish on the bus: validated and authorised here, then
 * published as the same events a PMS would put on the bus (ReservationConfirmed, ReservationCancelled), checked
 * against their one contract. A retry with the same `eventId` and content is accepted again and published once; the
 * same `eventId` with other content is a conflict.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors.ts';
import { contentHashOf, eventKeyOf } from '../events/event-key.ts';
import { parseEvent, reservationCancelled, reservationConfirmed, reservationIdSchema, type DetailOf } from '../events/guest-events.ts';
import { assertPropertyAccess, type Caller } from '../http/caller.ts';
import { cancellationRequestSchema, reservationRequestSchema } from '../http/requests.ts';
import type { Clock, EventPublisher, GuestReader } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

export interface ReservationReportDependencies {
  readonly reader: Pick<GuestReader, 'getRecordedEvent'>;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
}

type ReservationEvent = typeof reservationConfirmed | typeof reservationCancelled;

/**
 * Publishes the event the request states, unless its `eventId` was recorded before: then the same content (with the
 * time recorded, when the retry names none) is accepted again, and other content is a conflict.
 */
async function publishOnce<D extends ReservationEvent>(
  { reader, publisher, clock }: ReservationReportDependencies,
  definition: D,
  request: { eventId?: string | undefined; propertyId: string; at?: string | undefined },
  detailOf: (envelope: { eventId: string; propertyId: string; at: string }) => DetailOf<D>,
): Promise<{ eventId: string }> {
  const now = clock.now();
  if (request.eventId) {
    const recorded = await reader.getRecordedEvent(eventKeyOf({ propertyId: request.propertyId, eventId: request.eventId }));
    if (recorded) {
      const detail = parseEvent(definition, detailOf({ eventId: request.eventId, propertyId: request.propertyId, at: request.at ?? recorded.at }), now);
      if (contentHashOf(definition.detailType, detail) !== recorded.contentHash)
        throw new ConflictError(`The event id ${request.eventId} was used before for another event`);
      return { eventId: request.eventId };
    }
  }
  const detail = parseEvent(
    definition,
    detailOf({ eventId: request.eventId ?? randomUUID(), propertyId: request.propertyId, at: request.at ?? now.toISOString() }),
    now,
  );
  await publisher.publish(definition, detail);
  return { eventId: detail.eventId };
}

export async function reportReservation(deps: ReservationReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string }> {
  const request = parseOrThrow(reservationRequestSchema, body, 'reservation');
  assertPropertyAccess(caller, request.propertyId);
  const { eventId: _eventId, at: _at, propertyId: _propertyId, ...reservation } = request;
  return publishOnce(deps, reservationConfirmed, request, (envelope) => ({ ...envelope, ...reservation }));
}

export async function reportCancellation(
  deps: ReservationReportDependencies,
  caller: Caller,
  reservationIdParameter: unknown,
  body: unknown,
): Promise<{ eventId: string }> {
  const reservationId = parseOrThrow(reservationIdSchema, reservationIdParameter, 'reservation id', 'reservationId');
  const request = parseOrThrow(cancellationRequestSchema, body, 'cancellation');
  assertPropertyAccess(caller, request.propertyId);
  return publishOnce(deps, reservationCancelled, request, (envelope) => ({ ...envelope, reservationId }));
}
