/**
 * The HTTP API described as OpenAPI 3.1, generated from what the code declares: every route of the wiring (method,
 * path, who may call it), the request schemas the routes parse (shared/http/requests.ts and the event field schemas)
 * and the error shape of shared/http/http-handler.ts. Answers are zod/mini schemas written here, each checked at
 * compile time against the type the use case returns, so the description cannot drift from the code unnoticed.
 *
 * `npm run openapi` writes it to docs/openapi.json; the function behind `GET /v1/openapi.json` serves that file, so
 * no function bundles the JSON Schema converter.
 */
import * as z from 'zod/mini';
import type { RecognitionCard } from '../domain/recognition-card.ts';
import { annotateSharedFields } from '../events/event-json-schemas.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError } from '../errors.ts';
import {
  dinerSchema,
  diningFields,
  emailSchema,
  eventIdSchema,
  eventSource,
  guestDetailsSchema,
  guestIdSchema,
  instantSchema,
  localDateSchema,
  orderedItemSchema,
  phoneSchema,
  propertyIdSchema,
  reservationIdSchema,
  roomSchema,
  text,
} from '../events/guest-events.ts';
import type { listGuestAccesses, listStaffAccesses } from '../use-cases/access-log.ts';
import type { listGuestVisits } from '../use-cases/guest-history.ts';
import type { eraseGuestData, exportGuestData } from '../use-cases/guest-rights.ts';
import type { listPossibleDuplicates } from '../use-cases/possible-duplicates.ts';
import type { summariseLapsedReasons } from '../use-cases/absence-survey.ts';
import type { listTopGuests } from '../use-cases/value-segments.ts';
import { absenceReasons, absenceTextMaxLength } from '../domain/absence-survey.ts';
import type { listInHouse, searchGuests } from '../use-cases/recognise.ts';
import type { Arrival, listArrivals } from '../use-cases/arrivals.ts';
import type { reportCancellation, reportReservation } from '../use-cases/reservations.ts';
import type {
  reportCheckIn,
  reportComingDown,
  reportDeparture,
  reportDietaryNeeds,
  reportDining,
  reportNote,
  reportProfileCorrection,
  reportTagChange,
  reportNoteChange,
} from '../use-cases/report-events.ts';
import { functions, type HttpFunction, type HttpRoute } from '../wiring.ts';
import type { Role } from './caller.ts';
import {
  cancellationRequestSchema,
  checkInRequestSchema,
  comingDownRequestSchema,
  departureRequestSchema,
  dietaryNeedsRequestSchema,
  diningRequestSchema,
  noteRequestSchema,
  reservationRequestSchema,
} from './requests.ts';
import { allergens, diets } from '../domain/dietary-needs.ts';
import { correctionRequestSchema, mergeRequestSchema, noteChangeRequestSchema, tagRequestSchema, unmergeRequestSchema } from './requests.ts';
import { staffTags } from '../config/tags.ts';

/** The answer type with every `readonly` removed, as zod's output types have none. */
type Mutable<T> = T extends readonly [infer A, infer B]
  ? [Mutable<A>, Mutable<B>]
  : T extends readonly (infer U)[]
    ? Mutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Mutable<T[K]> }
      : T;

/**
 * A schema of an answer of type `A`, checked by the compiler both ways: it accepts every value the code answers, and
 * what it describes is such a value. A field added to, removed from or retyped in the use case's answer breaks the
 * build until it is described here.
 */
const answerOf =
  <A>() =>
  <S extends z.ZodMiniType>(
    schema: S &
      ([Mutable<A>] extends [z.output<S>]
        ? [z.output<S>] extends [Mutable<A>]
          ? unknown
          : { describes: 'more than the answer' }
        : { describes: 'not the answer type' }),
  ): S =>
    schema;

type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

const nullable = <S extends z.ZodMiniType>(schema: S) => z.nullable(schema);
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

const usual = <S extends z.ZodMiniType>(choice: S) => z.object({ choice, timesChosen: z.int(), recentVisits: z.int(), lastChosenOn: isoDate });
const orderedItem = z.object({ name: z.string(), quantity: z.int() });
const valueFigures = z.object({ stays: z.int(), nights: z.int(), spend: z.number() });

