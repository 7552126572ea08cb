import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldHistory, type HistoryEntry } from '#shared/domain/guest-profile';
import {
  applySegmentChange,
  lastActiveOnAt,
  membershipChanges,
  quintileOf,
  segmentEventId,
  segmentGuests,
  type GuestValueRecord,
  type SegmentChanged,
} from '#shared/domain/guest-segments';
import { monthOfNumber, monthNumberOf } from '#shared/domain/guest-value';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { aCheckIn, aDining, checkInEntry, diningEntry } from '#test/support/builders';

const today = '2026-11-30';
const currentMonth = monthNumberOf('2026-11');

/** A guest with spend (minor units) in one month `monthsAgo` before the run's, and active on that month's first day. */
const recordArbitrary = fc
  .record({
    id: fc.integer({ min: 0, max: 10_000 }),
    spend: fc.integer({ min: 0, max: 5_000_000 }),
    stays: fc.integer({ min: 0, max: 3 }),
    monthsAgo: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ id, spend, stays, monthsAgo }): GuestValueRecord => {
    const month = monthOfNumber(currentMonth - monthsAgo);
    return { guestId: `g_${String(id).padStart(5, '0')}`, months: [{ month, stays: stays || (spend ? 0 : 1), nights: 0, spend }], lastActiveOn: `${month}-01` };
  });
const populationArbitrary = fc.uniqueArray(recordArbitrary, { selector: (r) => r.guestId, maxLength: 60 });

describe('segmenting a property’s guests', () => {
  it('gives every guest the same scores and the same top, whatever order the guests are read in', () => {
    fc.assert(
      fc.property(
        populationArbitrary.chain((records) =>
          fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })),
        ),
        ([records, shuffled]) => {
          expect(segmentGuests(shuffled, today)).toEqual(segmentGuests(records, today));
        },
      ),
    );
  });

  it('ranks exactly the top ceil(20%) of the guests with spend in the window, highest spend first, ties by guest id, and never a guest without spend', () => {
    fc.assert(
      fc.property(populationArbitrary, (records) => {
        const segmentation = segmentGuests(records, today);
        const inWindow = records.filter((r) => monthNumberOf(r.months[0]!.month) > currentMonth - 36);
        const spenders = inWindow.filter((r) => r.months[0]!.spend > 0);
        expect(segmentation.population).toBe(inWindow.length);
        expect(segmentation.withSpend).toBe(spenders.length);
        const expected = [...spenders]
          .sort((a, b) => b.months[0]!.spend - a.months[0]!.spend || (a.guestId < b.guestId ? -1 : 1))
          .slice(0, Math.ceil(spenders.length * 0.2))
          .map((r) => r.guestId);
        expect(segmentation.top.map((g) => g.guestId)).toEqual(expected);
        expect(segmentation.top.map((g) => g.rank)).toEqual(expected.map((_, i) => i + 1));
        expect(segmentation.top.every((g) => g.last36Months.spend > 0)).toBe(true);
      }),
    );
  });

  it('never lowers a guest’s spend quintile when they spend more', () => {
    fc.assert(
      fc.property(
        populationArbitrary.filter((r) => r.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 1_000_000 }),
        (records, pick, more) => {
          const chosen = records[pick % records.length]!;
          if (monthNumberOf(chosen.months[0]!.month) <= currentMonth - 36) return;
          const richer = records.map((r) => (r === chosen ? { ...r, months: [{ ...r.months[0]!, spend: r.months[0]!.spend + more }] } : r));
          const quintile = (all: GuestValueRecord[]) => segmentGuests(all, today).scored.find((g) => g.guestId === chosen.guestId)!.quintiles.spend;
          expect(quintile(richer)).toBeGreaterThanOrEqual(quintile(records));
        },
      ),
    );
  });

  it('scores recency, frequency and spend from 1 to 5, equal values alike', () => {
    const sorted = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(sorted.map((v) => quintileOf(sorted, v))).toEqual([1, 2, 2, 2, 3, 3, 4, 4, 5, 5]);
    const records: GuestValueRecord[] = [
      { guestId: 'g_a', months: [{ month: '2026-11', stays: 1, nights: 2, spend: 100_00 }], lastActiveOn: '2026-11-20' },
      { guestId: 'g_b', months: [{ month: '2024-01', stays: 1, nights: 1, spend: 5_00 }], lastActiveOn: '2024-01-03' },
    ];
    const segmentation = segmentGuests(records, today);
    expect(segmentation.top).toEqual([
      {
        guestId: 'g_a',
        rank: 1,
        last12Months: { stays: 1, nights: 2, spend: 100 },
        last36Months: { stays: 1, nights: 2, spend: 100 },
        activeMonths: 1,
        lastActiveOn: '2026-11-20',
        quintiles: { recency: 5, frequency: 5, spend: 5 },
      },
    ]);
  });

  it('leaves out the guests with nothing in the 36 months up to the run’s month', () => {
    const records: GuestValueRecord[] = [
      { guestId: 'g_old', months: [{ month: '2023-11', stays: 1, nights: 1, spend: 9_000_00 }], lastActiveOn: '2023-11-02' },
    ];
    expect(segmentGuests(records, today)).toMatchObject({ population: 0, withSpend: 0, top: [] });
    expect(segmentGuests(records, '2026-10-31').top.map((g) => g.guestId)).toEqual(['g_old']);
  });

  it('names who joined and who left since the previous membership', () => {
    expect(membershipChanges(['g_b', 'g_a'], ['g_c', 'g_a'])).toEqual({ joined: ['g_c'], left: ['g_b'] });
  });
});

