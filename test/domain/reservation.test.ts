import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyReservationFact,
  arrivalListingOf,
  arrivedByStay,
  foldReservation,
  reservationExpiresAt,
  reservationStatus,
  type ReservationFact,
} from '#shared/domain/reservation';
import { parseEvent, reservationCancelled, reservationConfirmed, type ReservationConfirmed } from '#shared/events/guest-events';
import { InvalidInputError } from '#shared/errors';

const aConfirmation = (overrides: Partial<ReservationConfirmed> = {}): ReservationConfirmed => ({
  eventId: 'pms-confirm-1',
  propertyId: 'bangkok',
  at: '2031-05-01T10:00:00Z',
  reservationId: 'R-1001',
  arrivalDate: '2031-06-07',
  departureDate: '2031-06-09',
  roomType: 'Deluxe river view',
  guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: 'yu.wei@example.com' },
  ...overrides,
});
const confirmed = (overrides: Partial<ReservationConfirmed> = {}): ReservationFact => ({ kind: 'confirmed', event: aConfirmation(overrides) });
const cancelled = (at: string, eventId = `pms-cancel-${at}`): ReservationFact => ({
  kind: 'cancelled',
  event: { eventId, propertyId: 'bangkok', at, reservationId: 'R-1001' },
});
const checkedIn = (at: string, room = '1203', eventId = `check-in-${at}`): ReservationFact => ({
  kind: 'checked-in',
  event: { eventId, propertyId: 'bangkok', reservationId: 'R-1001', at, room },
});

describe('a reservation folded from its events', () => {
  it('is expected under its arrival date once confirmed', () => {
    const reservation = foldReservation([confirmed()])!;
    expect(reservationStatus(reservation)).toBe('expected');
    expect(arrivalListingOf(reservation)).toMatchObject({ arrivalDate: '2031-06-07', status: 'expected', roomType: 'Deluxe river view' });
  });

  it('ends cancelled when the cancellation arrives before its confirmation', () => {
    const reservation = foldReservation([cancelled('2031-05-02T08:00:00Z'), confirmed()])!;
    expect(reservationStatus(reservation)).toBe('cancelled');
    expect(arrivalListingOf(reservation)).toBeUndefined();
  });

  it('takes the newest confirmation: a re-confirmation with another date moves it, an older one arriving late changes nothing', () => {
    const moved = confirmed({ eventId: 'pms-confirm-2', at: '2031-05-03T10:00:00Z', arrivalDate: '2031-06-08', departureDate: '2031-06-10' });
    expect(arrivalListingOf(foldReservation([moved, confirmed()])!)?.arrivalDate).toBe('2031-06-08');
    expect(arrivalListingOf(foldReservation([confirmed(), moved])!)?.arrivalDate).toBe('2031-06-08');
  });

  it('is reinstated by a confirmation sent after the cancellation', () => {
    const reinstated = confirmed({ eventId: 'pms-confirm-3', at: '2031-05-05T10:00:00Z' });
    expect(reservationStatus(foldReservation([reinstated, cancelled('2031-05-02T08:00:00Z'), confirmed()])!)).toBe('expected');
  });

  it('is cancelled when the cancellation has the same business time as the confirmation', () => {
    expect(reservationStatus(foldReservation([confirmed(), cancelled('2031-05-01T10:00:00Z')])!)).toBe('cancelled');
  });

  it('shows as arrived, in the room given, once a check-in closes it, even one reported before the confirmation', () => {
    const reservation = foldReservation([checkedIn('2031-06-07T14:05:00+07:00'), confirmed()])!;
    expect(arrivalListingOf(reservation)).toMatchObject({ status: 'arrived', room: '1203' });
  });

  it('is not listed while only a cancellation or a check-in is known', () => {
    expect(arrivalListingOf(foldReservation([cancelled('2031-05-02T08:00:00Z')])!)).toBeUndefined();
    expect(reservationStatus(foldReservation([checkedIn('2031-06-07T07:05:00Z')])!)).toBe('arrived');
    expect(arrivalListingOf(foldReservation([checkedIn('2031-06-07T07:05:00Z')])!)).toBeUndefined();
  });

  it('keeps the guest of a check-in applied again once it is known', () => {
    const plain = checkedIn('2031-06-07T07:05:00Z');
    const withGuest: ReservationFact = { kind: 'checked-in', event: { ...(plain.event as object), guestId: 'g_abcdefghijklmnopqrstuv' } as never };
    expect(foldReservation([withGuest, plain])!.checkedIn?.guestId).toBe('g_abcdefghijklmnopqrstuv');
    expect(foldReservation([plain, withGuest])!.checkedIn?.guestId).toBe('g_abcdefghijklmnopqrstuv');
  });

  it('expires 30 days after the departure date', () => {
    expect(reservationExpiresAt(foldReservation([confirmed()])!)).toBe(Date.parse('2031-07-09T00:00:00Z') / 1000);
  });

  it('counts a stay begun from the day before the arrival to the departure as the arrival', () => {
    const dates = { arrivalDate: '2031-06-07', departureDate: '2031-06-09' };
    expect(arrivedByStay(dates, '2031-06-06')).toBe(true);
    expect(arrivedByStay(dates, '2031-06-09')).toBe(true);
    expect(arrivedByStay(dates, '2031-06-05')).toBe(false);
    expect(arrivedByStay(dates, '2031-06-10')).toBe(false);
  });
});

