/**
 * What terminals report: validated and authorised here, then published as events. Nothing is written directly:
 * the recorders are the only writers, and a rejected request publishes nothing.
 */
import { randomUUID } from 'node:crypto';
import { currentStayAt, type GuestProfile } from '../domain/guest-profile.ts';
import { requireVisibleGuest } from './guest-visibility.ts';
import { recogniseByIdentity } from './recognise.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { contentHashOf, eventKeyOf } from '../events/event-key.ts';
import {
  diningRecorded,
  guestCheckedIn,
  guestComingDown,
  guestDeparted,
  guestDietaryNeedsRecorded,
  guestProfileCorrected,
  guestTagChanged,
  guestNoteChanged,
  guestsMerged,
  guestsUnmerged,
  eventIdSchema,
  guestIdSchema,
  guestNoteAdded,
  parseEvent,
  type DetailOf,
  type GuestEventDefinition,
} from '../events/guest-events.ts';
import {
  checkInRequestSchema,
  comingDownRequestSchema,
  correctionRequestSchema,
  departureRequestSchema,
  tagRequestSchema,
  noteChangeRequestSchema,
  mergeRequestSchema,
  unmergeRequestSchema,
  dietaryNeedsRequestSchema,
  diningRequestSchema,
  noteRequestSchema,
} from '../http/requests.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import type { Clock, EventPublisher, GuestReader, RecordedEvent } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';
import type * as z from 'zod/mini';

export interface ReportDependencies {
  readonly reader: GuestReader;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
}

type Envelope = { eventId?: string | undefined; propertyId: string; at?: string | undefined };

/**
 * Event id and business time. A terminal may send its own `eventId` and retry with it after a timeout: the recorder
 * applies the event once. A retry without `at` takes the time of the event already recorded.
 */
function eventEnvelope(clock: Clock, request: Envelope, recorded?: RecordedEvent) {
  return { eventId: request.eventId ?? randomUUID(), propertyId: request.propertyId, at: request.at ?? recorded?.at ?? clock.now().toISOString() };
}

/**
 * The one contract: what a route publishes is checked exactly as a recorder will check it (schema and time bounds,
 * against this moment), then published. Field names in errors are the detail's, which are the request's.
 */
async function publishChecked<D extends GuestEventDefinition>({ publisher, clock }: ReportDependencies, event: D, detail: DetailOf<D>): Promise<DetailOf<D>> {
  const checked = parseEvent(event, detail, clock.now());
  await publisher.publish(event, checked);
  return checked;
}

/**
 * A terminal's retry of an event already recorded under its key: the same content is answered as accepted again
 * (and not published twice); other content under the same key is a conflict. `detailOf` rebuilds the detail the
 * request would publish, given what was recorded (its time and guest).
 */
async function recordedRetry<D extends GuestEventDefinition>(
  { reader, clock }: ReportDependencies,
  event: D,
  request: Envelope,
  detailOf: (recorded: RecordedEvent) => DetailOf<D>,
): Promise<RecordedEvent | undefined> {
  if (!request.eventId) return undefined;
  const recorded = await reader.getRecordedEvent(eventKeyOf({ propertyId: request.propertyId, eventId: request.eventId }));
  if (!recorded) return undefined;
  const same = recorded.guestId !== undefined && contentHashOf(event.detailType, parseEvent(event, detailOf(recorded), clock.now())) === recorded.contentHash;
  if (!same) throw new ConflictError(`The event id ${request.eventId} was used before for another event`);
  return recorded;
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
  deps: ReportDependencies,
  caller: Caller,
  body: unknown,
): Promise<{ eventId: string; guestId: string | null; returning: boolean; recognition: Record<string, unknown> | null }> {
  const { reader, clock } = deps;
  const request = parseOrThrow(checkInRequestSchema, body, 'check-in');
  assertPropertyAccess(caller, request.propertyId);
  const detailOf = (recorded?: RecordedEvent) => ({
    ...eventEnvelope(clock, request, recorded),
    room: request.room,
    guest: request.guest,
    ...(request.reservationId ? { reservationId: request.reservationId } : {}),
  });
  // As of the check-in's time: "days since the last stay" counts to this arrival, even one reported late.
  const recogniseAt = (at: string) => recogniseByIdentity(reader, caller, request.propertyId, request.guest, { now: new Date(at) });

  const retry = await recordedRetry(deps, guestCheckedIn, request, detailOf);
  if (retry) {
    const { profile, recognition } = await recogniseAt(retry.at);
    return { eventId: request.eventId!, guestId: retry.guestId!, returning: (profile?.stayCount ?? 0) > 1, recognition };
  }
  // Checked before anything is looked up: a bad time or birth date is a 400 whoever the guest.
  const detail = parseEvent(guestCheckedIn, detailOf(), clock.now());
  // The same rule the recorder applies decides which guest this is; the card as it stood before this check-in, so
  // the desk can say "welcome back" at once.
  const { profile, recognition } = await recogniseAt(detail.at);
  const occupant = await reader.getInHouseGuest(request.propertyId, request.room);
  if (occupant && occupant.guestId !== profile?.guestId) {
    throw new ConflictError(`Room ${request.room} at ${request.propertyId} is occupied; record the departure first`);
  }
  await deps.publisher.publish(guestCheckedIn, detail);
  return { eventId: detail.eventId, guestId: profile?.guestId ?? null, returning: profile !== undefined, recognition };
}

