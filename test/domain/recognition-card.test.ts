import { describe, expect, it } from 'vitest';
import { buildRecognitionCard, fullNameOf, isBirthdayOn, salutationOf } from '#shared/domain/recognition-card';
import { diningKey, diningVisitFrom, summariseDining, type GuestProfile, type HistoryEntry } from '#shared/domain/guest-profile';
import type { DiningRecorded } from '#shared/events/guest-events';
import {
  aCheckIn,
  aDeparture,
  aDining,
  aNote,
  checkInEntry,
  departureEntry,
  diningEntry,
  mrYu,
  noteEntry,
  profileOf,
  withEntries,
} from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';

function createFirstStay(overrides: Parameters<typeof aCheckIn>[0] = {}, ...more: HistoryEntry[]): GuestProfile {
  return profileOf(guestId, checkInEntry(aCheckIn(overrides)), ...more);
}

/** Mr. Yu's story: a stay in June 2025 with one breakfast, then back in June 2026. */
function createReturningMrYu(): GuestProfile {
  return createFirstStay({}, meal({}), departureEntry(aDeparture(guestId)), checkInEntry(aCheckIn({ at: '2026-06-10T15:00:00+07:00', room: '1502' })));
}

function meal(overrides: Partial<DiningRecorded>): HistoryEntry {
  return diningEntry(aDining(guestId, overrides));
}

describe('salutationOf', () => {
  it('puts a full stop after an abbreviated title and uses the last name', () => {
    expect(salutationOf({ title: 'Mr', firstName: 'Wei', lastName: 'Yu' })).toBe('Mr. Yu');
    expect(salutationOf({ title: 'Dr', firstName: 'Anong', lastName: 'Srisuk' })).toBe('Dr. Srisuk');
    expect(salutationOf({ title: 'MS', lastName: 'Tan' })).toBe('MS. Tan');
  });

  it('does not double a full stop already typed', () => {
    expect(salutationOf({ title: 'Mr.', firstName: 'Wei', lastName: 'Yu' })).toBe('Mr. Yu');
  });

  it('uses a title that is not an abbreviation as it is', () => {
    expect(salutationOf({ title: 'Khun', firstName: 'Anong', lastName: 'Srisuk' })).toBe('Khun Srisuk');
  });

  it('uses the full name when there is no title', () => {
    expect(salutationOf({ firstName: 'Wei', lastName: 'Yu' })).toBe('Wei Yu');
    expect(salutationOf({ lastName: 'Yu' })).toBe('Yu');
  });

  it('gives the full name with or without a first name', () => {
    expect(fullNameOf({ firstName: 'Wei', lastName: 'Yu' })).toBe('Wei Yu');
    expect(fullNameOf({ lastName: 'Yu' })).toBe('Yu');
  });
});

describe('buildRecognitionCard: who the guest is', () => {
  it('greets Mr. Yu by name', () => {
    const card = buildRecognitionCard(createFirstStay(), { now: new Date('2025-06-08T07:45:00+07:00') });
    expect(card).toMatchObject({ guestId, salutation: 'Mr. Yu', fullName: 'Wei Yu' });
  });

  it('marks a first stay', () => {
    const card = buildRecognitionCard(createFirstStay(), { now: new Date('2025-06-08T07:45:00+07:00') });
    expect(card.status).toBe('first-stay');
  });

  it('marks a returning guest', () => {
    const card = buildRecognitionCard(createReturningMrYu(), { now: new Date('2026-06-11T07:45:00+07:00') });
    expect(card.status).toBe('returning');
  });

  it('shows where an in-house guest is staying and since when', () => {
    const card = buildRecognitionCard(createFirstStay(), { now: new Date('2025-06-08T07:45:00+07:00') });
    expect(card.inHouse).toEqual({ propertyId: 'bangkok', room: '1203', since: '2025-06-07' });
  });

  it('shows no room once the guest has left', () => {
    const profile = withEntries(createFirstStay(), departureEntry(aDeparture(guestId)));
    const card = buildRecognitionCard(profile, { now: new Date('2025-06-10T07:45:00+07:00') });
    expect(card.inHouse).toBeNull();
  });
});

