/**
 * The arrivals of a day at a property (the names to learn tonight): each reservation the PMS confirmed for that
 * arrival date and did not cancel, with the card of the known guest it names (by the same rule as a check-in, read
 * only: a reservation creates no profile), else the name as reserved. A reservation closed by a check-in, or whose
 * guest is in house since the day before the arrival, shows as arrived, with the room.
 *
 * Cost: one Query of the day's partition, then per arrival the identity lookups and one card (GetItems, in
 * parallel). The cards shown are reads of those guests, recorded in the access log like a search's results.
 */
import * as z from 'zod/mini';
import { requireProperty } from '../config/properties.ts';
import { daysBetween, toLocalDate } from '../domain/dates.ts';
import { currentStayAt } from '../domain/guest-profile.ts';
import { arrivedByStay, type ArrivalListing } from '../domain/reservation.ts';
import { fullNameOf, salutationOf } from '../domain/recognition-card.ts';
import { InvalidInputError } from '../errors.ts';
import { localDateSchema, propertyIdSchema } from '../events/guest-events.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import type { Clock, GuestReader } from '../ports.ts';
import type { AccessLogStore } from '../store/dynamo-access-log.ts';
import type { ReservationStore } from '../store/dynamo-reservations.ts';
import { parseOrThrow } from '../validation.ts';
import { auditedRoute, recordAccess } from './access-log.ts';
import { recogniseByIdentity } from './recognise.ts';

export interface ArrivalsDependencies {
  readonly reservations: Pick<ReservationStore, 'listArrivals'>;
  readonly reader: Pick<GuestReader, 'findIdentityHolders' | 'getProfile'>;
  readonly accessLog: AccessLogStore;
  readonly clock: Clock;
}

export interface Arrival {
  readonly reservationId: string;
  readonly arrivalDate: string;
  readonly departureDate: string;
  readonly roomType: string | null;
  /** `arrived` once a check-in closed the reservation (or the guest is in house since the day before). */
  readonly status: 'expected' | 'arrived';
  /** The room, once arrived. */
  readonly room: string | null;
  readonly salutation: string;
  readonly fullName: string;
  /** As reserved: what the front desk may see (no PMS profile id). */
  readonly guest: { title: string | null; firstName: string | null; lastName: string; email: string | null; phone: string | null };
  /** The known guest the reservation names, or null. */
  readonly guestId: string | null;
  /** That guest's card as the caller may see it, or null for a guest we have not met. */
  readonly recognition: Record<string, unknown> | null;
}

const arrivalsQuerySchema = z.strictObject({
  /** The arrival date, local at the property; tomorrow there by default. */
  date: z.optional(localDateSchema),
  /** Defaults to the caller's property; a group-wide admin names one. */
  propertyId: z.optional(propertyIdSchema),
});

const arrivalsRoute = auditedRoute('GET /v1/arrivals');

/** The local date `days` after `date`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function arrivalOf(deps: ArrivalsDependencies, caller: Caller, listing: ArrivalListing, now: Date, timeZone: string): Promise<Arrival> {
  const { guest } = listing;
  const { profile, recognition } = await recogniseByIdentity(deps.reader, caller, listing.propertyId, guest, { now });
  const stay = profile && currentStayAt(profile, listing.propertyId);
  const arrivedInRoom =
    listing.status === 'arrived' ? (listing.room ?? null) : stay && arrivedByStay(listing, toLocalDate(stay.checkedInAt, timeZone)) ? stay.room : null;
  return {
    reservationId: listing.reservationId,
    arrivalDate: listing.arrivalDate,
    departureDate: listing.departureDate,
    roomType: listing.roomType ?? null,
    status: listing.status === 'arrived' || arrivedInRoom ? 'arrived' : 'expected',
    room: arrivedInRoom,
    salutation: salutationOf(guest),
    fullName: fullNameOf(guest),
    guest: { title: guest.title ?? null, firstName: guest.firstName ?? null, lastName: guest.lastName, email: guest.email ?? null, phone: guest.phone ?? null },
    guestId: recognition ? profile!.guestId : null,
    recognition,
  };
}

export async function listArrivals(
  deps: ArrivalsDependencies,
  caller: Caller,
  rawQuery: unknown,
): Promise<{ propertyId: string; date: string; arrivals: Arrival[] }> {
  const query = parseOrThrow(arrivalsQuerySchema, rawQuery, 'query', 'query');
  const propertyId = query.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  if (!propertyId) throw new InvalidInputError('Name the property', { 'query.propertyId': 'is required for a group-wide token' });
  assertPropertyAccess(caller, propertyId);
  const { timeZone } = requireProperty(propertyId);
  const now = deps.clock.now();
  const today = toLocalDate(now, timeZone);
  const date = query.date ?? addDays(today, 1);
  if (Math.abs(daysBetween(today, date)) > 400)
    throw new InvalidInputError('Pick a date within a year or so of today', { 'query.date': 'must be within 400 days of today' });
  const listings = await deps.reservations.listArrivals(propertyId, date);
  const arrivals = await Promise.all(listings.map((listing) => arrivalOf(deps, caller, listing, now, timeZone)));
  await recordAccess(
    deps,
    caller,
    arrivalsRoute,
    arrivals.flatMap((a) => (a.guestId ? [a.guestId] : [])),
  );
  // Those still to come first, then by surname and name.
  const order = (a: Arrival) => `${a.status === 'expected' ? 0 : 1}|${a.guest.lastName.toLowerCase()}|${a.fullName.toLowerCase()}|${a.reservationId}`;
  return { propertyId, date, arrivals: arrivals.sort((a, b) => order(a).localeCompare(order(b))) };
}
