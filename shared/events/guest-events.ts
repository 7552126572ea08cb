/**
 * The guest events: defined once, imported by every producer (HTTP functions, hotel systems' adapters, the demo)
 * and every consumer (the recorders). A hotel system may PutEvents these straight onto the bus with
 * `Source: "hotel.guests"` and the detail-type named here; the detail must satisfy the schema.
 */
import * as z from 'zod/mini';
import { properties } from '../config/properties.ts';
import { normalisePhone } from '../domain/identity.ts';
import { isValidBirthDate } from '../domain/dates.ts';

export const eventSource = 'hotel.guests';

export const detailTypes = {
  guestCheckedIn: 'GuestCheckedIn',
  diningRecorded: 'DiningRecorded',
  guestDeparted: 'GuestDeparted',
  guestNoteAdded: 'GuestNoteAdded',
  marketingConsentWithdrawn: 'MarketingConsentWithdrawn',
} as const;
export type DetailType = (typeof detailTypes)[keyof typeof detailTypes];

/**
 * C0 and C1 control characters (CR, LF, TAB, NUL, DEL, ...) and the Unicode line and paragraph separators: names,
 * notes and the like end up in email headers, on cards and in logs, where a line break splits or forges a line.
 */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, but a note may run over several lines. */
const controlCharactersButNewline = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

export const text = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => !controlCharacters.test(value), { message: 'must not contain line breaks or control characters' }),
  );

export const propertyIdSchema = text(40).check(
  z.refine((id) => properties.some((p) => p.id === id), { message: 'is not a property of this group' }),
);
export const guestIdSchema = z.string().check(
  z.regex(/^g_[A-Za-z0-9_-]{20,40}$/, { message: 'must be a guest id such as g_4Zq...' }),
);
export const roomSchema = z.string().check(
  z.trim(),
  z.regex(/^[A-Za-z0-9-]{1,10}$/, { message: 'must be a room number of 1 to 10 letters, digits or dashes' }),
);
export const instantSchema = z.iso.datetime({ offset: true });
export const eventIdSchema = z.string().check(
  z.regex(/^[A-Za-z0-9_.:-]{8,100}$/, { message: 'must be 8 to 100 letters, digits or _ . : -' }),
);

/** An ordered item: `"2 x egg"` or `{ "name": "egg", "quantity": 2 }`; both become `{ name, quantity }`. */
const itemNameSchema = z.pipe(
  text(80),
  z.transform((name) => name.replace(/\s+/g, ' ')),
);
const quantitySchema = z.int().check(z.gte(1), z.lte(99));
export const orderedItemSchema = z.union([
  z.strictObject({ name: itemNameSchema, quantity: z._default(quantitySchema, 1) }),
  z.pipe(
    z.string().check(
      z.trim(),
      z.minLength(1),
      z.maxLength(90),
      z.refine((value) => !controlCharacters.test(value), { message: 'must not contain line breaks or control characters' }),
    ),
    z.transform((raw, ctx) => {
      const match = /^(\d{1,2})\s*[x×]\s+(.+)$/i.exec(raw);
      const quantity = match ? Number(match[1]) : 1;
      const name = (match ? match[2]! : raw).trim().replace(/\s+/g, ' ');
      if (quantity < 1 || name.length > 80) {
        ctx.issues.push({ code: 'custom', message: 'must be "name" or "N x name" (N from 1 to 99)', input: raw, continue: true });
        return z.NEVER;
      }
      return { name, quantity };
    }),
  ),
]);
export type OrderedItem = { name: string; quantity: number };

export const birthDateSchema = z.string().check(
  z.refine(isValidBirthDate, { message: 'must be YYYY-MM-DD, or --MM-DD when the year is unknown' }),
);

export const guestDetailsSchema = z.strictObject({
  pmsProfileId: z.optional(text(64)),
  title: z.optional(text(20)),
  firstName: z.optional(text(60)),
  lastName: text(60),
  email: z.optional(z.pipe(z.string().check(z.trim(), z.maxLength(254)), z.email())),
  phone: z.optional(
    z.string().check(
      z.maxLength(30),
      z.refine((p) => normalisePhone(p) !== undefined, { message: 'must be an international number, e.g. +66 2 659 9000' }),
    ),
  ),
  birthDate: z.optional(birthDateSchema),
  language: z.optional(
    z.string().check(z.regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { message: 'must be a language tag such as en or zh-Hant' })),
  ),
  marketingConsent: z.optional(z.boolean()),
});
export type GuestDetails = z.output<typeof guestDetailsSchema>;

/** Every event names itself (for idempotency), its property and its business time. */
const envelope = {
  eventId: eventIdSchema,
  propertyId: propertyIdSchema,
  at: instantSchema,
};

export const guestCheckedInSchema = z.strictObject({
  ...envelope,
  room: roomSchema,
  guest: guestDetailsSchema,
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

/** What a meal record says, whoever reports it (the restaurant's terminal or the POS). */
export const diningFields = {
  outlet: text(40),
  mealPeriod: z.optional(text(30)),
  table: text(20),
  items: z.array(orderedItemSchema).check(z.minLength(1), z.maxLength(50)),
  partySize: z.optional(z.int().check(z.gte(1), z.lte(50))),
};

export const diningRecordedSchema = z
  .strictObject({
    ...envelope,
    guestId: guestIdSchema,
    room: z.optional(roomSchema),
    ...diningFields,
  })
  .check(outletAndMealPeriodCheck);
export type DiningRecorded = z.output<typeof diningRecordedSchema>;

export const guestDepartedSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  room: z.optional(roomSchema),
});
export type GuestDeparted = z.output<typeof guestDepartedSchema>;

/** A preference note: up to 500 characters, line breaks allowed, no other control characters. */
export const noteTextSchema = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(500),
  z.refine((value) => !controlCharactersButNewline.test(value), { message: 'must not contain control characters' }),
);

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

/** The guest asked for no more marketing email (the unsubscribe link); a later check-in may give consent again. */
export const marketingConsentWithdrawnSchema = z.strictObject({
  ...envelope,
  guestId: guestIdSchema,
  channel: z.enum(['unsubscribe-link', 'front-desk']),
});
export type MarketingConsentWithdrawn = z.output<typeof marketingConsentWithdrawnSchema>;

export type GuestEvent =
  | { detailType: typeof detailTypes.guestCheckedIn; detail: GuestCheckedIn }
  | { detailType: typeof detailTypes.diningRecorded; detail: DiningRecorded }
  | { detailType: typeof detailTypes.guestDeparted; detail: GuestDeparted }
  | { detailType: typeof detailTypes.guestNoteAdded; detail: GuestNoteAdded }
  | { detailType: typeof detailTypes.marketingConsentWithdrawn; detail: MarketingConsentWithdrawn };
