/**
 * The guest events: defined once, imported by every producer (HTTP functions, hotel systems' adapters, the demo)
 * and every consumer (the recorders). A hotel system may PutEvents these straight onto the bus with
 * `Source: "hotel.guests"` and the detail-type named here; the detail must satisfy the schema.
 */
import * as z from 'zod/mini';
import { properties } from '../config/properties.ts';
import { isPlainEmailAddress, normalisePhone } from '../domain/identity.ts';
import { daysBetween, isCalendarDate, isValidBirthDate } from '../domain/dates.ts';
import { allergens, diets } from '../domain/dietary-needs.ts';
import { staffTags } from '../config/tags.ts';
import { InvalidInputError } from '../errors.ts';
import { parseOrThrow } from '../validation.ts';

export const eventSource = 'hotel.guests';

/**
 * C0 and C1 control characters (CR, LF, TAB, NUL, DEL, ...) and the Unicode line and paragraph separators: names,
 * notes and the like end up in email headers, on cards and in logs, where a line break splits or forges a line.
 */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, but a note may run over several lines. */
const controlCharactersButNewline = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
/** Bidirectional embedding, override and isolate controls: they make "Yu" display as another name in a subject line. */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/;
/** Half a surrogate pair is not text: it cannot be encoded as UTF-8 (mail, logs) and breaks whatever reads it. */
const loneSurrogate = /\p{Cs}/u;

/** Checks every free text shares: well-formed, and nothing that splits lines or reorders what is displayed. */
const wellFormedText = (allowNewlines: boolean) =>
  z.refine<string>(
    (value) => !loneSurrogate.test(value) && !bidiControls.test(value) && !(allowNewlines ? controlCharactersButNewline : controlCharacters).test(value),
    {
      message: allowNewlines
        ? 'must not contain control characters or unpaired surrogates'
        : 'must not contain line breaks, control characters or unpaired surrogates',
    },
  );

export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), wellFormedText(false));

/**
 * An identifier (property, outlet, meal period): exactly as configured, never trimmed, so `bangkok\r\n` or
 * `bangkok ` is refused rather than quietly read as `bangkok`.
 */
const identifier = (max: number) =>
  z.string().check(z.regex(new RegExp(`^[a-z0-9][a-z0-9-]{0,${max - 1}}$`), { message: `must be an id of 1 to ${max} lowercase letters, digits or dashes` }));

export const propertyIdSchema = identifier(40).check(z.refine((id) => properties.some((p) => p.id === id), { message: 'is not a property of this group' }));
export const guestIdSchema = z.string().check(z.regex(/^g_[A-Za-z0-9_-]{20,40}$/, { message: 'must be a guest id such as g_4Zq...' }));
export const roomSchema = z.string().check(z.regex(/^[A-Za-z0-9-]{1,10}$/, { message: 'must be a room number of 1 to 10 letters, digits or dashes' }));
/** Business times start in 2000: anything earlier is a typing or clock mistake (year 0000 would show on cards). */
export const earliestBusinessTime = '2000-01-01T00:00:00Z';
export const instantSchema = z.iso.datetime({ offset: true }).check(
  z.refine((value) => isCalendarDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))), {
    message: 'must be a real calendar date',
  }),
  z.refine((value) => Date.parse(value) >= Date.parse(earliestBusinessTime), { message: 'must not be before 2000-01-01' }),
);
export const eventIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,100}$/, { message: 'must be 8 to 100 letters, digits or _ . : -' }));

