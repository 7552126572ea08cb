/**
 * What terminals report: validated and authorised here, then published as events. Nothing is written directly:
 * the recorders are the only writers, and a rejected request publishes nothing.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { identityKeysOf } from '../domain/identity.ts';
import { buildRecognitionCard } from '../domain/recognition-card.ts';
import { cardView, requireVisibleGuest } from './guest-visibility.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import {
  detailTypes,
  diningFields,
  eventIdSchema,
  guestDetailsSchema,
  guestIdSchema,
  instantSchema,
  noteCategories,
  noteTextSchema,
  outletAndMealPeriodCheck,
  propertyIdSchema,
  roomSchema,
} from '../events/guest-events.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import type { Clock, EventPublisher, GuestReader } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

export interface ReportDependencies {
  readonly reader: GuestReader;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
}


/** Optional on every report: a terminal's own id for the event, so a retried request is recorded once. */
const clientEventId = { eventId: z.optional(eventIdSchema) };

const checkInRequestSchema = z.strictObject({
  ...clientEventId,
  propertyId: propertyIdSchema,
  room: roomSchema,
  at: z.optional(instantSchema),
  guest: guestDetailsSchema,
});

/** Exactly one of `room` (the guest in house there) or `guestId`. */
const guestReference = {
  room: z.optional(roomSchema),
  guestId: z.optional(guestIdSchema),
};
const oneGuestReference = z.refine<{ room?: string | undefined; guestId?: string | undefined }>(
  (request) => (request.room === undefined) !== (request.guestId === undefined),
  { message: 'give either room or guestId', path: ['room'] },
);

const diningRequestSchema = z
  .strictObject({
    ...clientEventId,
    propertyId: propertyIdSchema,
    ...guestReference,
    ...diningFields,
    at: z.optional(instantSchema),
  })
  // Checked before any guest lookup: a bad outlet is a 400 whoever the guest.
  .check(oneGuestReference, outletAndMealPeriodCheck);

const departureRequestSchema = z.strictObject({ ...clientEventId, propertyId: propertyIdSchema, ...guestReference, at: z.optional(instantSchema) }).check(oneGuestReference);

