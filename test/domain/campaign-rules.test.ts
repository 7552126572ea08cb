import { describe, expect, it } from 'vitest';
import { birthdayMonthDaysAt, decideBirthdayGreeting, decideLapsedGuestEmail, lapsedDepartureDatesAt, wholeYearsBetween } from '#shared/domain/campaign-rules';
import type { GuestProfile } from '#shared/domain/guest-profile';
import type { GuestDetails } from '#shared/events/guest-events';
import { aCheckIn, aDeparture, checkInEntry, departureEntry, mrYu, profileOf, withEntries } from '#test/support/builders';

const guestId = 'g_campaignRulesGuest000001';

/** A guest who checked in and, unless `departure` is null, left again (Bangkok times). */
function aGuest(
  guest: Partial<GuestDetails> = {},
  { checkIn = '2026-06-07T14:00:00+07:00', departure = '2026-06-09T11:00:00+07:00' }: { checkIn?: string; departure?: string | null } = {},
): GuestProfile {
  const profile = profileOf(guestId, checkInEntry(aCheckIn({ at: checkIn, guest: { ...mrYu, ...guest } })));
  return departure === null ? profile : withEntries(profile, departureEntry(aDeparture(guestId, { at: departure })));
}

/** The guest is back in house: a later check-in, no departure yet. */
function checkedInAgain(profile: GuestProfile, at: string): GuestProfile {
  return withEntries(profile, checkInEntry(aCheckIn({ at, room: '1501', guest: { ...mrYu } })));
}

/** An instant in the morning of a Bangkok date. */
const bangkokMorning = (date: string) => new Date(`${date}T09:00:00+07:00`);

describe('birthday index keys for a run', () => {
  it('reads the Bangkok date, which is already 20 June while UTC is still on 19 June', () => {
    expect(birthdayMonthDaysAt(new Date('2029-06-19T18:30:00Z'))).toEqual(['06-20']);
  });

  it('reads the UTC-yesterday key only until midnight in Bangkok', () => {
    expect(birthdayMonthDaysAt(new Date('2029-06-19T16:59:00Z'))).toEqual(['06-19']);
  });

  it('reads both 28 and 29 February on 28 February of a year without a 29th', () => {
    expect(birthdayMonthDaysAt(bangkokMorning('2027-02-28'))).toEqual(['02-28', '02-29']);
  });

  it('reads only 28 February on 28 February of a leap year', () => {
    expect(birthdayMonthDaysAt(bangkokMorning('2028-02-28'))).toEqual(['02-28']);
  });

  it('reads 29 February on the day itself in a leap year', () => {
    expect(birthdayMonthDaysAt(bangkokMorning('2028-02-29'))).toEqual(['02-29']);
  });
});

describe('last-stay index keys for a run', () => {
  it('reads the dates exactly one, two and three years before the Bangkok date', () => {
    expect(lapsedDepartureDatesAt(new Date('2029-06-19T18:30:00Z')).sort()).toEqual(['2026-06-20', '2027-06-20', '2028-06-20']);
  });

  it('also reads 29 February departures on 28 February of a year without a 29th', () => {
    const keys = lapsedDepartureDatesAt(bangkokMorning('2029-02-28'));
    expect(keys).toEqual(expect.arrayContaining(['2028-02-28', '2028-02-29', '2027-02-28', '2026-02-28']));
  });

  it('reads only 28 February departures on 28 February of a leap year', () => {
    expect(lapsedDepartureDatesAt(bangkokMorning('2028-02-28')).sort()).toEqual(['2025-02-28', '2026-02-28', '2027-02-28']);
  });
});

describe('whole years between two dates', () => {
  it('counts a year only once its anniversary is reached', () => {
    expect(wholeYearsBetween('2026-06-09', '2029-06-08')).toBe(2);
    expect(wholeYearsBetween('2026-06-09', '2029-06-09')).toBe(3);
    expect(wholeYearsBetween('2026-06-09', '2029-06-20')).toBe(3);
  });

  it('is zero within the first year', () => {
    expect(wholeYearsBetween('2026-06-09', '2026-06-09')).toBe(0);
    expect(wholeYearsBetween('2026-06-09', '2027-06-08')).toBe(0);
  });

  it('reaches a 29 February anniversary on 28 February in a year without a 29th', () => {
    expect(wholeYearsBetween('2028-02-29', '2029-02-28')).toBe(1);
    expect(wholeYearsBetween('2028-02-29', '2031-02-28')).toBe(3);
  });

  it('waits for 29 February itself in a leap year', () => {
    expect(wholeYearsBetween('2028-02-29', '2032-02-28')).toBe(3);
    expect(wholeYearsBetween('2028-02-29', '2032-02-29')).toBe(4);
  });
});