/** An ordered item: `"2 x egg"` or `{ "name": "egg", "quantity": 2 }`; both become `{ name, quantity }`. */
const itemNameSchema = z.pipe(
  text(80),
  z.transform((name) => name.replace(/\s+/g, ' ')),
);
const maxQuantity = 99;
const quantitySchema = z.int().check(z.gte(1), z.lte(maxQuantity));
export const orderedItemSchema = z.union([
  z.strictObject({ name: itemNameSchema, quantity: z._default(quantitySchema, 1) }),
  z.pipe(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(90), wellFormedText(false)),
    z.transform((raw, ctx) => {
      // Any leading count is read as a quantity: "100 x egg" is a quantity too many, not an item named so.
      const match = /^(\d+)\s*[x×]\s+(.+)$/i.exec(raw);
      const quantity = match ? Number(match[1]) : 1;
      const name = (match ? match[2]! : raw).trim().replace(/\s+/g, ' ');
      if (quantity < 1 || quantity > maxQuantity || name.length > 80) {
        ctx.issues.push({ code: 'custom', message: `must be "name" or "N x name" (N from 1 to ${maxQuantity})`, input: raw, continue: true });
        return z.NEVER;
      }
      return { name, quantity };
    }),
  ),
]);
export type OrderedItem = { name: string; quantity: number };

export const birthDateSchema = z.string().check(z.refine(isValidBirthDate, { message: 'must be YYYY-MM-DD, or --MM-DD when the year is unknown' }));

/** What the mailer can send to (one rule, shared with shared/email/outgoing-email.ts): a plain address, no display name. */
export const emailSchema = z
  .string()
  .check(z.trim(), z.maxLength(254), z.refine(isPlainEmailAddress, { message: 'must be a plain email address such as name@example.com' }));

export const phoneSchema = z.string().check(
  z.maxLength(30),
  z.refine((p) => normalisePhone(p) !== undefined, { message: 'must be an international number, e.g. +66 2 659 9000' }),
);

export const languageSchema = z.string().check(z.regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { message: 'must be a language tag such as en or zh-Hant' }));

export const guestDetailsSchema = z.strictObject({
  pmsProfileId: z.optional(text(64)),
  title: z.optional(text(20)),
  firstName: z.optional(text(60)),
  lastName: text(60),
  email: z.optional(emailSchema),
  phone: z.optional(phoneSchema),
  birthDate: z.optional(birthDateSchema),
  language: z.optional(languageSchema),
  marketingConsent: z.optional(z.boolean()),
});
export type GuestDetails = z.output<typeof guestDetailsSchema>;

/** Every event names itself (for idempotency), its property and its business time. */
const envelope = {
  eventId: eventIdSchema,
  propertyId: propertyIdSchema,
  at: instantSchema,
};

/** A PMS's id for a reservation: letters, digits and `_ . : -`, as the PMS issued it (it may name a URL's path). */
export const reservationIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be a reservation id of 1 to 64 letters, digits or _ . : -' }));

export const guestCheckedInSchema = z.strictObject({
  ...envelope,
  room: roomSchema,
  guest: guestDetailsSchema,
  /** The reservation this check-in closes, when the desk or the PMS names it (see the arrivals list). */
  reservationId: z.optional(reservationIdSchema),
});
export type GuestCheckedIn = z.output<typeof guestCheckedInSchema>;

/** The outlet must belong to the property, and a named meal period to the outlet. */
export const outletAndMealPeriodCheck = z.superRefine<{ propertyId: string; outlet: string; mealPeriod?: string | undefined }>((dining, ctx) => {
  const property = properties.find((p) => p.id === dining.propertyId);
  const outlet = property?.outlets.find((o) => o.id === dining.outlet);
  if (property && !outlet) {
    ctx.issues.push({ code: 'custom', path: ['outlet'], input: dining.outlet, message: `is not an outlet of ${property.id}` });
  }
  if (outlet && dining.mealPeriod && !outlet.mealPeriods.some((m) => m.name === dining.mealPeriod)) {
    const names = outlet.mealPeriods.map((m) => m.name).join(', ');
    ctx.issues.push({ code: 'custom', path: ['mealPeriod'], input: dining.mealPeriod, message: `must be one of ${names}` });
  }
});

/** The largest amount an event may state (in the currency's major unit): a typing slip, not a bill, above it. */
export const maxAmount = 10_000_000;
/** An amount of money in the currency's major unit (`1250.5` baht): not negative, at most 2 decimals. */
export const amountSchema = z.number().check(
  z.gte(0),
  z.lte(maxAmount),
  z.refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, { message: 'must have at most 2 decimals' }),
);
export const currencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as THB' }));