/** The card as a role sees it: the fields of shared/use-cases/guest-visibility.ts (`contact` from the front desk up, `identifiers` for admins). */
const recognitionCard = answerOf<RecognitionCard>()(
  z.object({
    guestId: z.string(),
    salutation: z.string(),
    fullName: z.string(),
    tags: z.array(
      z.union([
        z.object({ tag: z.enum(staffTags), kind: z.literal('staff'), evidence: z.object({ setAt: z.string(), setByRole: z.string() }) }),
        z.object({ tag: z.literal('regular'), kind: z.literal('automatic'), evidence: z.object({ stays: z.int(), months: z.int() }) }),
        z.object({ tag: z.literal('long-absence'), kind: z.literal('automatic'), evidence: z.object({ daysAway: z.int(), lastDepartedOn: z.string() }) }),
        z.object({
          tag: z.literal('top-spend'),
          kind: z.literal('automatic'),
          evidence: z.object({ propertyId: z.string(), since: isoDate, spend: z.number(), months: z.int(), currency: z.string() }),
        }),
      ]),
    ),
    dietaryNeeds: nullable(
      z.object({
        allergies: z.array(z.enum(allergens)),
        diets: z.array(z.enum(diets)),
        other: z.optional(z.string()),
        recordedAt: z.string(),
        recordedByRole: z.string(),
      }),
    ),
    status: z.enum(['walk-in', 'first-stay', 'returning']),
    inHouse: nullable(z.object({ propertyId: z.string(), room: z.string(), since: z.string() })),
    stays: z.object({
      count: z.int(),
      firstStayOn: nullable(z.string()),
      lastStay: nullable(z.object({ propertyId: z.string(), checkedInOn: z.string(), departedOn: z.string() })),
      daysSinceLastStay: nullable(z.int()),
    }),
    mealPeriod: nullable(z.string()),
    dining: z.array(
      z.object({
        propertyId: z.string(),
        outlet: z.string(),
        mealPeriod: z.string(),
        usualTable: usual(z.string()),
        usualOrder: usual(z.array(orderedItem)),
        lastVisit: z.object({ date: isoDate, table: z.string(), items: z.array(orderedItem) }),
      }),
    ),
    notes: z.array(
      z.object({
        noteId: z.string(),
        at: z.string(),
        propertyId: z.string(),
        category: z.string(),
        text: z.string(),
        authorRole: z.string(),
        editedAt: z.optional(z.string()),
        editedByRole: z.optional(z.string()),
      }),
    ),
    birthdayToday: z.boolean(),
    contact: z.optional(
      z.object({
        email: nullable(z.string()),
        phone: nullable(z.string()),
        language: nullable(z.string()),
        birthDate: nullable(z.string()),
        marketingConsent: nullable(z.boolean()),
      }),
    ),
    identifiers: z.optional(z.object({ pmsProfileIds: z.array(z.string()) })),
    /** The latest answer to "What kept you away?" (front desk and admins; null when none, or another property's). */
    absenceAnswer: z.optional(nullable(z.object({ at: z.string(), propertyId: z.string(), reason: z.enum(absenceReasons), text: z.optional(z.string()) }))),
    /** Per property, stays, nights and spend (in its currency) over the last 12 and 36 months (front desk and admins). */
    value: z.optional(z.array(z.object({ propertyId: z.string(), currency: z.string(), last12Months: valueFigures, last36Months: valueFigures }))),
  }),
);

/** Counts per reason: every reason, zero when nobody gave it. */
const reasonCounts = z.object(Object.fromEntries(absenceReasons.map((reason) => [reason, z.int()])) as Record<(typeof absenceReasons)[number], z.ZodMiniInt>);

const anyObject = z.record(z.string(), z.unknown());

/** One read or erasure of a guest by staff (the access log). */
const access = z.object({
  accessId: z.string(),
  at: z.string(),
  guestId: z.string(),
  /** The route as the wiring declares it: `GET /v1/guests/{guestId}/recognition`. */
  route: z.string(),
  role: z.string(),
  /** The staff member: the token's `sub`. */
  subject: z.string(),
  /** The caller's property (`*` for a group-wide admin). */
  propertyId: z.string(),
});

