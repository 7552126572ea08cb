/**
 * What terminals send to the write routes: one schema per request, checked at the edge and imported by the staff
 * terminals, so the app and the API never hold two copies of a request's shape. Each request becomes one event
 * (shared/events/guest-events.ts), checked again against that event's contract before it is published.
 */
import * as z from 'zod/mini';
import {
  departureValueFields,
  dinerSchema,
  diningFields,
  eventIdSchema,
  guestDetailsSchema,
  guestDietaryNeedsRecordedSchema,
  profileCorrectionSchema,
  guestTagChangedSchema,
  guestNoteChangedSchema,
  guestsMergedSchema,
  guestIdSchema,
  instantSchema,
  noteCategories,
  noteTextSchema,
  outletAndMealPeriodCheck,
  propertyCurrencyCheck,
  propertyIdSchema,
  reservationIdSchema,
  reservationConfirmedSchema,
  roomSchema,
} from '../events/guest-events.ts';

/** Optional on every report: a terminal's own id for the event, so a retried request is recorded once. */
const clientEventId = { eventId: z.optional(eventIdSchema) };

export const checkInRequestSchema = z.strictObject({
  ...clientEventId,
  propertyId: propertyIdSchema,
  room: roomSchema,
  at: z.optional(instantSchema),
  guest: guestDetailsSchema,
  /** The reservation this check-in closes (from the arrivals list); it then shows as arrived. */
  reservationId: z.optional(reservationIdSchema),
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
/** A meal names its diner by `room`, by `guestId`, or, for a walk-in, by `diner` (name and an email or phone). */
const oneDinerReference = z.refine<{ room?: string | undefined; guestId?: string | undefined; diner?: unknown }>(
  (request) => [request.room, request.guestId, request.diner].filter((reference) => reference !== undefined).length === 1,
  { message: 'give one of room, guestId or diner', path: ['room'] },
);

export const diningRequestSchema = z
  .strictObject({
    ...clientEventId,
    propertyId: propertyIdSchema,
    ...guestReference,
    diner: z.optional(dinerSchema),
    ...diningFields,
    at: z.optional(instantSchema),
  })
  // Checked before any guest lookup: a bad outlet is a 400 whoever the guest.
  .check(oneDinerReference, outletAndMealPeriodCheck, propertyCurrencyCheck('amount'));

/** A guest leaves; a PMS may add the nights stayed and the stay's room revenue (in the property's currency). */
export const departureRequestSchema = z
  .strictObject({ ...clientEventId, propertyId: propertyIdSchema, ...guestReference, ...departureValueFields, at: z.optional(instantSchema) })
  .check(oneGuestReference, propertyCurrencyCheck('roomRevenue'));

export const noteRequestSchema = z.strictObject({
  ...clientEventId,
  category: z.enum(noteCategories),
  text: noteTextSchema,
  /** Where the note was taken; defaults to the caller's property. */
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/**
 * The guest's allergies and dietary needs, stated whole (an empty statement clears them); who stated them is the
 * caller. `propertyId` is where they were taken (the caller's by default).
 */
export const dietaryNeedsRequestSchema = z.strictObject({
  ...clientEventId,
  allergies: guestDietaryNeedsRecordedSchema.shape.allergies,
  diets: guestDietaryNeedsRecordedSchema.shape.diets,
  other: z.optional(guestDietaryNeedsRecordedSchema.shape.other),
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/**
 * A correction of the guest's profile by the front desk or an admin: the fields to change (`null` removes one) and
 * consent given or withdrawn at the desk. `propertyId` is where it was made (the caller's by default).
 */
export const correctionRequestSchema = z.strictObject({
  ...clientEventId,
  changes: profileCorrectionSchema,
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/** Staff set or remove one of the group's tags (shared/config/tags.ts) on a guest. */
/** An admin undoes the merge of the path's two guests. */
export const unmergeRequestSchema = z.strictObject({
  ...clientEventId,
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/** An admin merges `mergedGuestId` into the guest of the path. */
export const mergeRequestSchema = z.strictObject({
  ...unmergeRequestSchema.shape,
  mergedGuestId: guestsMergedSchema.shape.mergedGuestId,
});

export const tagRequestSchema = z.strictObject({
  ...clientEventId,
  tag: guestTagChangedSchema.shape.tag,
  set: guestTagChangedSchema.shape.set,
  propertyId: z.optional(propertyIdSchema),
  at: z.optional(instantSchema),
});

/** A note edited (its new text, and category) or deleted, by its author's role or an admin. */
export const noteChangeRequestSchema = z
  .strictObject({
    ...clientEventId,
    action: guestNoteChangedSchema.shape.action,
    category: guestNoteChangedSchema.shape.category,
    text: guestNoteChangedSchema.shape.text,
    at: z.optional(instantSchema),
  })
  .check(z.refine((change) => change.action === 'delete' || change.text !== undefined, { message: 'give the new text of the note', path: ['text'] }));

/** The floor tells an outlet a guest is on the way down: the guest in `room`, to `outlet`. */
export const comingDownRequestSchema = z
  .strictObject({
    ...clientEventId,
    propertyId: propertyIdSchema,
    room: roomSchema,
    outlet: diningFields.outlet,
  })
  .check(outletAndMealPeriodCheck);

/**
 * A PMS that posts rather than publishes: a reservation confirmed (or confirmed again with changes, under a new
 * `eventId` and a later `at`), as the ReservationConfirmed event states it.
 */
export const reservationRequestSchema = z.strictObject({
  ...clientEventId,
  propertyId: propertyIdSchema,
  reservationId: reservationIdSchema,
  arrivalDate: reservationConfirmedSchema.shape.arrivalDate,
  departureDate: reservationConfirmedSchema.shape.departureDate,
  roomType: reservationConfirmedSchema.shape.roomType,
  guest: reservationConfirmedSchema.shape.guest,
  at: z.optional(instantSchema),
});

/** The PMS cancelled the reservation named in the path. */
export const cancellationRequestSchema = z.strictObject({ ...clientEventId, propertyId: propertyIdSchema, at: z.optional(instantSchema) });

export type CheckInRequest = z.input<typeof checkInRequestSchema>;
export type DiningRequest = z.input<typeof diningRequestSchema>;
export type DepartureRequest = z.input<typeof departureRequestSchema>;
export type NoteRequest = z.input<typeof noteRequestSchema>;
export type ComingDownRequest = z.input<typeof comingDownRequestSchema>;
export type DietaryNeedsRequest = z.input<typeof dietaryNeedsRequestSchema>;
export type CorrectionRequest = z.input<typeof correctionRequestSchema>;
export type TagRequest = z.input<typeof tagRequestSchema>;
export type MergeRequest = z.input<typeof mergeRequestSchema>;
export type UnmergeRequest = z.input<typeof unmergeRequestSchema>;
export type NoteChangeRequest = z.input<typeof noteChangeRequestSchema>;