describe('buildRecognitionCard: stays', () => {
  it('counts stays and tells how long ago the last one ended', () => {
    const card = buildRecognitionCard(createReturningMrYu(), { now: new Date('2026-06-11T07:45:00+07:00') });
    expect(card.stays).toEqual({
      count: 2,
      firstStayOn: '2025-06-07',
      lastStay: { propertyId: 'bangkok', checkedInOn: '2025-06-07', departedOn: '2025-06-09' },
      daysSinceLastStay: 367,
    });
  });

  it('has no last stay during the first one', () => {
    const card = buildRecognitionCard(createFirstStay(), { now: new Date('2025-06-08T07:45:00+07:00') });
    expect(card.stays).toEqual({ count: 1, firstStayOn: '2025-06-07', lastStay: null, daysSinceLastStay: null });
  });

  it('counts the days since the last stay in the property time zone', () => {
    const profile = withEntries(createFirstStay(), departureEntry(aDeparture(guestId, { at: '2025-06-09T11:00:00+07:00' })));
    // 18:30 UTC on 9 June is already 10 June in Bangkok.
    const card = buildRecognitionCard(profile, { now: new Date('2025-06-09T18:30:00Z') });
    expect(card.stays.daysSinceLastStay).toBe(1);
  });
});

describe('buildRecognitionCard: dining', () => {
  function createDiner(): GuestProfile {
    const profile = createFirstStay(
      {},
      meal({ at: '2025-06-08T07:30:00+07:00', table: 'W2' }),
      meal({ at: '2025-06-09T07:40:00+07:00', table: 'W2', items: [{ name: 'coffee', quantity: 1 }] }),
      meal({ at: '2025-06-08T19:30:00+07:00', table: 'D7', items: [{ name: 'tom yum', quantity: 1 }] }),
    );
    // A bar the configuration does not know (any more): its history still shows.
    const { visit } = diningVisitFrom(aDining(guestId, { at: '2025-06-08T21:00:00+07:00', table: 'Bar-3', items: [{ name: 'Diet Coke', quantity: 1 }] }));
    return { ...profile, dining: { ...profile.dining, [diningKey('bangkok', 'bar', 'dinner')]: summariseDining([visit])! } };
  }

  it('shows the usual table and order, with evidence, for the meal being served at the asked outlet', () => {
    const card = buildRecognitionCard(createDiner(), { now: new Date('2025-06-10T07:45:00+07:00'), outlet: 'terrace' });
    expect(card.mealPeriod).toBe('breakfast');
    expect(card.dining).toEqual([
      {
        propertyId: 'bangkok',
        outlet: 'terrace',
        mealPeriod: 'breakfast',
        usualTable: { choice: 'W2', timesChosen: 2, recentVisits: 2, lastChosenOn: '2025-06-09' },
        usualOrder: { choice: [{ name: 'coffee', quantity: 1 }], timesChosen: 1, recentVisits: 2, lastChosenOn: '2025-06-09' },
        lastVisit: { date: '2025-06-09', table: 'W2', items: [{ name: 'coffee', quantity: 1 }] },
      },
    ]);
  });

  it('derives the current meal period from now in the property time zone', () => {
    // 12:00 UTC would be lunch; in Bangkok it is 19:00, dinner.
    const card = buildRecognitionCard(createDiner(), { now: new Date('2025-06-10T12:00:00Z'), outlet: 'terrace' });
    expect(card.mealPeriod).toBe('dinner');
    expect(card.dining.map((d) => [d.outlet, d.mealPeriod])).toEqual([['terrace', 'dinner']]);
    expect(card.dining[0]?.usualTable.choice).toBe('D7');
  });

  it('leaves out other outlets when an outlet is asked', () => {
    const card = buildRecognitionCard(createDiner(), { now: new Date('2025-06-10T20:00:00+07:00'), outlet: 'terrace' });
    expect(card.dining.map((d) => d.outlet)).not.toContain('bar');
  });

  it('uses the meal period asked for instead of the current one', () => {
    const card = buildRecognitionCard(createDiner(), { now: new Date('2025-06-10T07:45:00+07:00'), outlet: 'terrace', mealPeriod: 'dinner' });
    expect(card.mealPeriod).toBe('dinner');
    expect(card.dining.map((d) => d.usualTable.choice)).toEqual(['D7']);
  });

  it('shows every outlet and meal period when no outlet is asked', () => {
    const card = buildRecognitionCard(createDiner(), { now: new Date('2025-06-10T07:45:00+07:00') });
    expect(card.mealPeriod).toBeNull();
    expect(card.dining.map((d) => `${d.outlet}/${d.mealPeriod}`).sort()).toEqual(['bar/dinner', 'terrace/breakfast', 'terrace/dinner']);
  });

  it('has no dining for a guest who has not eaten with us', () => {
    const card = buildRecognitionCard(createFirstStay(), { now: new Date('2025-06-08T07:45:00+07:00'), outlet: 'terrace' });
    expect(card.dining).toEqual([]);
  });
});