/** Named answer schemas: they become `components.schemas`. */
const answers = {
  Health: z.object({ status: z.literal('ok') }),
  RecognitionCard: recognitionCard,
  // The card in the answer is typed as any record (it is filtered by role): checked here as the card it is.
  CheckInAccepted: answerOf<Omit<Answer<typeof reportCheckIn>, 'recognition'> & { recognition: RecognitionCard | null }>()(
    z.object({ eventId: z.string(), guestId: nullable(z.string()), returning: z.boolean(), recognition: nullable(recognitionCard) }),
  ),
  DiningAccepted: answerOf<Answer<typeof reportDining>>()(z.object({ eventId: z.string(), guestId: nullable(z.string()) })),
  DepartureAccepted: answerOf<Answer<typeof reportDeparture>>()(z.object({ eventId: z.string(), guestId: z.string() })),
  NoticeAccepted: answerOf<Answer<typeof reportComingDown>>()(z.object({ eventId: z.string(), guestId: z.string() })),
  /** What every route answers that publishes an event about a known guest or a reservation: its id. */
  EventAccepted: answerOf<
    | Answer<typeof reportNote>
    | Answer<typeof reportDietaryNeeds>
    | Answer<typeof reportProfileCorrection>
    | Answer<typeof reportTagChange>
    | Answer<typeof reportNoteChange>
    | Answer<typeof reportReservation>
    | Answer<typeof reportCancellation>
  >()(z.object({ eventId: z.string() })),
  InHouse: answerOf<Answer<typeof listInHouse>>()(
    z.object({
      propertyId: z.string(),
      guests: z.array(
        z.object({
          propertyId: z.optional(z.string()),
          room: z.optional(z.string()),
          guestId: z.optional(z.string()),
          salutation: z.optional(z.string()),
          fullName: z.optional(z.string()),
          checkedInAt: z.optional(z.string()),
        }),
      ),
    }),
  ),
  // Each arrival's card is typed as any record (it is filtered by role): checked here as the card it is.
  Arrivals: answerOf<
    Omit<Answer<typeof listArrivals>, 'arrivals'> & { arrivals: (Omit<Arrival, 'recognition'> & { recognition: RecognitionCard | null })[] }
  >()(
    z.object({
      propertyId: z.string(),
      date: isoDate,
      arrivals: z.array(
        z.object({
          reservationId: z.string(),
          arrivalDate: isoDate,
          departureDate: isoDate,
          roomType: nullable(z.string()),
          status: z.enum(['expected', 'arrived']),
          room: nullable(z.string()),
          salutation: z.string(),
          fullName: z.string(),
          guest: z.object({
            title: nullable(z.string()),
            firstName: nullable(z.string()),
            lastName: z.string(),
            email: nullable(z.string()),
            phone: nullable(z.string()),
          }),
          guestId: nullable(z.string()),
          recognition: nullable(recognitionCard),
        }),
      ),
    }),
  ),
  GuestSearchResult: answerOf<Answer<typeof searchGuests>>()(
    z.object({
      guests: z.array(
        z.object({
          guestId: z.string(),
          salutation: z.string(),
          fullName: z.string(),
          email: nullable(z.string()),
          phone: nullable(z.string()),
          stays: z.int(),
          inHouse: nullable(z.object({ propertyId: z.string(), room: z.string() })),
        }),
      ),
    }),
  ),
  VisitPage: answerOf<Answer<typeof listGuestVisits>>()(z.object({ guestId: z.string(), visits: z.array(anyObject), cursor: nullable(z.string()) })),
  GuestExport: answerOf<Answer<typeof exportGuestData>>()(
    z.object({
      guestId: z.string(),
      exportedAt: z.string(),
      profile: anyObject,
      history: z.array(anyObject),
      sendLedger: z.array(anyObject),
      possibleDuplicates: z.array(anyObject),
      identityKeys: z.array(z.object({ kind: z.string(), value: z.string() })),
      inHouse: nullable(anyObject),
      suppression: nullable(anyObject),
      /** Reservations linked to the guest (matched by identity, or closed by their check-in). */
      reservations: z.array(anyObject),
      /** Who read or erased the guest (the access log). */
      accesses: z.array(access),
    }),
  ),
  ErasureReport: answerOf<Answer<typeof eraseGuestData>>()(
    z.object({
      guestId: z.string(),
      erasedAt: z.string(),
      erased: z.object({
        profile: z.int(),
        history: z.int(),
        sendLedger: z.int(),
        identityKeys: z.int(),
        inHouse: z.int(),
        possibleDuplicates: z.int(),
        reservations: z.int(),
      }),
    }),
  ),
  LapsedReasons: answerOf<Answer<typeof summariseLapsedReasons>>()(
    z.object({
      propertyId: z.string(),
      from: z.string(),
      to: z.string(),
      months: z.array(z.object({ propertyId: z.string(), month: z.string(), answers: z.int(), reasons: reasonCounts })),
      total: z.object({ answers: z.int(), reasons: reasonCounts }),
    }),
  ),
  TopGuests: answerOf<Answer<typeof listTopGuests>>()(
    z.object({
      propertyId: z.string(),
      currency: z.string(),
      topShare: z.number(),
      run: nullable(z.object({ date: isoDate, at: z.string(), population: z.int(), withSpend: z.int(), count: z.int() })),
      guests: z.array(
        z.object({
          rank: z.int(),
          guestId: z.string(),
          salutation: z.string(),
          fullName: z.string(),
          last12Months: valueFigures,
          last36Months: valueFigures,
          activeMonths: z.int(),
          lastActiveOn: isoDate,
          quintiles: z.object({ recency: z.int(), frequency: z.int(), spend: z.int() }),
        }),
      ),
      cursor: nullable(z.string()),
    }),
  ),
  PossibleDuplicates: answerOf<Answer<typeof listPossibleDuplicates>>()(
    z.object({
      possibleDuplicates: z.array(
        z.object({
          propertyId: z.string(),
          guestIds: z.tuple([z.string(), z.string()]),
          sharedKey: z.object({ kind: z.enum(['pms', 'email', 'phone']), value: z.string() }),
          foundAt: z.string(),
          guests: z.array(
            z.object({ guestId: z.string(), salutation: z.string(), fullName: z.string(), stayCount: z.int(), mergedInto: z.optional(z.string()) }),
          ),
        }),
      ),
    }),
  ),
  GuestAccesses: answerOf<Answer<typeof listGuestAccesses>>()(z.object({ guestId: z.string(), accesses: z.array(access), cursor: nullable(z.string()) })),
  StaffAccesses: answerOf<Answer<typeof listStaffAccesses>>()(z.object({ subject: z.string(), accesses: z.array(access), cursor: nullable(z.string()) })),
} as const;