const noteRequestSchema = z.strictObject({
  ...clientEventId,
  category: z.enum(noteCategories),
  text: noteTextSchema,
  /** Where the note was taken; defaults to the caller's property. */
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/** Terminals' clocks drift; a time further ahead than this is a typing mistake that would pin a guest in house. */
const allowedClockSkewMs = 5 * 60_000;

/**
 * Event id and business time. A terminal may send its own `eventId` and retry with it after a timeout: the recorder
 * applies the event once.
 */
function eventEnvelope(clock: Clock, request: { propertyId: string; at?: string | undefined; eventId?: string | undefined }) {
  const now = clock.now();
  if (request.at && Date.parse(request.at) > now.getTime() + allowedClockSkewMs) {
    throw new InvalidInputError('The time is in the future', { at: 'must not be in the future' });
  }
  return { eventId: request.eventId ?? randomUUID(), propertyId: request.propertyId, at: request.at ?? now.toISOString() };
}

/** The guest a request refers to: by room (in house now) or by id. */
async function resolveGuest(reader: GuestReader, caller: Caller, propertyId: string, reference: { room?: string | undefined; guestId?: string | undefined }) {
  if (reference.room !== undefined) {
    const inHouse = await reader.getInHouseGuest(propertyId, reference.room);
    if (!inHouse) throw new NotFoundError(`No guest is in house in room ${reference.room} at ${propertyId}`);
    return { guestId: inHouse.guestId, room: reference.room, checkedInAt: inHouse.checkedInAt };
  }
  const profile = requireVisibleGuest(caller, reference.guestId!, await reader.getProfile(reference.guestId!));
  return { guestId: profile.guestId, profile };
}

export async function reportCheckIn(
  { reader, publisher, clock }: ReportDependencies,
  caller: Caller,
  body: unknown,
): Promise<{ eventId: string; guestId: string | null; returning: boolean; recognition: Record<string, unknown> | null }> {
  const request = parseOrThrow(checkInRequestSchema, body, 'check-in');
  assertPropertyAccess(caller, request.propertyId);
  const birthDate = request.guest.birthDate;
  if (birthDate && !birthDate.startsWith('--') && birthDate > clock.now().toISOString().slice(0, 10)) {
    throw new InvalidInputError('The birth date is in the future', { 'guest.birthDate': 'must not be in the future' });
  }
  const [knownGuestId] = await reader.findGuestIds(identityKeysOf(request.propertyId, request.guest));
  const occupant = await reader.getInHouseGuest(request.propertyId, request.room);
  if (occupant && occupant.guestId !== knownGuestId) {
    throw new ConflictError(`Room ${request.room} at ${request.propertyId} is occupied; record the departure first`);
  }
  const profile = knownGuestId ? await reader.getProfile(knownGuestId) : undefined;
  // The card as it stood before this check-in, so the desk can say "welcome back" at once.
  // A guest of another property is recognised here too: checking in is what makes them this property's guest.
  const recognition = profile ? cardView(caller, { ...profile, propertyIds: [...profile.propertyIds, request.propertyId] }, buildRecognitionCard(profile, { now: clock.now(), propertyId: request.propertyId })) : null;
  const detail = { ...eventEnvelope(clock, request), room: request.room, guest: request.guest };
  await publisher.publish({ detailType: detailTypes.guestCheckedIn, detail });
  return { eventId: detail.eventId, guestId: profile?.guestId ?? null, returning: profile !== undefined, recognition };
}

export async function reportDining({ reader, publisher, clock }: ReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string; guestId: string }> {
  const request = parseOrThrow(diningRequestSchema, body, 'dining record');
  assertPropertyAccess(caller, request.propertyId);
  const { guestId, room } = await resolveGuest(reader, caller, request.propertyId, request);
  const { guestId: _id, room: _room, at: _at, eventId: _eventId, ...dining } = request;
  const detail = { ...eventEnvelope(clock, request), ...dining, guestId, ...(room ? { room } : {}) };
  await publisher.publish({ detailType: detailTypes.diningRecorded, detail });
  return { eventId: detail.eventId, guestId };
}

export async function reportDeparture({ reader, publisher, clock }: ReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string; guestId: string }> {
  const request = parseOrThrow(departureRequestSchema, body, 'departure');
  assertPropertyAccess(caller, request.propertyId);
  const resolved = await resolveGuest(reader, caller, request.propertyId, request);
  const stay = resolved.profile?.currentStay;
  if (resolved.profile && stay?.propertyId !== request.propertyId) {
    throw new ConflictError(`Guest ${resolved.guestId} is not in house at ${request.propertyId}`);
  }
  const room = resolved.room ?? stay!.room;
  const detail = { ...eventEnvelope(clock, request), guestId: resolved.guestId, room };
  const checkedInAt = resolved.checkedInAt ?? stay!.checkedInAt;
  if (Date.parse(detail.at) < Date.parse(checkedInAt)) {
    throw new ConflictError(`The departure time is before this stay's check-in (${checkedInAt})`);
  }
  await publisher.publish({ detailType: detailTypes.guestDeparted, detail });
  return { eventId: detail.eventId, guestId: resolved.guestId };
}

export async function reportNote(
  { reader, publisher, clock }: ReportDependencies,
  caller: Caller,
  guestIdParameter: unknown,
  body: unknown,
): Promise<{ eventId: string }> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const request = parseOrThrow(noteRequestSchema, body, 'note');
  const propertyId = request.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  if (!propertyId) throw new InvalidInputError('Name the property the note was taken at', { propertyId: 'is required for a group-wide token' });
  assertPropertyAccess(caller, propertyId);
  requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  const detail = {
    ...eventEnvelope(clock, { ...request, propertyId }),
    guestId,
    category: request.category,
    text: request.text,
    author: { role: caller.role, subject: caller.subject },
  };
  await publisher.publish({ detailType: detailTypes.guestNoteAdded, detail });
  return { eventId: detail.eventId };
}