/**
 * Amounts are stated in the property's configured currency (absent: that one): with no exchange rates, spend in two
 * currencies could not be added up. A currency is only given with the amount it is for.
 */
export const propertyCurrencyCheck = (amountField: string) =>
  z.superRefine<{ propertyId: string; currency?: string | undefined } & Record<string, unknown>>((money, ctx) => {
    if (money.currency === undefined) return;
    const property = properties.find((p) => p.id === money.propertyId);
    if (property && /^[A-Z]{3}$/.test(money.currency) && money.currency !== property.currency) {
      ctx.issues.push({ code: 'custom', path: ['currency'], input: money.currency, message: `must be ${property.currency}, the currency of ${property.id}` });
    }
    if (money[amountField] === undefined) {
      ctx.issues.push({ code: 'custom', path: ['currency'], input: money.currency, message: `is only given with ${amountField}` });
    }
  });

/** What a meal record says, whoever reports it (the restaurant's terminal or the POS). */
export const diningFields = {
  outlet: identifier(40),
  mealPeriod: z.optional(identifier(30)),
  table: text(20),
  items: z.array(orderedItemSchema).check(z.minLength(1), z.maxLength(50)),
  partySize: z.optional(z.int().check(z.gte(1), z.lte(50))),
  /** What the meal cost, from the POS: counted in the guest's spend at the property. */
  amount: z.optional(amountSchema),
  currency: z.optional(currencySchema),
};

/** What a departure from the PMS may add: the nights stayed and the room revenue of the stay. */
export const departureValueFields = {
  nights: z.optional(z.int().check(z.gte(0), z.lte(366))),
  roomRevenue: z.optional(amountSchema),
  currency: z.optional(currencySchema),
};

/**
 * A diner not staying at the hotel (a walk-in), named as a check-in names a guest: by name and an email or phone. The
 * same identity rules apply: the next visit recognises them.
 */
export const dinerSchema = z
  .strictObject({
    title: z.optional(text(20)),
    firstName: z.optional(text(60)),
    lastName: text(60),
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
  })
  .check(z.refine((diner) => diner.email !== undefined || diner.phone !== undefined, { message: 'give an email or a phone', path: ['email'] }));
export type Diner = z.output<typeof dinerSchema>;

/** Exactly one way to name the diner: a recorded guest's id, or a walk-in's identity. */
const oneDinerReference = z.refine<{ guestId?: string | undefined; diner?: unknown }>(
  (dining) => (dining.guestId === undefined) !== (dining.diner === undefined),
  {
    message: 'give either guestId or diner',
    path: ['guestId'],
  },
);

export const diningRecordedSchema = z
  .strictObject({
    ...envelope,
    guestId: z.optional(guestIdSchema),
    diner: z.optional(dinerSchema),
    room: z.optional(roomSchema),
    ...diningFields,
  })
  .check(outletAndMealPeriodCheck, oneDinerReference, propertyCurrencyCheck('amount'));
export type DiningRecorded = z.output<typeof diningRecordedSchema>;

export const guestDepartedSchema = z
  .strictObject({
    ...envelope,
    guestId: guestIdSchema,
    room: z.optional(roomSchema),
    ...departureValueFields,
  })
  .check(propertyCurrencyCheck('roomRevenue'));
export type GuestDeparted = z.output<typeof guestDepartedSchema>;

/** A preference note: up to 500 characters, line breaks allowed, no other control characters. */
export const noteTextSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(500), wellFormedText(true));

export const noteCategories = ['food', 'drink', 'room', 'service', 'complaint', 'celebration', 'other'] as const;

export const guestNoteAddedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  category: z.enum(noteCategories),
  text: noteTextSchema,
  /** Who wrote it, as a role and the token subject: staff see who noted what. */
  author: z.strictObject({ role: text(20), subject: text(128) }),
});
export type GuestNoteAdded = z.output<typeof guestNoteAddedSchema>;