/** What every HTTP function answers on an error (shared/http/http-handler.ts). */
const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Each offending part of the request, named as the caller sent it (`guest.email`, `query.cursor`). */
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});

const requestBodies = {
  CheckInRequest: checkInRequestSchema,
  DiningRequest: diningRequestSchema,
  DepartureRequest: departureRequestSchema,
  NoteRequest: noteRequestSchema,
  DietaryNeedsRequest: dietaryNeedsRequestSchema,
  CorrectionRequest: correctionRequestSchema,
  TagRequest: tagRequestSchema,
  MergeRequest: mergeRequestSchema,
  UnmergeRequest: unmergeRequestSchema,
  NoteChangeRequest: noteChangeRequestSchema,
  ComingDownRequest: comingDownRequestSchema,
  ReservationRequest: reservationRequestSchema,
  CancellationRequest: cancellationRequestSchema,
  /** The survey page's form (`application/x-www-form-urlencoded`), as shared/use-cases/absence-survey.ts reads it. */
  AbsenceSurveyAnswer: z.object({ reason: z.enum(absenceReasons), text: z.optional(z.string().check(z.maxLength(absenceTextMaxLength))) }),
} as const;

type AnswerName = keyof typeof answers;
type BodyName = keyof typeof requestBodies;

interface QueryParameter {
  readonly schema: z.ZodMiniType;
  readonly required?: boolean;
  readonly description: string;
}

/** What the code states about a route beyond the wiring. */
interface RouteContract {
  readonly summary: string;
  readonly description?: string;
  readonly body?: BodyName;
  /** The body is a page's form (`application/x-www-form-urlencoded`), not JSON. */
  readonly form?: true;
  readonly query?: Readonly<Record<string, QueryParameter>>;
  /** The success answer: a named schema, an HTML page, or any JSON. */
  readonly success: { readonly status: number; readonly description: string; readonly answer?: AnswerName; readonly html?: true };
  /** Errors the route may answer beyond those every route of its kind may (400, 401, 403, 415). */
  readonly errors?: readonly (404 | 409)[];
}

const cardQuery: Record<string, QueryParameter> = {
  outlet: {
    schema: z.string().check(z.minLength(1), z.maxLength(40)),
    description: 'The outlet asking: its usual table and order, and its current meal period, come first.',
  },
  mealPeriod: {
    schema: z.string().check(z.minLength(1), z.maxLength(30)),
    description: 'The meal period to show the usual of; defaults to the one under way at the outlet.',
  },
  propertyId: {
    schema: propertyIdSchema,
    description: "The property whose outlets and time zone apply; defaults to the caller's (group-wide: the guest's latest).",
  },
  at: { schema: instantSchema, description: 'Read the card as of this instant (replays, rehearsals); defaults to now.' },
};

const pageQuery: Record<string, QueryParameter> = {
  limit: { schema: z.string().check(z.regex(/^\d{1,3}$/)), description: 'Entries per page, 1 to 100 (default 20).' },
  cursor: {
    schema: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,700}$/)),
    description: 'From the previous page; valid only for the same list and caller scope.',
  },
};

const recorded = 'Accepted: the event is published; a recorder applies it a moment later. A retry with the same `eventId` and content is answered the same.';