const guestId = 'g_topGuest0000000000000';
const segmentEntry = (date: string, top: boolean): HistoryEntry => {
  const event: SegmentChanged = { eventId: segmentEventId('bangkok', date, guestId), propertyId: 'bangkok', guestId, at: `${date}T04:30:00+07:00`, date, top };
  return { kind: 'segment', event };
};

const segmentEntryOf = (run: { day: number; top: boolean }) => segmentEntry(`2026-07-${String(run.day).padStart(2, '0')}`, run.top);

describe('membership of the top on the profile and the card', () => {
  const stay = checkInEntry(aCheckIn({ at: '2026-06-07T14:00:00+07:00' }));
  const meal = diningEntry(aDining(guestId, { at: '2026-06-08T07:30:00+07:00', amount: 12_500 }));

  it('keeps the latest run’s membership per property, whatever order the entries are applied in', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.record({ day: fc.integer({ min: 1, max: 28 }), top: fc.boolean() }), { selector: (e) => e.day, minLength: 1, maxLength: 8 })
          .chain((runs) => fc.tuple(fc.constant(runs), fc.shuffledSubarray(runs, { minLength: runs.length, maxLength: runs.length }))),
        ([runs, shuffled]) => {
          const latest = [...runs].sort((a, b) => b.day - a.day)[0]!;
          const expected = { top: latest.top, on: `2026-07-${String(latest.day).padStart(2, '0')}` };
          expect(foldHistory(guestId, [stay, ...runs.map(segmentEntryOf)])?.valueSegments).toEqual({ bangkok: expected });
          // The rule itself, applied in any order: the later run's date wins.
          const applied = shuffled.reduce<ReturnType<typeof applySegmentChange>>(
            (segments, run) => applySegmentChange(segments, segmentEntryOf(run).event as SegmentChanged),
            undefined,
          );
          expect(applied).toEqual({ bangkok: expected });
        },
      ),
    );
  });

  it('shows "top 20% by spend" with the spend over 12 months and the date of the run, only while the latest run says so', () => {
    const joined = foldHistory(guestId, [stay, meal, segmentEntry('2026-07-01', true)])!;
    const card = buildRecognitionCard(joined, { now: new Date('2026-07-02T09:00:00+07:00'), propertyId: 'bangkok' });
    expect(card.tags).toContainEqual({
      tag: 'top-spend',
      kind: 'automatic',
      evidence: { propertyId: 'bangkok', since: '2026-07-01', spend: 12_500, months: 12, currency: 'THB' },
    });
    const left = foldHistory(guestId, [stay, meal, segmentEntry('2026-07-01', true), segmentEntry('2026-08-01', false)])!;
    const later = buildRecognitionCard(left, { now: new Date('2026-08-02T09:00:00+07:00'), propertyId: 'bangkok' });
    expect(later.tags.map((t) => t.tag)).not.toContain('top-spend');
  });

  it('takes the last activity at a property from its meals and stays there', () => {
    const profile = foldHistory(guestId, [stay, meal])!;
    expect(lastActiveOnAt(profile, 'bangkok')).toBe('2026-06-08');
  });
});