/**
 * The guest's allergies and dietary needs, stated whole: the latest statement (by business time) replaces any before
 * it, and one with empty lists and no text says there are none. Group-wide: an allergy does not stop at a property.
 */
export const guestDietaryNeedsRecordedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  allergies: z.array(z.enum(allergens)).check(
    z.maxLength(allergens.length),
    z.refine((list) => new Set(list).size === list.length, { message: 'must name each allergen once' }),
  ),
  diets: z.array(z.enum(diets)).check(
    z.maxLength(diets.length),
    z.refine((list) => new Set(list).size === list.length, { message: 'must name each diet once' }),
  ),
  /** What the lists cannot say: "severe: carries an EpiPen", "no pork". */
  other: z.optional(text(200)),
  author: z.strictObject({ role: text(20), subject: text(128) }),
});
export type GuestDietaryNeedsRecorded = z.output<typeof guestDietaryNeedsRecordedSchema>;

/**
 * The front desk or an admin corrects the profile: only the fields named change (`null` removes one; the surname
 * cannot be removed), and `marketingConsent` records consent given or withdrawn at the desk. Who and when are part
 * of it, and it stays in the history. A new email or phone becomes one of the guest's identity keys.
 */
export const profileCorrectionSchema = z
  .strictObject({
    title: z.optional(z.nullable(text(20))),
    firstName: z.optional(z.nullable(text(60))),
    lastName: z.optional(text(60)),
    email: z.optional(z.nullable(emailSchema)),
    phone: z.optional(z.nullable(phoneSchema)),
    language: z.optional(z.nullable(languageSchema)),
    birthDate: z.optional(z.nullable(birthDateSchema)),
    marketingConsent: z.optional(z.boolean()),
  })
  .check(z.refine((changes) => Object.keys(changes).length > 0, { message: 'name at least one field to correct' }));
export type ProfileCorrection = z.output<typeof profileCorrectionSchema>;

export const guestProfileCorrectedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  changes: profileCorrectionSchema,
  author: z.strictObject({ role: text(20), subject: text(128) }),
});
export type GuestProfileCorrected = z.output<typeof guestProfileCorrectedSchema>;

/** Staff set (`set: true`) or remove a tag of the group's vocabulary (shared/config/tags.ts); the latest by business time holds. */
export const guestTagChangedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  tag: z.enum(staffTags),
  set: z.boolean(),
  author: z.strictObject({ role: text(20), subject: text(128) }),
});
export type GuestTagChanged = z.output<typeof guestTagChangedSchema>;

/**
 * An admin merges a duplicate profile into the guest (`guestId` survives): the card then shows both histories, and
 * the merged guest's id and identity keys lead to it. Each history stays where it was recorded, which is what lets
 * `GuestsUnmerged` give both profiles back exactly as if they had never been merged.
 */
export const guestsMergedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  mergedGuestId: guestIdSchema,
  author: z.strictObject({ role: text(20), subject: text(128) }),
});
export type GuestsMerged = z.output<typeof guestsMergedSchema>;

/**
 * An admin undoes a merge: both profiles are as they would be had it never happened, and each event recorded since
 * goes to the profile its identity (or guest id) named.
 */
export const guestsUnmergedSchema = guestsMergedSchema;
export type GuestsUnmerged = z.output<typeof guestsUnmergedSchema>;

/**
 * A note edited (new text, and category if it changes) or deleted by its author's role or an admin. The note's own
 * event stays in the history: the change is recorded beside it, with who and when.
 */
export const guestNoteChangedSchema = z
  .strictObject({
    ...envelope,
    guestId: guestIdSchema,
    noteId: eventIdSchema,
    action: z.enum(['edit', 'delete']),
    category: z.optional(z.enum(noteCategories)),
    text: z.optional(noteTextSchema),
    author: z.strictObject({ role: text(20), subject: text(128) }),
  })
  .check(
    z.refine((change) => change.action === 'delete' || change.text !== undefined, { message: 'give the new text of the note', path: ['text'] }),
    z.refine((change) => change.action === 'edit' || (change.text === undefined && change.category === undefined), {
      message: 'a deletion takes no text or category',
      path: ['action'],
    }),
  );
