import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOnTop,
  appliesOnTop,
  currentStayAt,
  decideRoomHolder,
  diningKeysOf,
  foldGuestHistory,
  foldHistory,
  keepNewestNotes,
  notesOnCardPerProperty,
  noteTextOnCardPerProperty,
  positionOf,
  type GuestFold,
  type HistoryEntry,
  type Note,
} from '#shared/domain/guest-profile';
import { aCheckIn, aDeparture, aDining, aNote, checkInEntry, departureEntry, diningEntry, mrYu, noteEntry, profileOf } from '#test/support/builders';
import { deliveryArbitrary, storyArbitrary, type StoryEvent } from '#test/support/stories';

const guestId = 'g_yuWei0000000000000000';
const firstCheckIn = checkInEntry(aCheckIn());

describe('a profile is the fold of the guest history', () => {
  it('starts from the first check-in, with normalised contact details and the stay dated at the property', () => {
    const profile = profileOf(
      guestId,
      checkInEntry(aCheckIn({ at: '2025-06-07T20:00:00Z', guest: { ...mrYu, email: ' Yu.Wei@Example.COM', phone: '+852 9123 4567', pmsProfileId: 'P-1' } })),
    );
    expect(profile).toMatchObject({
      email: 'yu.wei@example.com',
      phone: '+85291234567',
      stayCount: 1,
      pmsProfileIds: ['bangkok:P-1'],
      propertyIds: ['bangkok'],
    });
    // 20:00 UTC is 03:00 the next day in Bangkok.
    expect(profile.firstStay?.checkedInOn).toBe('2025-06-08');
    expect(profile.currentStays).toEqual([profile.firstStay]);
  });

  it('is undefined while the history holds no check-in', () => {
    expect(foldHistory(guestId, [diningEntry(aDining(guestId))])).toBeUndefined();
  });

  it('assumes no marketing consent when none was given', () => {
    expect(profileOf(guestId, checkInEntry(aCheckIn({ guest: { lastName: 'Yu' } }))).marketingConsent).toBe(false);
  });

  it('counts a return after a departure as a new stay and keeps details the new check-in does not give', () => {
    const profile = profileOf(
      guestId,
      firstCheckIn,
      departureEntry(aDeparture(guestId)),
      checkInEntry(aCheckIn({ at: '2026-06-10T15:00:00+07:00', room: '1502', guest: { lastName: 'Yu', language: 'en' } })),
    );
    expect(profile.stayCount).toBe(2);
    expect(profile.language).toBe('en');
    expect(profile.email).toBe(mrYu.email);
    expect(profile.lastCompletedStay).toMatchObject({ room: '1203', departedOn: '2025-06-09' });
    expect(currentStayAt(profile, 'bangkok')).toMatchObject({ room: '1502', checkedInOn: '2026-06-10' });
  });

  it('reads a repeat of the check-in as nothing new, and another room at the same property as a room move', () => {
    const repeat = profileOf(guestId, firstCheckIn, checkInEntry(aCheckIn({ at: '2025-06-07T15:00:00+07:00' })));
    expect(repeat.stayCount).toBe(1);
    const moved = profileOf(guestId, firstCheckIn, checkInEntry(aCheckIn({ at: '2025-06-08T10:00:00+07:00', room: '1507' })));
    expect(moved.stayCount).toBe(1);
    expect(moved.currentStays).toEqual([{ ...moved.firstStay, room: '1507', inRoomSince: '2025-06-08T10:00:00+07:00' }]);
  });

  it('never ends a stay at one property for a check-in at another', () => {
    const profile = profileOf(guestId, firstCheckIn, checkInEntry(aCheckIn({ propertyId: 'chiangmai', room: '201', at: '2025-06-08T10:00:00+07:00' })));
    expect(profile.stayCount).toBe(2);
    expect(profile.currentStays.map((s) => `${s.propertyId}/${s.room}`)).toEqual(['bangkok/1203', 'chiangmai/201']);
    const left = profileOf(
      guestId,
      firstCheckIn,
      checkInEntry(aCheckIn({ propertyId: 'chiangmai', room: '201', at: '2025-06-08T10:00:00+07:00' })),
      departureEntry(aDeparture(guestId, { propertyId: 'chiangmai' })),
    );
    expect(left.currentStays.map((s) => s.propertyId)).toEqual(['bangkok']);
  });

  it('changes nothing for a departure naming another room', () => {
    const profile = profileOf(guestId, firstCheckIn, departureEntry(aDeparture(guestId, { room: '999' })));
    expect(profile.currentStays).toHaveLength(1);
    expect(profile.lastCompletedStay).toBeUndefined();
  });

  it('ends the stay in a room another guest moved into, and only in that room', () => {
    const takenOver: HistoryEntry = {
      kind: 'room-taken-over',
      event: { eventId: 'taken-over.bangkok.1203.1', propertyId: 'bangkok', room: '1203', at: '2025-06-08T12:00:00+07:00' },
    };
    expect(profileOf(guestId, firstCheckIn, takenOver).lastCompletedStay).toMatchObject({ room: '1203', departedAt: '2025-06-08T12:00:00+07:00' });
    const elsewhere: HistoryEntry = { kind: 'room-taken-over', event: { ...takenOver.event, room: '1204' } };
    expect(profileOf(guestId, firstCheckIn, elsewhere).currentStays).toHaveLength(1);
  });

  it('never makes a meal that arrives late the last visit', () => {
    const entries = [
      firstCheckIn,
      diningEntry(aDining(guestId, { at: '2025-06-09T07:30:00+07:00', table: 'W2' })),
      diningEntry(aDining(guestId, { at: '2025-06-08T07:30:00+07:00', table: 'D1' })),
    ];
    const fold = foldGuestHistory(guestId, entries)!;
    expect(fold.recentDining['bangkok/terrace/breakfast']!.map((v) => v.table)).toEqual(['W2', 'D1']);
    expect(fold.profile.dining['bangkok/terrace/breakfast']).toMatchObject({
      lastVisit: { table: 'W2', date: '2025-06-09' },
      usualTable: { choice: 'W2', timesChosen: 1, recentVisits: 2 },
    });
  });

  it('keeps only the recent visits the usual is chosen from, and on the card only the usual and the last visit', () => {
    const meals = Array.from({ length: 14 }, (_, day) =>
      diningEntry(aDining(guestId, { at: `2025-07-${String(day + 1).padStart(2, '0')}T07:30:00+07:00`, table: day < 4 ? 'OLD' : `W${day % 2}` })),
    );
    const fold = foldGuestHistory(guestId, [firstCheckIn, ...meals])!;
    expect(fold.recentDining['bangkok/terrace/breakfast']).toHaveLength(10);
    expect(fold.recentDining['bangkok/terrace/breakfast']!.map((v) => v.table)).not.toContain('OLD');
    expect(Object.keys(fold.profile.dining['bangkok/terrace/breakfast']!).sort()).toEqual(['lastVisit', 'usualOrder', 'usualTable']);
  });

  it('keeps the newest notes first', () => {
    const profile = profileOf(
      guestId,
      firstCheckIn,
      noteEntry(aNote(guestId, { eventId: 'late', at: '2025-06-08T22:00:00+07:00' })),
      noteEntry(aNote(guestId, { eventId: 'early', at: '2025-06-08T08:00:00+07:00' })),
    );
    expect(profile.notes.map((n) => n.noteId)).toEqual(['late', 'early']);
  });

  it("keeps on the card only each property's newest notes, within the card's bounds", () => {
    const note = (eventId: string, propertyId: string, hour: number, text = `note ${eventId}`) =>
      noteEntry(aNote(guestId, { eventId, propertyId, text, at: `2025-06-08T${String(hour).padStart(2, '0')}:00:00+07:00` }));
    const many = Array.from({ length: 6 }, (_, i) => note(`bkk${i}`, 'bangkok', 8 + i));
    const profile = profileOf(guestId, firstCheckIn, ...many, note('cnx0', 'chiangmai', 7));
    expect(notesOnCardPerProperty).toBe(3);
    expect(profile.notes.map((n) => n.noteId)).toEqual(['bkk5', 'bkk4', 'bkk3', 'cnx0']);
    // Long notes: the newest always, then only as many as fit the property's share of the card.
    const long = (eventId: string, hour: number) => note(eventId, 'bangkok', hour, 'x'.repeat(450));
    expect(profileOf(guestId, firstCheckIn, long('a', 8), long('b', 9), note('c', 'bangkok', 10)).notes.map((n) => n.noteId)).toEqual(['c', 'b']);
    expect(noteTextOnCardPerProperty).toBeGreaterThanOrEqual(500);
  });

  it('orders arrivals before departures at the same instant', () => {
    const at = '2025-06-08T12:00:00+07:00';
    expect(positionOf(checkInEntry(aCheckIn({ at, eventId: 'zzz' }))) < positionOf(departureEntry(aDeparture(guestId, { at, eventId: 'aaa' })))).toBe(true);
  });
});

