/**
 * What terminals read: the recognition card, the in-house list, a guest search. Each is one key lookup
 * (GetItem, or a Query of one partition), whatever the number of guests.
 */
import * as z from 'zod/mini';
import { findProperty, properties } from '../config/properties.ts';
import { identityKeysOf, matchCheckInGuest, normaliseEmail, normalisePhone } from '../domain/identity.ts';
import { buildRecognitionCard, fullNameOf, salutationOf, type RecognitionCard } from '../domain/recognition-card.ts';
import { canSeeGuest, cardView, mayKnowBirthDate, requireVisibleGuest, visibleCurrentStay } from './guest-visibility.ts';
import type { GuestProfile } from '../domain/guest-profile.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import {
  diningFields,
  emailSchema,
  guestIdSchema,
  instantSchema,
  phoneSchema,
  propertyIdSchema,
  roomSchema,
  text,
  type GuestDetails,
} from '../events/guest-events.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import type { Clock, GuestReader, InHouseGuest } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

export interface ReadDependencies {
  readonly reader: GuestReader;
  readonly clock: Clock;
}

const cardQuerySchema = z.strictObject({
  outlet: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  mealPeriod: z.optional(z.string().check(z.minLength(1), z.maxLength(30))),
  /** The property whose outlets and time zone apply; defaults to the caller's (or, group-wide, the guest's latest). */
  propertyId: z.optional(propertyIdSchema),
  /** Read the card as of this instant (replays, rehearsals); defaults to now. */
  at: z.optional(instantSchema),
});

function cardFor(profile: GuestProfile, caller: Caller, clock: Clock, rawQuery: unknown, fixedPropertyId?: string): RecognitionCard {
  const query = parseOrThrow(cardQuerySchema, rawQuery, 'query', 'query');
  const propertyId = fixedPropertyId ?? query.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  const property = propertyId ? findProperty(propertyId) : undefined;
  if (query.outlet && !property)
    throw new InvalidInputError('Name the property of the outlet', { 'query.propertyId': 'is required with an outlet for a group-wide token' });
  const outlet = query.outlet ? property!.outlets.find((o) => o.id === query.outlet) : undefined;
  if (query.outlet && !outlet) throw new InvalidInputError('Unknown outlet', { 'query.outlet': `is not an outlet of ${property!.id}` });
  if (query.mealPeriod) {
    // Of the outlet asked for; without one, of any outlet of the property (of any property, for a group-wide caller
    // who named none).
    const outlets = outlet ? [outlet] : property ? property.outlets : properties.flatMap((p) => p.outlets);
    const mealPeriods = [...new Set(outlets.flatMap((o) => o.mealPeriods.map((m) => m.name)))];
    if (!mealPeriods.includes(query.mealPeriod))
      throw new InvalidInputError('Unknown meal period', { 'query.mealPeriod': `must be one of ${mealPeriods.join(', ')}` });
  }
  const request = {
    ...(propertyId ? { propertyId } : {}),
    ...(query.outlet ? { outlet: query.outlet } : {}),
    ...(query.mealPeriod ? { mealPeriod: query.mealPeriod } : {}),
  };
  const now = clock.now();
  const card = buildRecognitionCard(profile, { ...request, now: query.at ? new Date(query.at) : now });
  // A role that may not see the birth date could find it by reading the card as of chosen days: for such a role the
  // birthday is today's, whatever `at` says.
  if (query.at && !mayKnowBirthDate(caller.role)) return { ...card, birthdayToday: buildRecognitionCard(profile, { ...request, now }).birthdayToday };
  return card;
}

export async function recogniseGuest(
  { reader, clock }: ReadDependencies,
  caller: Caller,
  guestIdParameter: unknown,
  query: unknown,
): Promise<Record<string, unknown>> {
  const guestId = parseOrThrow(guestIdSchema, guestIdParameter, 'guest id', 'guestId');
  const profile = requireVisibleGuest(caller, guestId, await reader.getProfile(guestId));
  return cardView(caller, profile, cardFor(profile, caller, clock, query));
}

const roomPathSchema = z.strictObject({ propertyId: propertyIdSchema, room: roomSchema });

