import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staffTags } from '#shared/config/tags';
import { foldHistory } from '#shared/domain/guest-profile';
import { buildCardTags, monthsBefore } from '#shared/domain/guest-tags';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { aCheckIn, aDeparture, aTagChange, checkInEntry, departureEntry, profileOf, tagEntry } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';
const checkIn = checkInEntry(aCheckIn({ at: '2025-06-07T14:00:00+07:00' }));

describe('tags staff set', () => {
  it('keep who set them and when, and the latest change of a tag holds', () => {
    const profile = profileOf(
      guestId,
      checkIn,
      tagEntry(aTagChange(guestId, { tag: 'press', at: '2025-06-08T09:00:00+07:00' })),
      tagEntry(aTagChange(guestId, { tag: 'vip', at: '2025-06-08T10:00:00+07:00', author: { role: 'restaurant', subject: 'host-1' } })),
      tagEntry(aTagChange(guestId, { tag: 'press', set: false, at: '2025-06-08T11:00:00+07:00' })),
    );
    expect(profile.tags).toEqual([{ tag: 'vip', setAt: '2025-06-08T10:00:00+07:00', setByRole: 'restaurant' }]);
    const card = buildRecognitionCard(profile, { now: new Date('2025-06-09T08:00:00+07:00'), propertyId: 'bangkok' });
    expect(card.tags).toEqual([{ tag: 'vip', kind: 'staff', evidence: { setAt: '2025-06-08T10:00:00+07:00', setByRole: 'restaurant' } }]);
  });

  it('are the same whatever order and repetition the changes arrive in', () => {
    const change = fc.record({ hour: fc.integer({ min: 0, max: 23 }), tag: fc.constantFrom(...staffTags), set: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(change, { minLength: 1, maxLength: 8 }).chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(
              list.map((_, i) => i),
              { minLength: list.length, maxLength: list.length },
            ),
            fc.subarray(list.map((_, i) => i)),
          ),
        ),
        ([list, order, repeated]) => {
          const entries = list.map((c, i) =>
            tagEntry(aTagChange(guestId, { eventId: `tag-${i}`, tag: c.tag, set: c.set, at: `2025-06-08T${String(c.hour).padStart(2, '0')}:00:00+07:00` })),
          );
          expect(foldHistory(guestId, [...[...order, ...repeated].map((i) => entries[i]!), checkIn])).toEqual(foldHistory(guestId, [checkIn, ...entries]));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('tags the system derives, each with its evidence', () => {
  it("says 'regular' with the number of stays begun in the last 24 months, from three on", () => {
    const stays = ['2023-01-10', '2024-03-01', '2025-01-05', '2025-06-07'];
    expect(buildCardTags({ staffTags: [], stayDates: stays, today: '2025-06-09', lastDepartedOn: null, inHouseSince: null })).toEqual([
      { tag: 'regular', kind: 'automatic', evidence: { stays: 3, months: 24 } },
    ]);
    expect(buildCardTags({ staffTags: [], stayDates: stays.slice(0, 3), today: '2025-06-09', lastDepartedOn: null, inHouseSince: null })).toEqual([]);
  });

  it("says 'long-absence' with the days away when the guest is in house again after a year or more", () => {
    const profile = profileOf(
      guestId,
      checkIn,
      departureEntry(aDeparture(guestId, { at: '2025-06-09T11:00:00+07:00' })),
      checkInEntry(aCheckIn({ at: '2026-08-01T14:00:00+07:00' })),
    );
    expect(buildRecognitionCard(profile, { now: new Date('2026-08-02T08:00:00+07:00'), propertyId: 'bangkok' }).tags).toEqual([
      { tag: 'long-absence', kind: 'automatic', evidence: { daysAway: 418, lastDepartedOn: '2025-06-09' } },
    ]);
  });

  it('keeps the check-in dates of the latest ten stays, in order, whatever the delivery order', () => {
    const entries = Array.from({ length: 12 }, (_, i) => [
      checkInEntry(aCheckIn({ eventId: `in-${i}`, at: `20${10 + i}-06-07T14:00:00+07:00` })),
      departureEntry(aDeparture(guestId, { eventId: `out-${i}`, at: `20${10 + i}-06-09T11:00:00+07:00` })),
    ]).flat();
    const profile = profileOf(guestId, ...entries.reverse());
    expect(profile.stayDates).toEqual(Array.from({ length: 10 }, (_, i) => `20${12 + i}-06-07`));
  });

  it('counts months back on the calendar', () => {
    expect(monthsBefore('2025-06-09', 24)).toBe('2023-06-09');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2025-01-15', 1)).toBe('2024-12-15');
  });
});