describe('birthday greeting decision', () => {
  it('is not today on any other day', () => {
    expect(decideBirthdayGreeting(aGuest(), bangkokMorning('2029-06-21'))).toEqual({ kind: 'not-today' });
  });

  it('is not today on the UTC birthday when Bangkok has moved on to the next day', () => {
    expect(decideBirthdayGreeting(aGuest(), new Date('2029-06-20T18:30:00Z'))).toEqual({ kind: 'not-today' });
  });

  it('is not today for a guest who never gave a birth date', () => {
    expect(decideBirthdayGreeting(aGuest({ birthDate: undefined }), bangkokMorning('2029-06-20'))).toEqual({ kind: 'not-today' });
  });

  it('skips a guest without an email address', () => {
    expect(decideBirthdayGreeting(aGuest({ email: undefined }), bangkokMorning('2029-06-20'))).toEqual({ kind: 'skip', reason: 'no email address' });
  });

  it('skips a guest who never gave marketing consent', () => {
    expect(decideBirthdayGreeting(aGuest({ marketingConsent: undefined }), bangkokMorning('2029-06-20'))).toEqual({
      kind: 'skip',
      reason: 'no marketing consent',
    });
  });

  it('sends on the Bangkok birthday, three years after the last stay, with the year as its period', () => {
    expect(decideBirthdayGreeting(aGuest(), new Date('2029-06-19T18:30:00Z'))).toEqual({
      kind: 'send',
      propertyId: 'bangkok',
      period: '2029',
      yearsAway: 3,
    });
  });

  it('says nothing about time away within a year of the last stay', () => {
    const decision = decideBirthdayGreeting(aGuest(), bangkokMorning('2026-06-20'));
    expect(decision).toEqual({ kind: 'send', propertyId: 'bangkok', period: '2026', yearsAway: 0 });
  });

  it('says nothing about time away while the guest is in house, however long the previous absence', () => {
    const inHouse = checkedInAgain(aGuest(), '2029-06-18T14:00:00+07:00');
    expect(decideBirthdayGreeting(inHouse, bangkokMorning('2029-06-20'))).toEqual({ kind: 'send', propertyId: 'bangkok', period: '2029', yearsAway: 0 });
  });

  it('greets a first-stay guest in house on the birthday', () => {
    const inHouse = aGuest({}, { checkIn: '2026-06-19T14:00:00+07:00', departure: null });
    expect(decideBirthdayGreeting(inHouse, bangkokMorning('2026-06-20'))).toEqual({ kind: 'send', propertyId: 'bangkok', period: '2026', yearsAway: 0 });
  });

  describe('for a 29 February birthday', () => {
    const leapling = aGuest({ birthDate: '1992-02-29' });

    it('greets on 28 February in a year without a 29th', () => {
      expect(decideBirthdayGreeting(leapling, bangkokMorning('2027-02-28'))).toMatchObject({ kind: 'send', period: '2027' });
    });

    it('greets on 29 February in a leap year', () => {
      expect(decideBirthdayGreeting(leapling, bangkokMorning('2028-02-29'))).toMatchObject({ kind: 'send', period: '2028' });
    });

    it('does not greet on 28 February in a leap year', () => {
      expect(decideBirthdayGreeting(leapling, bangkokMorning('2028-02-28'))).toEqual({ kind: 'not-today' });
    });

    it('does not greet on 1 March in a year without a 29th', () => {
      expect(decideBirthdayGreeting(leapling, bangkokMorning('2027-03-01'))).toEqual({ kind: 'not-today' });
    });

    it('greets a birth date given without a year the same way', () => {
      expect(decideBirthdayGreeting(aGuest({ birthDate: '--02-29' }), bangkokMorning('2027-02-28'))).toMatchObject({ kind: 'send' });
    });
  });
});