export async function recogniseRoom(
  { reader, clock }: ReadDependencies,
  caller: Caller,
  pathParameters: unknown,
  query: unknown,
): Promise<Record<string, unknown>> {
  const { propertyId, room } = parseOrThrow(roomPathSchema, pathParameters, 'path');
  assertPropertyAccess(caller, propertyId);
  const profile = (await reader.getInHouseGuest(propertyId, room))?.profile;
  if (!profile) throw new NotFoundError(`No guest is in house in room ${room} at ${propertyId}`);
  return cardView(caller, profile, cardFor(profile, caller, clock, query, propertyId));
}

export async function listInHouse(
  { reader }: ReadDependencies,
  caller: Caller,
  propertyIdParameter: unknown,
): Promise<{ propertyId: string; guests: Partial<InHouseGuest>[] }> {
  const propertyId = parseOrThrow(propertyIdSchema, propertyIdParameter, 'property id', 'propertyId');
  assertPropertyAccess(caller, propertyId);
  const guests = await reader.listInHouse(propertyId);
  // The floor learns names and rooms, nothing of the stay itself.
  return { propertyId, guests: caller.role === 'floor' ? guests.map(({ checkedInAt: _since, ...nameAndRoom }) => nameAndRoom) : guests };
}

const searchQuerySchema = z
  .strictObject({
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
    lastName: z.optional(text(60)),
  })
  .check(
    z.refine((q) => [q.email, q.phone, q.lastName].filter((term) => term !== undefined).length === 1, {
      message: 'give one of email, phone or lastName',
      path: ['email'],
    }),
  );

/** A search by name answers at most this many guests: the desk narrows it down with a first name or a contact. */
export const maxGuestsByName = 20;
/** ...and reads at most this many guests with the surname to find them (guests of other properties are skipped). */
const maxGuestsReadByName = 200;

export interface GuestSummary {
  readonly guestId: string;
  readonly salutation: string;
  readonly fullName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly stays: number;
  readonly inHouse: { propertyId: string; room: string } | null;
}

/** Where the guest is in house, as far as the caller may know: at the caller's property (group-wide: the latest). */
function inHouseFor(caller: Caller, profile: GuestProfile): GuestSummary['inHouse'] {
  const stay = visibleCurrentStay(caller, profile);
  return stay ? { propertyId: stay.propertyId, room: stay.room } : null;
}

/** The visible guests with a surname, up to `maxGuestsByName`, reading the index in small batches. */
async function visibleGuestsBySurname(reader: GuestReader, caller: Caller, lastName: string): Promise<GuestProfile[]> {
  const found: GuestProfile[] = [];
  let batch: string[] = [];
  let read = 0;
  const take = async () => {
    const profiles = await Promise.all(batch.map((id) => reader.getProfile(id)));
    found.push(...profiles.filter((p): p is GuestProfile => p !== undefined && canSeeGuest(caller, p)));
    batch = [];
  };
  for await (const guestId of reader.listGuestIdsBySurname(lastName)) {
    batch.push(guestId);
    if (++read >= maxGuestsReadByName) break;
    if (batch.length === maxGuestsByName) await take();
    if (found.length >= maxGuestsByName) break;
  }
  if (batch.length) await take();
  return found.slice(0, maxGuestsByName).sort((a, b) => fullNameOf(a).localeCompare(fullNameOf(b)));
}

export async function searchGuests({ reader }: ReadDependencies, caller: Caller, rawQuery: unknown): Promise<{ guests: GuestSummary[] }> {
  const query = parseOrThrow(searchQuerySchema, rawQuery, 'query', 'query');
  let profiles: (GuestProfile | undefined)[];
  if (query.lastName) {
    profiles = await visibleGuestsBySurname(reader, caller, query.lastName);
  } else {
    const key = query.email ? { kind: 'email' as const, value: normaliseEmail(query.email) } : { kind: 'phone' as const, value: normalisePhone(query.phone!)! };
    const holders = await Promise.all((await reader.findGuestIds([key])).map((id) => reader.getProfile(id)));
    // A guest merged into another holds their keys still, and reads as that other guest: listed once.
    profiles = holders.filter((p, i) => p && holders.findIndex((q) => q?.guestId === p.guestId) === i);
  }
  return {
    guests: profiles.flatMap((p) =>
      p && canSeeGuest(caller, p)
        ? [
            {
              guestId: p.guestId,
              salutation: salutationOf(p),
              fullName: fullNameOf(p),
              email: p.email ?? null,
              phone: p.phone ?? null,
              stays: p.stayCount,
              inHouse: inHouseFor(caller, p),
            },
          ]
        : [],
    ),
  };
}