/** Keyed by route key (`POST /v1/check-ins`). A route of the wiring missing here is still described, from the wiring alone. */
const contracts: Readonly<Record<string, RouteContract>> = {
  'GET /v1/health': { summary: 'Liveness', success: { status: 200, description: 'The API answers.', answer: 'Health' } },
  'GET /v1/openapi.json': {
    summary: 'This description of the HTTP API',
    success: { status: 200, description: 'The OpenAPI 3.1 document (docs/openapi.json in the repository).' },
  },
  'POST /v1/check-ins': {
    summary: 'A guest checks in',
    description: 'Answers with the card when the guest is already known (by PMS profile id or email).',
    body: 'CheckInRequest',
    success: { status: 202, description: recorded, answer: 'CheckInAccepted' },
    errors: [409],
  },
  'POST /v1/dining': {
    summary: 'A meal at an outlet',
    description: 'For a guest in house (`room`), a known guest (`guestId`) or a walk-in (`diner`): exactly one of them.',
    body: 'DiningRequest',
    success: { status: 202, description: recorded, answer: 'DiningAccepted' },
    errors: [404, 409],
  },
  'POST /v1/departures': {
    summary: 'A guest leaves',
    body: 'DepartureRequest',
    success: { status: 202, description: recorded, answer: 'DepartureAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/notes': {
    summary: 'A preference note',
    body: 'NoteRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/dietary-needs': {
    summary: "The guest's allergies and dietary needs",
    description:
      'Stated whole: replaces what was recorded before; empty lists and no `other` clear them. Shown first on every card, at every property of the group.',
    body: 'DietaryNeedsRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/corrections': {
    summary: "A correction of the guest's profile, or consent given or withdrawn at the desk",
    description:
      "Only the fields named in `changes` change (`null` removes one). A new email or phone becomes one of the guest's identity keys; another guest holding it keeps it, and the pair is listed as a possible duplicate.",
    body: 'CorrectionRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/tags': {
    summary: "Set or remove one of the group's tags on a guest",
    description:
      'The latest change of a tag by business time holds. The card shows each tag with its evidence: who set it and when, or for the tags the system derives (`regular`, `long-absence`) the facts they rest on.',
    body: 'TagRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/merges': {
    summary: 'Merge a duplicate profile into this guest',
    description:
      "Admins only. The card then shows both histories; the duplicate's id and identity keys lead to this guest, and searches and emails find one guest. Each history stays where it was recorded, so the merge can be undone exactly. Refused when either guest is merged already, or the duplicate has merges of its own.",
    body: 'MergeRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/merges/{mergedGuestId}/undo': {
    summary: 'Undo a merge',
    description:
      'Admins only. Both profiles become what they would be had they never been merged; each event recorded since goes to the profile its guest id or identity named.',
    body: 'UnmergeRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/guests/{guestId}/notes/{noteId}/changes': {
    summary: 'Edit or delete a note on the card',
    description:
      "Only the note's author's role, or an admin, at the note's property. The note as first written stays in the history, beside the change (who, when).",
    body: 'NoteChangeRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [404, 409],
  },
  'POST /v1/notices': {
    summary: 'A guest is coming down to an outlet',
    description: "Tells the outlet's terminals at once over the live channel; nothing is stored.",
    body: 'ComingDownRequest',
    success: { status: 202, description: 'Accepted: the notice is published.', answer: 'NoticeAccepted' },
    errors: [404, 409],
  },
  'GET /v1/guests/{guestId}/recognition': {
    summary: 'The recognition card',
    description:
      "Fields by role: the restaurant never sees contact details; the front desk sees `contact`; admins also `identifiers`. Only the caller's property's part of the guest.",
    query: cardQuery,
    success: { status: 200, description: 'The card.', answer: 'RecognitionCard' },
    errors: [404],
  },
  'GET /v1/properties/{propertyId}/rooms/{room}/recognition': {
    summary: 'The card of the guest in a room',
    query: { outlet: cardQuery.outlet!, mealPeriod: cardQuery.mealPeriod!, at: cardQuery.at! },
    success: { status: 200, description: 'The card.', answer: 'RecognitionCard' },
    errors: [404],
  },
  'GET /v1/diners': {
    summary: 'Have we seen this walk-in before?',
    description: 'The card of the guest a name and an email identify (a phone alone identifies no one), or 404.',
    query: {
      lastName: { schema: text(60), required: true, description: "The diner's surname." },
      email: { schema: emailSchema, description: 'Give an email or a phone.' },
      phone: { schema: phoneSchema, description: 'Give an email or a phone.' },
      propertyId: { schema: propertyIdSchema, description: "Defaults to the caller's." },
      outlet: { schema: diningFields.outlet, description: 'The outlet asking.' },
    },
    success: { status: 200, description: 'The card.', answer: 'RecognitionCard' },
    errors: [404],
  },
  'GET /v1/properties/{propertyId}/in-house': {
    summary: 'The guests in house, by room',
    description: 'The floor sees rooms, salutations and names only.',
    success: { status: 200, description: 'The guests in house.', answer: 'InHouse' },
  },
  'GET /v1/arrivals': {
    summary: 'The arrivals of a day: the names to learn tonight',
    description:
      "The reservations the PMS confirmed for that arrival date and did not cancel (ReservationConfirmed, ReservationCancelled), those still expected first, then by surname. Each with the card of the known guest it names (by the check-in's identity rule; a reservation creates no guest) or null, and as arrived, with the room, once a check-in named it or its guest is in house since the day before. The cards shown are recorded as reads.",
    query: {
      date: { schema: localDateSchema, description: 'The arrival date, local at the property; tomorrow there by default.' },
      propertyId: { schema: propertyIdSchema, description: "Defaults to the caller's; a group-wide admin names one." },
    },
    success: { status: 200, description: 'The arrivals (possibly none).', answer: 'Arrivals' },
  },
  'POST /v1/reservations': {
    summary: 'A reservation confirmed by the PMS',
    description:
      'For a PMS that posts instead of publishing ReservationConfirmed on the bus: the same event, checked against the same contract. Confirmed again with changes under a new `eventId` and a later `at`, the newest confirmation is what the arrivals list shows.',
    body: 'ReservationRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [409],
  },
  'POST /v1/reservations/{reservationId}/cancellation': {
    summary: 'A reservation cancelled by the PMS',
    description: 'Publishes ReservationCancelled: the reservation leaves the arrivals list, even when this arrives before its confirmation.',
    body: 'CancellationRequest',
    success: { status: 202, description: recorded, answer: 'EventAccepted' },
    errors: [409],
  },
  'GET /v1/guests': {
    summary: 'Find guests',
    description:
      "Exactly one of `email`, `phone` or `lastName`; by surname (case and accents folded) at most 20, sorted by name, only the caller's property's.",
    query: {
      email: { schema: emailSchema, description: 'An email address.' },
      phone: { schema: phoneSchema, description: 'An international phone number.' },
      lastName: { schema: text(60), description: 'A surname.' },
    },
    success: { status: 200, description: 'The matching guests (possibly none).', answer: 'GuestSearchResult' },
  },
  'GET /v1/guests/{guestId}/visits': {
    summary: 'The visit history, newest first, paged',
    query: pageQuery,
    success: { status: 200, description: 'One page; `cursor` is null on the last.', answer: 'VisitPage' },
    errors: [404],
  },
  'GET /v1/guests/{guestId}/export': {
    summary: 'Everything stored about a guest',
    success: { status: 200, description: 'The export.', answer: 'GuestExport' },
    errors: [404],
  },
  'DELETE /v1/guests/{guestId}': {
    summary: 'Erase a guest',
    description: 'Permanent; events from before the erasure that name the guest are discarded from then on.',
    success: { status: 200, description: 'What was erased, counted.', answer: 'ErasureReport' },
    errors: [404],
  },
  'GET /v1/guests/{guestId}/accesses': {
    summary: 'Who looked at a guest',
    description:
      "Every read of the guest's card, history, export or search result by staff, and any erasure, newest first, paged. The record outlives an erasure. An admin of one property sees what was done at that property.",
    query: pageQuery,
    success: { status: 200, description: 'One page of accesses; `cursor` is null on the last.', answer: 'GuestAccesses' },
  },
  'GET /v1/staff/{subject}/accesses': {
    summary: 'Which guests a staff member looked at',
    description: 'By the token subject (`sub`) of the staff member, newest first, paged.',
    query: pageQuery,
    success: { status: 200, description: 'One page of accesses; `cursor` is null on the last.', answer: 'StaffAccesses' },
  },
  'GET /v1/possible-duplicates': {
    summary: 'Guests a check-in found sharing an identity key',
    description: 'Each pair with both guests as an admin deciding a merge needs them; a guest merged into the other says so (`mergedInto`).',
    query: { propertyId: { schema: propertyIdSchema, description: "One property; by default the caller's, or every property for a group-wide admin." } },
    success: { status: 200, description: 'The pairs, for a person to look at.', answer: 'PossibleDuplicates' },
  },
  'GET /v1/unsubscribe': {
    summary: 'The unsubscribe page',
    description: 'The link in every marketing email; its signed token is the credential. An invalid link is a 400 page.',
    query: { token: { schema: z.string().check(z.minLength(1), z.maxLength(512)), required: true, description: 'The signed token from the email.' } },
    success: { status: 200, description: 'A confirmation page with an Unsubscribe button.', html: true },
  },
  'POST /v1/unsubscribe': {
    summary: 'Unsubscribe',
    description: "The page's button, or a mail client's one-click (`List-Unsubscribe=One-Click`, form-encoded: the body is not read).",
    query: { token: { schema: z.string().check(z.minLength(1), z.maxLength(512)), required: true, description: 'The signed token from the email.' } },
    success: { status: 200, description: 'A page confirming that no more marketing email will be sent.', html: true },
  },
  'GET /v1/absence-survey': {
    summary: '"What kept you away?"',
    description:
      'The one-question link in a "we miss you" email; its signed token is the credential (an unsubscribe token does not open it). A page in the email\'s language; nothing is written, and a link answered before shows a page saying so. An invalid link is a 400 page.',
    query: { token: { schema: z.string().check(z.minLength(1), z.maxLength(512)), required: true, description: 'The signed token from the email.' } },
    success: { status: 200, description: 'The question, its choices, a text box and a Send button.', html: true },
  },
  'POST /v1/absence-survey': {
    summary: 'Answer "What kept you away?"',
    description:
      `The page's form, \`application/x-www-form-urlencoded\`: \`reason\` (one of ${absenceReasons.join(', ')}) and optional \`text\` (up to 300 characters). ` +
      'Recorded once per email: a second answer is refused with a polite 409 page and the first stands. A mistake in the form shows it again (400 page).',
    query: { token: { schema: z.string().check(z.minLength(1), z.maxLength(512)), required: true, description: 'The signed token from the email.' } },
    body: 'AbsenceSurveyAnswer',
    form: true,
    success: { status: 200, description: 'A page thanking the guest.', html: true },
    errors: [409],
  },
  'GET /v1/lapsed-reasons': {
    summary: 'Why lapsed guests left, per property and month',
    description:
      'The answers to the "we miss you" email\'s question, counted per reason for each month (the local month at the property) of `month`, or of `from` to `to` (at most 36 months).',
    query: {
      propertyId: { schema: propertyIdSchema, description: "By default the caller's; required for a group-wide admin." },
      month: { schema: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), description: 'One month, YYYY-MM.' },
      from: { schema: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), description: 'First month of a range, YYYY-MM (with `to`).' },
      to: { schema: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), description: 'Last month of a range, YYYY-MM (with `from`).' },
    },
    success: { status: 200, description: 'The counts, every month of the range listed.', answer: 'LapsedReasons' },
  },
  'GET /v1/properties/{propertyId}/top-guests': {
    summary: "A property's top 20% guests by spend",
    description:
      "As the latest daily segmentation (`value-segments`) ranked them: the guests with spend at the property over the 36 months before the run's local date, the top 20% of them by spend (ties by guest id), best first. Each with the figures it rests on (stays, nights and spend over 12 and 36 months, in the property's currency), recency, frequency (active months) and spend quintiles (1 to 5, 5 the best) among all the property's guests with figures, and the last activity. `run` is null before the first run. A page's guests are recorded as reads; a guest erased since the run is left out.",
    query: pageQuery,
    success: { status: 200, description: 'One page of the ranked guests; `cursor` is null on the last.', answer: 'TopGuests' },
  },
};

/** The routes whose contract is written here: every route of the wiring should be (a test says so). */
export const describedRoutes: readonly string[] = Object.keys(contracts);

/** Path parameters by name, as the use cases parse them. */
const pathParameterSchemas: Readonly<Record<string, z.ZodMiniType>> = {
  guestId: guestIdSchema,
  propertyId: propertyIdSchema,
  room: roomSchema,
  reservationId: reservationIdSchema,
};

type JsonObject = Record<string, unknown>;

/**
 * Schemas that many others use: components of their own, referred to by name, so each is written once (an instant's
 * pattern alone is 400 characters).
 */
const sharedFields = {
  EventId: eventIdSchema,
  PropertyId: propertyIdSchema,
  GuestId: guestIdSchema,
  Room: roomSchema,
  Instant: instantSchema,
  Email: emailSchema,
  Phone: phoneSchema,
  GuestDetails: guestDetailsSchema,
  Diner: dinerSchema,
  OrderedItem: orderedItemSchema,
} as const;

const componentRef = (name: string) => `#/components/schemas/${name}`;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) of named schemas, each a component, with `$ref`s to the shared fields.
 * Requests are described as sent (`input`: the side of transforms and defaults a caller sees), answers as answered.
 */
function componentsOf(named: Readonly<Record<string, z.ZodMiniType>>, io: 'input' | 'output'): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  // Shared fields are what callers send; answers are plain strings and numbers.
  const all = io === 'input' ? { ...sharedFields, ...named } : named;
  for (const [id, schema] of Object.entries(all)) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: componentRef, override: annotateSharedFields });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
      return [id, rest];
    }),
  );
}