/** One guest's entries from a generated story. */
function entriesOf(story: readonly StoryEvent[], guest: number): HistoryEntry[] {
  return story.filter((e) => e.guest === guest).map((e) => ({ kind: e.kind, event: { ...e.event, guestId } }) as HistoryEntry);
}

/**
 * What the store does, in memory: the card and each pair's recent visits kept apart; an entry that sorts after
 * everything applied goes on top of the card with only its own pair's visits; any other refolds the whole history.
 */
function recordOneByOne(entries: readonly HistoryEntry[]): GuestFold | undefined {
  const history: HistoryEntry[] = [];
  let card: GuestFold['profile'] | undefined;
  const windows: Record<string, GuestFold['recentDining'][string]> = {};
  const queue = [...entries];
  for (let delivered = 0; queue.length && delivered < 10 * entries.length; delivered++) {
    const entry = queue.shift()!;
    const keys = diningKeysOf([entry]);
    const fold =
      card && appliesOnTop(card, entry)
        ? applyOnTop({ profile: card, recentDining: Object.fromEntries(keys.filter((key) => windows[key]).map((key) => [key, windows[key]!])) }, [entry])
        : foldGuestHistory(guestId, [...history, entry]);
    if (!fold) {
      // Nothing names the guest yet: not recorded, delivered again later (as the bus does).
      queue.push(entry);
      continue;
    }
    history.push(entry);
    card = fold.profile;
    // Only these pairs change: the store writes the card and the items of the pairs the entry dines at.
    for (const key of keys) windows[key] = fold.recentDining[key]!;
  }
  return card && { profile: card, recentDining: windows };
}