/**
 * A meal. A walk-in (`diner`: name and an email or phone) is named by identity, like a guest at check-in; the answer
 * then says whether they are known (`guestId`, null for a first visit).
 */
export async function reportDining(deps: ReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string; guestId: string | null }> {
  const request = parseOrThrow(diningRequestSchema, body, 'dining record');
  assertPropertyAccess(caller, request.propertyId);
  const { guestId: _id, room, diner, at: _at, eventId: _eventId, ...dining } = request;
  const reference = (guestId: string | undefined) => (diner ? { diner } : { guestId: guestId!, ...(room ? { room } : {}) });
  const detailOf = (guestId: string | undefined, recorded?: RecordedEvent) => ({
    ...eventEnvelope(deps.clock, request, recorded),
    ...dining,
    ...reference(guestId),
  });
  const retry = await recordedRetry(deps, diningRecorded, request, (recorded) => detailOf(recorded.guestId, recorded));
  if (retry) return { eventId: request.eventId!, guestId: retry.guestId! };
  const guestId = diner
    ? ((await recogniseByIdentity(deps.reader, caller, request.propertyId, diner, { now: deps.clock.now() })).profile?.guestId ?? null)
    : (await resolveGuest(deps.reader, caller, request.propertyId, request)).guestId;
  const detail = await publishChecked(deps, diningRecorded, detailOf(guestId ?? undefined));
  return { eventId: detail.eventId, guestId };
}

export async function reportDeparture(deps: ReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string; guestId: string }> {
  const request = parseOrThrow(departureRequestSchema, body, 'departure');
  assertPropertyAccess(caller, request.propertyId);
  // The room is named only when the request named it: a guest has one stay at a time at a property.
  const detailOf = (guestId: string, recorded?: RecordedEvent) => ({
    ...eventEnvelope(deps.clock, request, recorded),
    guestId,
    ...(request.room ? { room: request.room } : {}),
    ...(request.nights === undefined ? {} : { nights: request.nights }),
    ...(request.roomRevenue === undefined ? {} : { roomRevenue: request.roomRevenue }),
    ...(request.currency === undefined ? {} : { currency: request.currency }),
  });
  const retry = await recordedRetry(deps, guestDeparted, request, (recorded) => detailOf(recorded.guestId!, recorded));
  if (retry) return { eventId: request.eventId!, guestId: retry.guestId! };
  const resolved = await resolveGuest(deps.reader, caller, request.propertyId, request);
  const stay = resolved.profile ? currentStayAt(resolved.profile, request.propertyId) : undefined;
  if (resolved.profile && !stay) throw new ConflictError(`Guest ${resolved.guestId} is not in house at ${request.propertyId}`);
  const detail = detailOf(resolved.guestId);
  const checkedInAt = resolved.checkedInAt ?? stay!.checkedInAt;
  if (Date.parse(detail.at) < Date.parse(checkedInAt)) {
    throw new ConflictError(`The departure time is before this stay's check-in (${checkedInAt})`);
  }
  await publishChecked(deps, guestDeparted, detail);
  return { eventId: detail.eventId, guestId: resolved.guestId };
}

/**
 * What staff state about one guest (a note, dietary needs, a correction, a tag): the caller must see the guest, the
 * statement is taken at the property the request names or else the caller's own, and who stated it goes with it.
 * `fields` gives the event's own part of the detail, from the checked request.
 */