describe('buildRecognitionCard: notes', () => {
  it('lists notes newest first', () => {
    const profile = createFirstStay(
      {},
      noteEntry(aNote(guestId, { eventId: 'note-bananas', at: '2025-06-08T09:00:00+07:00' })),
      noteEntry(aNote(guestId, { eventId: 'note-pillow', at: '2025-06-08T22:00:00+07:00', category: 'room', text: 'Firm pillow' })),
      noteEntry(aNote(guestId, { eventId: 'note-coffee', at: '2025-06-08T07:00:00+07:00', category: 'drink', text: 'Black coffee' })),
    );
    const card = buildRecognitionCard(profile, { now: new Date('2025-06-09T07:45:00+07:00') });
    expect(card.notes.map((note) => note.noteId)).toEqual(['note-pillow', 'note-bananas', 'note-coffee']);
  });
});

describe('buildRecognitionCard: birthday', () => {
  it('knows it is the guest birthday in Bangkok while it is still the day before in UTC', () => {
    const profile = createFirstStay({ guest: { ...mrYu, birthDate: '1970-06-20' } });
    const card = buildRecognitionCard(profile, { now: new Date('2026-06-19T18:30:00Z') });
    expect(card.birthdayToday).toBe(true);
  });

  it('does not greet a birthday that has not yet begun in Bangkok', () => {
    const profile = createFirstStay({ guest: { ...mrYu, birthDate: '1970-06-20' } });
    const card = buildRecognitionCard(profile, { now: new Date('2026-06-19T16:30:00Z') });
    expect(card.birthdayToday).toBe(false);
  });

  it('knows a birthday given without a year', () => {
    const profile = createFirstStay({ guest: { ...mrYu, birthDate: '--06-20' } });
    expect(buildRecognitionCard(profile, { now: new Date('2026-06-20T09:00:00+07:00') }).birthdayToday).toBe(true);
  });

  it('is never a birthday when the guest gave none', () => {
    const profile = createFirstStay({ guest: { lastName: 'Yu' } });
    expect(buildRecognitionCard(profile, { now: new Date('2026-06-20T09:00:00+07:00') }).birthdayToday).toBe(false);
  });
});

describe('isBirthdayOn', () => {
  it('matches the month and day whatever the year', () => {
    expect(isBirthdayOn('1970-06-20', '2026-06-20')).toBe(true);
    expect(isBirthdayOn('1970-06-20', '2026-06-19')).toBe(false);
    expect(isBirthdayOn('--06-20', '2026-06-20')).toBe(true);
  });

  it('greets a 29 February birthday on 28 February in a year without 29 February', () => {
    expect(isBirthdayOn('1992-02-29', '2025-02-28')).toBe(true);
    expect(isBirthdayOn('--02-29', '2100-02-28')).toBe(true);
  });

  it('greets a 29 February birthday on the day itself in a leap year, not the day before', () => {
    expect(isBirthdayOn('1992-02-29', '2024-02-28')).toBe(false);
    expect(isBirthdayOn('1992-02-29', '2024-02-29')).toBe(true);
    expect(isBirthdayOn('1992-02-29', '2000-02-28')).toBe(false);
  });

  it('does not move a 29 February birthday to 1 March', () => {
    expect(isBirthdayOn('1992-02-29', '2025-03-01')).toBe(false);
  });

  it('does not greet a 28 February birthday on 29 February', () => {
    expect(isBirthdayOn('1990-02-28', '2024-02-29')).toBe(false);
  });
});
