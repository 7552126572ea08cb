/**
 * A reservation as the arrivals list sees it: what its events say, whatever order they arrive in. Its state is a
 * join of facts (the newest confirmation, the newest cancellation, the first check-in that closed it): applying a
 * fact twice, or facts in any order, gives the same state, so a recorder only merges.
 *
 * - The newest confirmation by business time (then event id) gives the details: a re-confirmation with changes
 *   supersedes the one before, and an older one arriving late changes nothing.
 * - Cancelled when the newest cancellation is at least as new as the newest confirmation: a cancellation that arrives
 *   before its confirmation still ends cancelled; a confirmation sent after a cancellation reinstates the reservation.
 * - Arrived once a check-in has closed it, whatever else happened: the guest is here.
 */
import { compareInstants, daysBetween } from './dates.ts';
import type { ReservationCancelled, ReservationConfirmed, ReservedGuest } from '../events/guest-events.ts';

/** A check-in that named the reservation: the room it gave and, once recorded, the guest it named. */
export interface ReservationCheckIn {
  readonly eventId: string;
  readonly propertyId: string;
  readonly reservationId: string;
  readonly at: string;
  readonly room: string;
  readonly guestId?: string;
}

export type ReservationFact =
  | { readonly kind: 'confirmed'; readonly event: ReservationConfirmed }
  | { readonly kind: 'cancelled'; readonly event: ReservationCancelled }
  | { readonly kind: 'checked-in'; readonly event: ReservationCheckIn };

export interface Reservation {
  readonly propertyId: string;
  readonly reservationId: string;
  /** The newest confirmation: the details the list shows. */
  readonly confirmed?: ReservationConfirmed;
  /** The newest cancellation. */
  readonly cancelled?: ReservationCancelled;
  /** The first check-in that closed it. */
  readonly checkedIn?: ReservationCheckIn;
}

export type ReservationStatus = 'unconfirmed' | 'expected' | 'cancelled' | 'arrived';

/** Business time, then event id: a total order, so ties are decided the same way in any delivery order. */
function compareFacts(a: { at: string; eventId: string }, b: { at: string; eventId: string }): number {
  return compareInstants(a.at, b.at) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

const newer = <T extends { at: string; eventId: string }>(current: T | undefined, candidate: T): T =>
  current === undefined || compareFacts(candidate, current) > 0 ? candidate : current;
const earlier = <T extends { at: string; eventId: string }>(current: T | undefined, candidate: T): T =>
  current === undefined || compareFacts(candidate, current) < 0 ? candidate : current;

/** The reservation with one more fact: commutative and idempotent. */
export function applyReservationFact(reservation: Reservation | undefined, fact: ReservationFact): Reservation {
  const base: Reservation = reservation ?? { propertyId: fact.event.propertyId, reservationId: fact.event.reservationId };
  switch (fact.kind) {
    case 'confirmed':
      return { ...base, confirmed: newer(base.confirmed, fact.event) };
    case 'cancelled':
      return { ...base, cancelled: newer(base.cancelled, fact.event) };
    case 'checked-in': {
      const first = earlier(base.checkedIn, fact.event);
      // The same check-in applied again once its guest is known (or before) keeps the guest.
      const guestId = [base.checkedIn, fact.event].find((c) => c?.eventId === first.eventId && c.guestId)?.guestId;
      return { ...base, checkedIn: { ...first, ...(guestId ? { guestId } : {}) } };
    }
  }
}

export function foldReservation(facts: readonly ReservationFact[]): Reservation | undefined {
  return facts.reduce<Reservation | undefined>(applyReservationFact, undefined);
}

export function reservationStatus(reservation: Reservation): ReservationStatus {
  if (reservation.checkedIn) return 'arrived';
  if (!reservation.confirmed) return 'unconfirmed';
  if (reservation.cancelled && compareInstants(reservation.cancelled.at, reservation.confirmed.at) >= 0) return 'cancelled';
  return 'expected';
}

/** One line of a day's arrivals list, as stored under the arrival date. */
export interface ArrivalListing {
  readonly propertyId: string;
  readonly reservationId: string;
  readonly arrivalDate: string;
  readonly departureDate: string;
  readonly roomType?: string;
  readonly guest: ReservedGuest;
  readonly status: 'expected' | 'arrived';
  /** The room a check-in gave, once arrived. */
  readonly room?: string;
}

/**
 * Where the reservation shows in the arrivals lists: under its arrival date while it is expected or has arrived;
 * nowhere while it is cancelled or not confirmed yet.
 */
export function arrivalListingOf(reservation: Reservation): ArrivalListing | undefined {
  const status = reservationStatus(reservation);
  const confirmed = reservation.confirmed;
  if (!confirmed || (status !== 'expected' && status !== 'arrived')) return undefined;
  return {
    propertyId: reservation.propertyId,
    reservationId: reservation.reservationId,
    arrivalDate: confirmed.arrivalDate,
    departureDate: confirmed.departureDate,
    ...(confirmed.roomType ? { roomType: confirmed.roomType } : {}),
    guest: confirmed.guest,
    status,
    ...(reservation.checkedIn ? { room: reservation.checkedIn.room } : {}),
  };
}

/** Days a reservation's data is kept after its departure date (then DynamoDB's TTL removes it). */
export const reservationRetentionDaysAfterDeparture = 30;
/** A reservation known only by a cancellation or a check-in is kept this long after that event. */
export const unconfirmedReservationRetentionDays = 400;

/** When the reservation's items expire (epoch seconds): some time after the departure date. */
export function reservationExpiresAt(reservation: Reservation): number {
  const dayS = 86_400;
  if (reservation.confirmed) {
    const departure = Date.parse(`${reservation.confirmed.departureDate}T00:00:00Z`) / 1000;
    return departure + reservationRetentionDaysAfterDeparture * dayS;
  }
  const latest = [reservation.cancelled?.at, reservation.checkedIn?.at]
    .filter((at): at is string => at !== undefined)
    .sort(compareInstants)
    .at(-1)!;
  return Math.floor(Date.parse(latest) / 1000) + unconfirmedReservationRetentionDays * dayS;
}

/**
 * A check-in without a reservation id still shows a reservation as arrived when its guest is in house at the
 * property, checked in no earlier than the day before the arrival date and no later than the departure date.
 */
export function arrivedByStay(listing: Pick<ArrivalListing, 'arrivalDate' | 'departureDate'>, checkedInOn: string): boolean {
  return daysBetween(listing.arrivalDate, checkedInOn) >= -1 && checkedInOn <= listing.departureDate;
}