const instant = fc.integer({ min: 0, max: 30 }).map((day) => new Date(Date.UTC(2031, 4, 1 + day, 10)).toISOString());
const fact: fc.Arbitrary<ReservationFact> = fc.oneof(
  fc
    .record({ at: instant, n: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 1, max: 9 }) })
    .map(({ at, n, day }) => confirmed({ eventId: `pms-confirm-${at}-${n}-${day}`, at, arrivalDate: `2031-06-0${day}`, departureDate: '2031-06-10' })),
  instant.map((at) => cancelled(at)),
  fc.record({ at: instant, room: fc.constantFrom('1203', '1507') }).map(({ at, room }) => checkedIn(at, room, `check-in-${at}-${room}`)),
);

describe('delivery order', () => {
  it('does not matter: any shuffle, with any repetition, folds to the same reservation', () => {
    fc.assert(
      fc.property(
        fc.array(fact, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.infiniteStream(fc.nat()),
        (facts, repeats, order) => {
          const delivered = [...facts, ...repeats.map((i) => facts[i % facts.length]!)];
          const iterator = order[Symbol.iterator]();
          const shuffled = delivered
            .map((f) => ({ f, key: iterator.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ f }) => f);
          expect(foldReservation(shuffled)).toEqual(foldReservation(facts));
        },
      ),
    );
  });

  it('applying a fact twice is applying it once', () => {
    fc.assert(
      fc.property(fact, fact, (a, b) => {
        expect(applyReservationFact(applyReservationFact(foldReservation([a]), b), b)).toEqual(foldReservation([a, b]));
      }),
    );
  });
});

describe('the reservation events', () => {
  const publishedAt = new Date('2031-05-01T12:00:00Z');
  const invalidFields = (detail: unknown, definition: typeof reservationConfirmed | typeof reservationCancelled = reservationConfirmed) => {
    try {
      parseEvent(definition, detail, publishedAt);
    } catch (error) {
      if (error instanceof InvalidInputError) return Object.keys(error.fields);
      throw error;
    }
    return [];
  };

  it('accept a confirmation as a PMS sends it', () => {
    expect(invalidFields(aConfirmation())).toEqual([]);
  });

  it('name the field that is wrong', () => {
    expect(invalidFields(aConfirmation({ departureDate: '2031-06-06' }))).toEqual(['departureDate']);
    expect(invalidFields(aConfirmation({ arrivalDate: '2031-02-30' }))).toEqual(['arrivalDate']);
    expect(invalidFields(aConfirmation({ departureDate: '2033-06-07' }))).toEqual(['departureDate']);
    expect(invalidFields(aConfirmation({ reservationId: 'R 1001' }))).toEqual(['reservationId']);
    expect(invalidFields(aConfirmation({ guest: { lastName: 'Yu\nBcc: x' } }))).toEqual(['guest.lastName']);
    expect(invalidFields(aConfirmation({ at: '2031-05-02T00:00:00Z' }))).toEqual(['at']);
    expect(invalidFields({ ...aConfirmation(), nights: 2 })).toEqual(['nights']);
    expect(invalidFields({ eventId: 'pms-cancel-1', propertyId: 'bangkok', at: '2031-05-01T11:00:00Z' }, reservationCancelled)).toEqual(['reservationId']);
  });
});