export type GuestNoteChanged = z.output<typeof guestNoteChangedSchema>;

/** The guest asked for no more marketing email (the unsubscribe link); a later check-in may give consent again. */
export const marketingConsentWithdrawnSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  channel: z.enum(['unsubscribe-link', 'front-desk']),
});
export type MarketingConsentWithdrawn = z.output<typeof marketingConsentWithdrawnSchema>;

/**
 * The floor saw a guest step into the lift: the outlet's terminals are told at once, so the host greets them by name.
 * Not part of the guest's history: it changes nothing stored, it is passed on.
 */
export const guestComingDownSchema = z
  .strictObject({
    ...envelope,
    guestId: guestIdSchema,
    room: roomSchema,
    outlet: identifier(40),
    /** How the host greets them ("Mr. Yu"), so the notice reads at a glance before the card loads. */
    salutation: text(90),
  })
  .check(outletAndMealPeriodCheck);
export type GuestComingDown = z.output<typeof guestComingDownSchema>;

/** A local date at the property, `YYYY-MM-DD`, a real one, from 2000 on. */
export const localDateSchema = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }),
  z.refine((value) => isCalendarDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))), {
    message: 'must be a real calendar date',
  }),
  z.refine((value) => value >= earliestBusinessTime.slice(0, 10), { message: 'must not be before 2000-01-01' }),
);

/** A reserved guest, named as a check-in names one (the same identity rules match them to a known guest). */
export const reservedGuestSchema = z.strictObject({
  pmsProfileId: guestDetailsSchema.shape.pmsProfileId,
  title: guestDetailsSchema.shape.title,
  firstName: guestDetailsSchema.shape.firstName,
  lastName: guestDetailsSchema.shape.lastName,
  email: guestDetailsSchema.shape.email,
  phone: guestDetailsSchema.shape.phone,
});
export type ReservedGuest = z.output<typeof reservedGuestSchema>;

/** Longest stay a reservation may state: its data expires some time after the departure date. */
export const maxReservedNights = 366;

/**
 * The PMS confirmed a reservation, or confirmed it again with changes: a re-confirmation is a new event (its own
 * `eventId`, a later `at`), and the latest by business time is what the arrivals list shows.
 */
export const reservationConfirmedSchema = z
  .strictObject({
    ...envelope,
    reservationId: reservationIdSchema,
    arrivalDate: localDateSchema,
    departureDate: localDateSchema,
    roomType: z.optional(text(40)),
    guest: reservedGuestSchema,
  })
  .check(
    z.refine((r) => r.departureDate >= r.arrivalDate, { message: 'must not be before arrivalDate', path: ['departureDate'] }),
    z.refine((r) => daysBetween(r.arrivalDate, r.departureDate) <= maxReservedNights, {
      message: `must be at most ${maxReservedNights} nights after arrivalDate`,
      path: ['departureDate'],
    }),
  );
export type ReservationConfirmed = z.output<typeof reservationConfirmedSchema>;

/** The PMS cancelled a reservation: it leaves the arrivals list, whichever of its events arrives first. */
export const reservationCancelledSchema = z.strictObject({
  ...envelope,
  reservationId: reservationIdSchema,
});
export type ReservationCancelled = z.output<typeof reservationCancelledSchema>;

/**
 * An event is its detail-type and its schema together: the wiring routes the detail-type to the recorder that
 * parses it with this schema, and the publisher names it, so nothing pairs a name with a schema by hand.
 */
export interface EventDefinition<T extends string = string, S extends z.ZodMiniType = z.ZodMiniType> {
  readonly detailType: T;
  readonly schema: S;
}

export function defineEvent<const T extends string, S extends z.ZodMiniType>(detailType: T, schema: S): EventDefinition<T, S> {
  return { detailType, schema };
}

