import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldHistory } from '#shared/domain/guest-profile';
import { guestProfileCorrected, parseEvent } from '#shared/events/guest-events';
import { InvalidInputError } from '#shared/errors';
import { aCheckIn, aCorrection, checkInEntry, correctionEntry, mrYu, profileOf } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';
const checkIn = checkInEntry(aCheckIn({ at: '2025-06-07T14:00:00+07:00' }));

describe('a correction of the profile', () => {
  it('changes only the fields it names, normalised as at check-in, and removes those it sets to null', () => {
    const profile = profileOf(
      guestId,
      checkIn,
      correctionEntry(aCorrection(guestId, { firstName: 'Wai', email: ' Wai.Yu@Example.com', phone: null, birthDate: '--11-02', language: null })),
    );
    expect(profile).toMatchObject({ title: 'Mr', firstName: 'Wai', lastName: 'Yu', email: 'wai.yu@example.com', birthDate: '--11-02', marketingConsent: true });
    expect(profile.phone).toBeUndefined();
    expect(profile.language).toBeUndefined();
  });

  it('adds a new email to the identity keys and keeps the older ones, as a check-in does', () => {
    const profile = profileOf(guestId, checkIn, correctionEntry(aCorrection(guestId, { email: 'wai.yu@example.com' })));
    expect(profile.identityKeys).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: mrYu.email },
        { kind: 'email', value: 'wai.yu@example.com' },
      ]),
    );
  });

  it('records consent given or withdrawn at the desk, with its time', () => {
    const withdrawn = profileOf(guestId, checkIn, correctionEntry(aCorrection(guestId, { marketingConsent: false }, { at: '2025-06-08T09:00:00+07:00' })));
    expect(withdrawn).toMatchObject({ marketingConsent: false, consentUpdatedAt: '2025-06-08T09:00:00+07:00' });
  });

  it('is replaced by what a later check-in states, and replaces what an earlier one stated, whatever the delivery order', () => {
    const correction = correctionEntry(aCorrection(guestId, { title: 'Dr' }, { at: '2025-06-08T10:00:00+07:00' }));
    const later = checkInEntry(aCheckIn({ at: '2026-01-05T14:00:00+07:00', guest: { ...mrYu, title: 'Prof' } }));
    expect(profileOf(guestId, later, correction, checkIn).title).toBe('Prof');
    expect(profileOf(guestId, correction, checkIn).title).toBe('Dr');
  });

  it('gives the same profile for every order and repetition of corrections and check-ins', () => {
    const field = fc.oneof(
      fc.record({ title: fc.constantFrom('Mr', 'Dr', null) }),
      fc.record({ firstName: fc.constantFrom('Wei', 'Wai', null) }),
      fc.record({ email: fc.constantFrom('a@example.com', 'b@example.com', null) }),
      fc.record({ phone: fc.constantFrom('+66 81 000 0001', null) }),
      fc.record({ marketingConsent: fc.boolean() }),
      fc.record({ lastName: fc.constantFrom('Yu', 'Yü') }),
    );
    const step = fc.record({ hour: fc.integer({ min: 0, max: 23 }), changes: field, checkIn: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 8 }).chain((steps) =>
          fc.tuple(
            fc.constant(steps),
            fc.shuffledSubarray(
              steps.map((_, i) => i),
              { minLength: steps.length, maxLength: steps.length },
            ),
            fc.subarray(steps.map((_, i) => i)),
          ),
        ),
        ([steps, order, repeated]) => {
          const entries = steps.map((s, i) => {
            const at = `2025-06-09T${String(s.hour).padStart(2, '0')}:00:00+07:00`;
            return s.checkIn
              ? checkInEntry(aCheckIn({ eventId: `stay-${i}`, at, guest: { ...mrYu, title: `T${i}` } }))
              : correctionEntry(aCorrection(guestId, s.changes, { eventId: `fix-${i}`, at }));
          });
          const inOrder = foldHistory(guestId, [checkIn, ...entries]);
          expect(foldHistory(guestId, [...[...order, ...repeated].map((i) => entries[i]!), checkIn])).toEqual(inOrder);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the GuestProfileCorrected contract', () => {
  const detail = {
    eventId: 'fix-00000001',
    propertyId: 'bangkok',
    at: '2025-06-08T09:00:00+07:00',
    guestId,
    changes: { email: 'wai@example.com' },
    author: { role: 'frontdesk', subject: 'clerk-2' },
  };
  const published = new Date('2025-06-08T03:00:00Z');
  const fieldsOf = (changes: object) => {
    try {
      parseEvent(guestProfileCorrected, { ...detail, changes }, published);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return Object.keys((error as InvalidInputError).fields);
    }
    throw new Error('accepted');
  };

  it('names the field of a bad email, a removed surname, an unknown field, nothing to correct, or a birth date in the future', () => {
    expect(fieldsOf({ email: 'not an email' })).toEqual(['changes.email']);
    expect(fieldsOf({ lastName: null })).toEqual(['changes.lastName']);
    expect(fieldsOf({ nickname: 'Wee' })).toContain('changes.nickname');
    expect(fieldsOf({})).toEqual(['changes']);
    expect(fieldsOf({ birthDate: '2025-06-09' })).toEqual(['changes.birthDate']);
  });
});