describe('"we miss you" decision', () => {
  // Last stay ended 9 June 2026 in Bangkok; the birthday (20 June) never falls on an anniversary of it.
  const lapsed = aGuest();

  it.each([
    [1, '2027-06-09'],
    [2, '2028-06-09'],
    [3, '2029-06-09'],
  ])('sends exactly %i year(s) after the last stay, with the departure date and threshold as its period', (years, today) => {
    expect(decideLapsedGuestEmail(lapsed, bangkokMorning(today))).toEqual({
      kind: 'send',
      propertyId: 'bangkok',
      period: `2026-06-09+${years}y`,
      yearsAway: years,
    });
  });

  it('evaluates the anniversary in Bangkok, not in UTC', () => {
    // 8 June 2027, 17:30 UTC is already 9 June in Bangkok.
    expect(decideLapsedGuestEmail(lapsed, new Date('2027-06-08T17:30:00Z'))).toMatchObject({ kind: 'send', period: '2026-06-09+1y' });
    expect(decideLapsedGuestEmail(lapsed, new Date('2027-06-09T17:30:00Z'))).toEqual({ kind: 'not-today' });
  });

  it('sends nothing four years after the last stay, past the configured thresholds', () => {
    expect(decideLapsedGuestEmail(lapsed, bangkokMorning('2030-06-09'))).toEqual({ kind: 'not-today' });
  });

  it('sends nothing a day before or after the anniversary', () => {
    expect(decideLapsedGuestEmail(lapsed, bangkokMorning('2027-06-08'))).toEqual({ kind: 'not-today' });
    expect(decideLapsedGuestEmail(lapsed, bangkokMorning('2027-06-10'))).toEqual({ kind: 'not-today' });
  });

  it('sends nothing on the day of departure itself', () => {
    expect(decideLapsedGuestEmail(lapsed, bangkokMorning('2026-06-09'))).toEqual({ kind: 'not-today' });
  });

  it('sends nothing to a guest who has not stayed and left yet', () => {
    const firstStayInHouse = aGuest({}, { departure: null });
    expect(decideLapsedGuestEmail(firstStayInHouse, bangkokMorning('2027-06-07'))).toEqual({ kind: 'not-today' });
  });

  it('skips a guest who is in house on the anniversary', () => {
    const inHouse = checkedInAgain(lapsed, '2027-06-08T14:00:00+07:00');
    expect(decideLapsedGuestEmail(inHouse, bangkokMorning('2027-06-09'))).toEqual({ kind: 'skip', reason: 'in house' });
  });

  it('skips a guest whose birthday is the same day, who gets the birthday greeting instead', () => {
    const birthdayOnAnniversary = aGuest({ birthDate: '1970-06-09' });
    expect(decideLapsedGuestEmail(birthdayOnAnniversary, bangkokMorning('2028-06-09'))).toEqual({
      kind: 'skip',
      reason: 'gets a birthday greeting today',
    });
    expect(decideBirthdayGreeting(birthdayOnAnniversary, bangkokMorning('2028-06-09'))).toMatchObject({ kind: 'send', yearsAway: 2 });
  });

  it('skips a guest who never gave marketing consent', () => {
    expect(decideLapsedGuestEmail(aGuest({ marketingConsent: undefined }), bangkokMorning('2027-06-09'))).toEqual({
      kind: 'skip',
      reason: 'no marketing consent',
    });
  });

  it('skips a guest without an email address', () => {
    expect(decideLapsedGuestEmail(aGuest({ email: undefined }), bangkokMorning('2027-06-09'))).toEqual({ kind: 'skip', reason: 'no email address' });
  });

  it('reaches the anniversary of a 29 February departure on 28 February of a year without a 29th', () => {
    const leftOnLeapDay = aGuest({}, { checkIn: '2028-02-27T14:00:00+07:00', departure: '2028-02-29T11:00:00+07:00' });
    expect(decideLapsedGuestEmail(leftOnLeapDay, bangkokMorning('2029-02-28'))).toMatchObject({ kind: 'send', period: '2028-02-29+1y', yearsAway: 1 });
    expect(decideLapsedGuestEmail(leftOnLeapDay, bangkokMorning('2029-03-01'))).toEqual({ kind: 'not-today' });
  });
});