async function reportStatement<D extends GuestEventDefinition, S extends z.ZodMiniType>(
  deps: ReportDependencies,
  caller: Caller,
  guestIdParameter: unknown,
  body: unknown,
  statement: {
    readonly event: D;
    readonly schema: S;
    readonly what: string;
    readonly takenAt: string;
    readonly fields: (request: z.output<S>) => object;
    /** What must hold of the guest before anything is published (throws the error to answer). */
    readonly precondition?: (profile: GuestProfile, request: z.output<S>, guestId: string) => Promise<void>;
  },
): Promise<{ eventId: string }> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  // Every statement's request has the envelope's optional fields (its schema extends the common one).
  const request = parseOrThrow(statement.schema, body, statement.what) as z.output<S> & Partial<Envelope>;
  const propertyId = request.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  if (!propertyId) throw new InvalidInputError(`Name the property ${statement.takenAt}`, { propertyId: 'is required for a group-wide token' });
  assertPropertyAccess(caller, propertyId);
  const profile = requireVisibleGuest(caller, guestId, await deps.reader.getProfile(guestId));
  await statement.precondition?.(profile, request, guestId);
  const envelope = { ...request, propertyId };
  const detailOf = (recorded?: RecordedEvent) =>
    ({
      ...eventEnvelope(deps.clock, envelope, recorded),
      guestId,
      ...statement.fields(request),
      author: { role: caller.role, subject: caller.subject },
    }) as DetailOf<D>;
  if (await recordedRetry(deps, statement.event, envelope, detailOf)) return { eventId: request.eventId! };
  const detail = await publishChecked(deps, statement.event, detailOf());
  return { eventId: detail.eventId };
}

export const reportNote = (deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, body: unknown) =>
  reportStatement(deps, caller, guestIdParameter, body, {
    event: guestNoteAdded,
    schema: noteRequestSchema,
    what: 'note',
    takenAt: 'the note was taken at',
    fields: (request) => ({ category: request.category, text: request.text }),
  });

/**
 * The guest's allergies and dietary needs, stated whole by the front desk or the restaurant (or an admin), taken at
 * the caller's property: group-wide once recorded.
 */
export const reportDietaryNeeds = (deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, body: unknown) =>
  reportStatement(deps, caller, guestIdParameter, body, {
    event: guestDietaryNeedsRecorded,
    schema: dietaryNeedsRequestSchema,
    what: 'dietary needs',
    takenAt: 'the dietary needs were taken at',
    fields: (request) => ({ allergies: request.allergies, diets: request.diets, ...(request.other === undefined ? {} : { other: request.other }) }),
  });

/**
 * The front desk (or an admin) corrects the guest's profile or records consent given or withdrawn at the desk; who
 * and when go with it, and it stays in the history.
 */
export const reportProfileCorrection = (deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, body: unknown) =>
  reportStatement(deps, caller, guestIdParameter, body, {
    event: guestProfileCorrected,
    schema: correctionRequestSchema,
    what: 'correction',
    takenAt: 'the correction was made at',
    fields: (request) => ({ changes: request.changes }),
  });

/** Staff set or remove one of the group's tags on the guest; who and when go with it. */
export const reportTagChange = (deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, body: unknown) =>
  reportStatement(deps, caller, guestIdParameter, body, {
    event: guestTagChanged,
    schema: tagRequestSchema,
    what: 'tag',
    takenAt: 'the tag was set at',
    fields: (request) => ({ tag: request.tag, set: request.set }),
  });

/**
 * An admin merges a duplicate into the guest of the path. Both must be visible to the admin and stand on their own:
 * neither merged into someone already, and the duplicate with no merges of its own (undo those first), so a merge
 * never chains and an undo always gives back exactly two profiles.
 */