export const guestCheckedIn = defineEvent('GuestCheckedIn', guestCheckedInSchema);
export const diningRecorded = defineEvent('DiningRecorded', diningRecordedSchema);
export const guestDeparted = defineEvent('GuestDeparted', guestDepartedSchema);
export const guestNoteAdded = defineEvent('GuestNoteAdded', guestNoteAddedSchema);
export const marketingConsentWithdrawn = defineEvent('MarketingConsentWithdrawn', marketingConsentWithdrawnSchema);
export const guestComingDown = defineEvent('GuestComingDown', guestComingDownSchema);
export const guestDietaryNeedsRecorded = defineEvent('GuestDietaryNeedsRecorded', guestDietaryNeedsRecordedSchema);
export const guestProfileCorrected = defineEvent('GuestProfileCorrected', guestProfileCorrectedSchema);
export const guestTagChanged = defineEvent('GuestTagChanged', guestTagChangedSchema);
export const guestNoteChanged = defineEvent('GuestNoteChanged', guestNoteChangedSchema);
export const guestsMerged = defineEvent('GuestsMerged', guestsMergedSchema);
export const guestsUnmerged = defineEvent('GuestsUnmerged', guestsUnmergedSchema);

export const reservationConfirmed = defineEvent('ReservationConfirmed', reservationConfirmedSchema);
export const reservationCancelled = defineEvent('ReservationCancelled', reservationCancelledSchema);
export const guestEvents = [
  guestCheckedIn,
  diningRecorded,
  guestDeparted,
  guestNoteAdded,
  marketingConsentWithdrawn,
  guestComingDown,
  guestDietaryNeedsRecorded,
  guestProfileCorrected,
  guestTagChanged,
  guestNoteChanged,
  guestsMerged,
  guestsUnmerged,
  reservationConfirmed,
  reservationCancelled,
] as const;
export type GuestEventDefinition = (typeof guestEvents)[number];
export type DetailType = GuestEventDefinition['detailType'];
export type DetailOf<D extends EventDefinition> = z.output<D['schema']>;

/** One guest event as published: its definition's detail-type and a detail of its schema. */
export type GuestEvent = { [D in GuestEventDefinition as D['detailType']]: { readonly detailType: D['detailType']; readonly detail: DetailOf<D> } }[DetailType];

/** Terminals' and hotel systems' clocks drift; further ahead than this is a mistake that would pin a guest in house. */
export const allowedClockSkewMs = 5 * 60_000;

/**
 * The one contract for an event, whichever way it came (an HTTP route or a hotel system's PutEvents): the schema,
 * then the times it states checked against when it was published. Business time may not run ahead of the
 * publication by more than the clock skew, and a birth date may not be after the day it was published.
 */
export function parseEvent<D extends EventDefinition>(definition: D, detail: unknown, publishedAt: Date, prefix = ''): DetailOf<D> {
  const parsed = parseOrThrow(definition.schema, detail, `${definition.detailType} detail`, prefix) as DetailOf<D> & {
    at?: string;
    guest?: { birthDate?: string };
    changes?: { birthDate?: string | null };
  };
  // Named like a schema issue, so an operator reading a dead letter sees which field was wrong.
  const inTheFuture = (name: string) => {
    const field = prefix ? `${prefix}.${name}` : name;
    return new InvalidInputError(`Invalid ${definition.detailType} detail: ${field} is in the future`, { [field]: 'must not be in the future' });
  };
  if (parsed.at !== undefined && Date.parse(parsed.at) > publishedAt.getTime() + allowedClockSkewMs) throw inTheFuture('at');
  const birthDate = parsed.guest?.birthDate;
  if (birthDate && !birthDate.startsWith('--') && birthDate > publishedAt.toISOString().slice(0, 10)) throw inTheFuture('guest.birthDate');
  const correctedBirthDate = parsed.changes?.birthDate;
  if (correctedBirthDate && !correctedBirthDate.startsWith('--') && correctedBirthDate > publishedAt.toISOString().slice(0, 10))
    throw inTheFuture('changes.birthDate');
  return parsed;
}