describe('the fold does not depend on delivery order', () => {
  it('gives the same profile and recent visits for every order and repetition of a generated story', () => {
    fc.assert(
      fc.property(
        storyArbitrary().chain((story) => fc.tuple(fc.constant(story), deliveryArbitrary(story))),
        ([story, delivered]) => {
          for (const guest of [0, 1, 2]) {
            expect(foldGuestHistory(guestId, entriesOf(delivered, guest))).toEqual(foldGuestHistory(guestId, entriesOf(story, guest)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same card and recent visits, event by event on top of the card, as folding the whole history', () => {
    fc.assert(
      fc.property(
        storyArbitrary(30).chain((story) => fc.tuple(fc.constant(story), deliveryArbitrary(story))),
        ([story, delivered]) => {
          for (const guest of [0, 1, 2]) {
            const whole = foldGuestHistory(guestId, entriesOf(story, guest));
            expect(recordOneByOne(entriesOf(delivered, guest))).toEqual(whole);
            expect(recordOneByOne(entriesOf(story, guest))).toEqual(whole);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the same notes on the card whether they are kept note by note or once from the whole list', () => {
    const noteArbitrary = fc.record({ propertyId: fc.constantFrom('bangkok', 'chiangmai'), length: fc.integer({ min: 1, max: 500 }) });
    fc.assert(
      fc.property(fc.array(noteArbitrary, { maxLength: 25 }), (specs) => {
        // Newest first, as the card keeps them.
        const notes: Note[] = specs.map(({ propertyId, length }, i) => ({
          noteId: `n${i}`,
          at: '2025-06-08T00:00:00Z',
          propertyId,
          category: 'food',
          text: 'x'.repeat(length),
          authorRole: 'frontdesk',
        }));
        let oneByOne: Note[] = [];
        for (const note of [...notes].reverse()) oneByOne = keepNewestNotes([note, ...oneByOne]);
        expect(oneByOne).toEqual(keepNewestNotes(notes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('applying on top', () => {
  it("refuses a meal where the guest has dined before unless that pair's recent visits were read", () => {
    const fold = foldGuestHistory(guestId, [firstCheckIn, diningEntry(aDining(guestId, { at: '2025-06-08T07:30:00+07:00' }))])!;
    const next = diningEntry(aDining(guestId, { at: '2025-06-09T07:30:00+07:00' }));
    expect(() => applyOnTop({ profile: fold.profile, recentDining: {} }, [next])).toThrow(/not loaded/);
    expect(applyOnTop(fold, [next]).recentDining['bangkok/terrace/breakfast']).toHaveLength(2);
  });
});

describe('decideRoomHolder', () => {
  const early = { guestId: 'g_early', since: '2025-06-07T14:00:00+07:00' };
  const late = { guestId: 'g_late', since: '2025-06-08T14:00:00+07:00' };

  it('gives a free room, or one the guest holds, to the guest', () => {
    expect(decideRoomHolder(early, undefined)).toEqual({ kind: 'ours' });
    expect(decideRoomHolder(early, early)).toEqual({ kind: 'ours' });
  });

  it('gives the room to whoever moved in later, whichever of the two asks', () => {
    expect(decideRoomHolder(late, early)).toEqual({ kind: 'take-over', holder: 'g_early', at: late.since });
    expect(decideRoomHolder(early, late)).toEqual({ kind: 'taken-from-us', at: late.since });
  });

  it('breaks a tie by guest id, the same way from both sides', () => {
    const a = { guestId: 'g_a', since: early.since };
    const b = { guestId: 'g_b', since: early.since };
    expect(decideRoomHolder(b, a).kind).toBe('take-over');
    expect(decideRoomHolder(a, b).kind).toBe('taken-from-us');
  });
});

describe('the value figures do not depend on delivery order', () => {
  /** Stays and meals with amounts over six years: months come and go out of the 36 the card keeps. */
  const valueStoryArbitrary = fc
    .array(fc.record({ gapDays: fc.integer({ min: 1, max: 200 }), nights: fc.integer({ min: 1, max: 9 }), meals: fc.nat(2), amount: fc.nat(500_000) }), {
      minLength: 1,
      maxLength: 14,
    })
    .map((stays) => {
      const entries: HistoryEntry[] = [];
      let day = Date.UTC(2020, 0, 1);
      for (const [i, stay] of stays.entries()) {
        day += stay.gapDays * 86_400_000;
        const checkIn = new Date(day + 7 * 3_600_000).toISOString();
        entries.push(checkInEntry(aCheckIn({ eventId: `stay-${i}`, at: checkIn, room: '1203' })));
        for (let meal = 0; meal < stay.meals; meal++) {
          const at = new Date(day + (meal + 1) * 86_400_000).toISOString();
          entries.push(diningEntry(aDining(guestId, { eventId: `meal-${i}-${meal}`, at, amount: stay.amount / 100 })));
        }
        day += stay.nights * 86_400_000;
        const pms = i % 2 ? { nights: stay.nights, roomRevenue: stay.amount / 10 } : {};
        entries.push(departureEntry(aDeparture(guestId, { eventId: `out-${i}`, at: new Date(day + 4 * 3_600_000).toISOString(), ...pms })));
      }
      return entries;
    });

  it('gives the same months, event by event on top of the card in any order, as folding the whole history', () => {
    fc.assert(
      fc.property(
        valueStoryArbitrary.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        ([entries, delivered]) => {
          const whole = foldGuestHistory(guestId, entries);
          expect(recordOneByOne(delivered)).toEqual(whole);
          const months = Object.values(whole!.profile.value ?? {}).flat();
          // Never more than the 36 months the card shows, and a month of slack.
          expect(months.length).toBeLessThanOrEqual(37);
        },
      ),
      { numRuns: 200 },
    );
  });
});