/** A parameter's schema: a reference when it is a shared field, else written out. */
function parameterSchemaOf(schema: z.ZodMiniType): JsonObject {
  const shared = Object.entries(sharedFields).find(([, field]) => field === schema);
  if (shared) return { $ref: componentRef(shared[0]) };
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', override: annotateSharedFields }) as JsonObject;
  return rest;
}

const errorCodes: Readonly<Record<number, string>> = Object.fromEntries(
  [
    new InvalidInputError(''),
    new UnauthorizedError(''),
    new ForbiddenError(''),
    new NotFoundError(''),
    new ConflictError(''),
    new UnsupportedMediaTypeError('', {}),
  ].map((error) => [error.status, error.code]),
);

const errorMeanings: Readonly<Record<number, string>> = {
  400: 'Invalid input: `fields` names each offending part (`guest.email`, `query.cursor`).',
  401: 'No valid token. On AWS the JWT authorizer answers `{"message":"Unauthorized"}` before the function runs.',
  403: 'The caller\'s role or property may not do this. On AWS a token without the route\'s scope gets `{"message":"Forbidden"}` from the authorizer.',
  404: 'No such guest, or one the caller may not see: the two answers are the same.',
  409: 'A conflict: an occupied room, a departure for a guest not in house, or an `eventId` used before for other content.',
  415: 'The body was not sent as JSON (`content-type: application/json`).',
  500: 'Something went wrong; the details are in the log, never in the answer.',
};