/** An identity as a check-in or a walk-in's meal gives it: a name, and keys with the details the caller typed. */
type StatedIdentity = Pick<GuestDetails, 'lastName' | 'pmsProfileId' | 'email' | 'phone' | 'birthDate' | 'language' | 'marketingConsent'>;

/**
 * What the caller may see of a guest first met at another property: the card, with contact details and dates only
 * as the caller stated them, never what the other property recorded.
 */
function asKnownHere(profile: GuestProfile, propertyId: string, stated: StatedIdentity): GuestProfile {
  if (profile.propertyIds.includes(propertyId)) return profile;
  const { email: _e, phone: _p, birthDate: _b, language: _l, ...rest } = profile;
  const phone = stated.phone === undefined ? undefined : normalisePhone(stated.phone);
  return {
    ...rest,
    ...(stated.email === undefined ? {} : { email: normaliseEmail(stated.email) }),
    ...(phone === undefined ? {} : { phone }),
    ...(stated.birthDate === undefined ? {} : { birthDate: stated.birthDate }),
    ...(stated.language === undefined ? {} : { language: stated.language }),
    marketingConsent: stated.marketingConsent ?? false,
    // Being recognised here is what makes them this property's guest.
    propertyIds: [...profile.propertyIds, propertyId],
  };
}

/**
 * Which known guest an identity names, by the one rule the recorders apply (matchCheckInGuest), and their card as
 * the caller may see it at `propertyId`: the desk's "welcome back", the host's "good evening" to a walk-in.
 */
export async function recogniseByIdentity(
  reader: Pick<GuestReader, 'findIdentityHolders' | 'getProfile'>,
  caller: Caller,
  propertyId: string,
  stated: StatedIdentity,
  card: { now: Date; outlet?: string },
): Promise<{ profile?: GuestProfile; recognition: Record<string, unknown> | null }> {
  const identityKeys = identityKeysOf(propertyId, stated);
  const { guestId } = matchCheckInGuest(stated.lastName, identityKeys, await reader.findIdentityHolders(identityKeys));
  const profile = guestId ? await reader.getProfile(guestId) : undefined;
  if (!profile) return { recognition: null };
  const known = asKnownHere(profile, propertyId, stated);
  return { profile, recognition: cardView(caller, known, buildRecognitionCard(known, { ...card, propertyId })) };
}

const dinerQuerySchema = z
  .strictObject({
    propertyId: z.optional(propertyIdSchema),
    outlet: z.optional(diningFields.outlet),
    lastName: text(60),
    email: z.optional(emailSchema),
    phone: z.optional(phoneSchema),
  })
  .check(z.refine((q) => q.email !== undefined || q.phone !== undefined, { message: 'give an email or a phone', path: ['email'] }));

/**
 * "Have we seen you before?" for a walk-in: the card of the guest the name and email (or phone) identify, by the
 * same rule as a check-in (so a phone alone finds no one), or 404.
 */
export async function findDiner({ reader, clock }: ReadDependencies, caller: Caller, rawQuery: unknown): Promise<Record<string, unknown>> {
  const query = parseOrThrow(dinerQuerySchema, rawQuery, 'query', 'query');
  const propertyId = query.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  if (!propertyId) throw new InvalidInputError('Name the property', { 'query.propertyId': 'is required for a group-wide token' });
  assertPropertyAccess(caller, propertyId);
  if (query.outlet && !findProperty(propertyId)!.outlets.some((o) => o.id === query.outlet)) {
    throw new InvalidInputError('Unknown outlet', { 'query.outlet': `is not an outlet of ${propertyId}` });
  }
  const { recognition } = await recogniseByIdentity(reader, caller, propertyId, query, { now: clock.now(), ...(query.outlet ? { outlet: query.outlet } : {}) });
  if (!recognition) throw new NotFoundError('No guest is known by that name and contact');
  return recognition;
}