export const reportMerge = (deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, body: unknown) =>
  reportStatement(deps, caller, guestIdParameter, body, {
    event: guestsMerged,
    schema: mergeRequestSchema,
    what: 'merge',
    takenAt: 'the merge was decided at',
    fields: (request) => ({ mergedGuestId: request.mergedGuestId }),
    precondition: async (survivor, request, guestId) => {
      if (survivor.guestId !== guestId) throw new ConflictError(`Guest ${guestId} is merged into ${survivor.guestId}: merge into that guest`);
      if (request.mergedGuestId === survivor.guestId)
        throw new InvalidInputError('A guest cannot be merged into themselves', { mergedGuestId: 'must name another guest' });
      const merged = requireVisibleGuest(caller, request.mergedGuestId, await deps.reader.getProfile(request.mergedGuestId));
      if (merged.guestId !== request.mergedGuestId) throw new ConflictError(`Guest ${request.mergedGuestId} is merged into ${merged.guestId} already`);
      if (merged.mergedGuests?.length) throw new ConflictError(`Guest ${request.mergedGuestId} has merges of its own: undo them first`);
    },
  });

/** An admin undoes a merge: the path names the guest who survived it and the one merged into them. */
export async function reportUnmerge(deps: ReportDependencies, caller: Caller, guestIdParameter: unknown, mergedGuestIdParameter: unknown, body: unknown) {
  const mergedGuestId = parseOrThrow(guestIdSchema, mergedGuestIdParameter, 'guest id', 'mergedGuestId');
  return reportStatement(deps, caller, guestIdParameter, body, {
    event: guestsUnmerged,
    schema: unmergeRequestSchema,
    what: 'unmerge',
    takenAt: 'the merge was undone at',
    fields: () => ({ mergedGuestId }),
    precondition: async (survivor) => {
      if (!survivor.mergedGuests?.some((merged) => merged.guestId === mergedGuestId))
        throw new NotFoundError(`Guest ${mergedGuestId} is not merged into guest ${survivor.guestId}`);
    },
  });
}

/**
 * A note on the card edited or deleted: only by its author's role (a restaurant's note by the restaurant) or an admin,
 * at the note's property, after the note was written. The note's own event stays in the history beside the change.
 */
export async function reportNoteChange(
  deps: ReportDependencies,
  caller: Caller,
  guestIdParameter: unknown,
  noteIdParameter: unknown,
  body: unknown,
): Promise<{ eventId: string }> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const noteId = parseOrThrow(eventIdSchema, noteIdParameter, 'note id', 'noteId');
  const request = parseOrThrow(noteChangeRequestSchema, body, 'note change');
  const profile = requireVisibleGuest(caller, guestId, await deps.reader.getProfile(guestId));
  const note = profile.notes.find((n) => n.noteId === noteId && (caller.propertyId === allProperties || n.propertyId === caller.propertyId));
  if (!note) throw new NotFoundError(`No note ${noteId} on the card of guest ${guestId}`);
  if (caller.role !== 'admin' && caller.role !== note.authorRole) throw new ForbiddenError(`Only the ${note.authorRole} role or an admin may change this note`);
  const envelope = { ...request, propertyId: note.propertyId };
  const detailOf = (recorded?: RecordedEvent) => ({
    ...eventEnvelope(deps.clock, envelope, recorded),
    guestId,
    noteId,
    action: request.action,
    ...(request.category === undefined ? {} : { category: request.category }),
    ...(request.text === undefined ? {} : { text: request.text }),
    author: { role: caller.role, subject: caller.subject },
  });
  if (await recordedRetry(deps, guestNoteChanged, envelope, detailOf)) return { eventId: request.eventId! };
  const detail = detailOf();
  if (Date.parse(detail.at) < Date.parse(note.at)) throw new ConflictError(`The change is dated before the note (${note.at})`);
  await publishChecked(deps, guestNoteChanged, detail);
  return { eventId: detail.eventId };
}

/** The floor saw the guest in `room` head for `outlet`: the outlet's terminals hear of it at once (nothing is stored). */
export async function reportComingDown(deps: ReportDependencies, caller: Caller, body: unknown): Promise<{ eventId: string; guestId: string }> {
  const request = parseOrThrow(comingDownRequestSchema, body, 'notice');
  assertPropertyAccess(caller, request.propertyId);
  const inHouse = await deps.reader.getInHouseGuest(request.propertyId, request.room);
  if (!inHouse) throw new NotFoundError(`No guest is in house in room ${request.room} at ${request.propertyId}`);
  const detail = {
    ...eventEnvelope(deps.clock, request),
    guestId: inHouse.guestId,
    room: request.room,
    outlet: request.outlet,
    salutation: inHouse.salutation,
  };
  await publishChecked(deps, guestComingDown, detail);
  return { eventId: detail.eventId, guestId: inHouse.guestId };
}