/** The route's errors, as far as the code states them. */
function errorStatuses(route: HttpRoute, contract: RouteContract | undefined, parameters: readonly unknown[]): number[] {
  const readsJson = contract?.body !== undefined;
  const statuses = new Set<number>([
    ...(readsJson || parameters.length ? [400] : []),
    ...(route.authenticated ? [401, 403] : []),
    ...(contract?.errors ?? []),
    ...(readsJson ? [415] : []),
    500,
  ]);
  // A route the contracts do not describe yet may answer any error the handler maps.
  if (!contract) for (const status of [400, 404, 409]) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/** `invalid_input` -> `InvalidInput`: the name of the shared response in `components.responses`. */
const responseNameOf = (status: number) =>
  (errorCodes[status] ?? 'internal').replace(/(^|_)([a-z])/g, (_, _separator: string, letter: string) => letter.toUpperCase());

function errorResponse(status: number): JsonObject {
  const code = errorCodes[status] ?? 'internal';
  const gatewayAnswer = status === 401 || status === 403;
  const ours = { $ref: '#/components/schemas/Error' };
  return {
    description: `\`${code}\`: ${errorMeanings[status]}`,
    content: { 'application/json': { schema: gatewayAnswer ? { anyOf: [ours, { $ref: '#/components/schemas/GatewayError' }] } : ours } },
  };
}

/** Who may call: the roles the wiring declares, and admins, who may call every route. */
function rolesOf(route: HttpRoute): Role[] {
  return [...new Set<Role>([...route.roles, 'admin'])];
}

function operation(fn: HttpFunction, route: HttpRoute): JsonObject {
  const routeKey = `${route.method} ${route.path}`;
  const contract = contracts[routeKey];
  const pathNames = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const parameters = [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: pathParameterSchemas[name] ? parameterSchemaOf(pathParameterSchemas[name]) : { type: 'string', minLength: 1 },
    })),
    ...Object.entries(contract?.query ?? {}).map(([name, parameter]) => ({
      name,
      in: 'query',
      required: parameter.required ?? false,
      description: parameter.description,
      schema: parameterSchemaOf(parameter.schema),
    })),
  ];
  const roles = route.authenticated ? rolesOf(route) : [];
  const access = route.authenticated ? `Roles: ${roles.join(', ')}.` : 'No token needed.';
  const success = contract?.success ?? { status: 200, description: 'Answered as JSON.' };
  const successContent = success.html
    ? { 'text/html': { schema: { type: 'string' } } }
    : { 'application/json': { schema: 'answer' in success && success.answer ? { $ref: `#/components/schemas/${success.answer}` } : { type: 'object' } } };
  const responses: JsonObject = { [String(success.status)]: { description: success.description, content: successContent } };
  for (const status of errorStatuses(route, contract, parameters)) {
    // The unsubscribe link answers an invalid token with a page for people, not JSON.
    responses[String(status)] =
      success.html && status === 400
        ? { description: 'The link is not valid: a page saying so.', content: { 'text/html': { schema: { type: 'string' } } } }
        : { $ref: `#/components/responses/${responseNameOf(status)}` };
  }
  return {
    operationId: operationIdOf(route),
    summary: contract?.summary ?? `${fn.name} (${routeKey})`,
    description: [contract?.description, access].filter(Boolean).join(' '),
    tags: [fn.name],
    ...(parameters.length ? { parameters } : {}),
    ...(contract?.body
      ? {
          requestBody: {
            required: true,
            content: {
              [contract.form ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: { $ref: `#/components/schemas/${contract.body}` } },
            },
          },
        }
      : {}),
    responses,
    security: route.authenticated ? [{ staffToken: roles }] : [],
    'x-roles': roles,
    'x-function': fn.name,
  };
}

/** `GET /v1/guests/{guestId}/recognition` -> `getGuestsGuestIdRecognition`. */
function operationIdOf(route: HttpRoute): string {
  const words = route.path
    .replace(/^\/v1\//, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('');
}

/** The OpenAPI 3.1 document of every HTTP route in the wiring. */
export function buildOpenApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const fn of functions) {
    if (fn.trigger !== 'http') continue;
    for (const route of fn.routes) {
      paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(fn, route) };
    }
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Guest recognition HTTP API',
      version,
      description:
        'Staff terminals and hotel systems report check-ins, meals, departures and notes (each becomes an event on the bus, ' +
        `source \`${eventSource}\`; see docs/events/) and read who is in front of them. JSON in and out. Errors are ` +
        '`{"error":{"code","message","fields"}}`. Generated from shared/wiring.ts and the zod schemas by `npm run openapi`.',
    },
    servers: [{ url: 'http://localhost:3000', description: 'npm start' }],
    paths: sortedPaths,
    components: {
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A staff token (Cognito on AWS; `npm run token` locally). Its claims name a `role` (frontdesk, restaurant, floor or admin) ' +
            'and a `propertyId` (`*` for a group-wide admin). Each operation lists the roles it allows; admins may call every route.',
        },
      },
      responses: Object.fromEntries(Object.keys(errorMeanings).map((status) => [responseNameOf(Number(status)), errorResponse(Number(status))])),
      schemas: {
        ...componentsOf(requestBodies, 'input'),
        ...componentsOf({ ...answers, Error: errorSchema }, 'output'),
        GatewayError: {
          type: 'object',
          properties: { message: { type: 'string' } },
          required: ['message'],
          description: "API Gateway's own answer, before any function runs.",
        },
      },
    },
  };
}
