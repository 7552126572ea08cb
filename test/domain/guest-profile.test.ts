import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentStayAt, decideRoomHolder, foldHistory, positionOf, type HistoryEntry } from '#shared/domain/guest-profile';
import { aCheckIn, aDeparture, aDining, aNote, checkInEntry, departureEntry, diningEntry, mrYu, noteEntry, profileOf } from '#test/support/builders';
import { deliveryArbitrary, storyArbitrary, type StoryEvent } from '#test/support/stories';

const guestId = 'g_yuWei0000000000000000';
const firstCheckIn = checkInEntry(aCheckIn());

describe('a profile is the fold of the guest history', () => {
  it('starts from the first check-in, with normalised contact details and the stay dated at the property', () => {
    const profile = profileOf(guestId, checkInEntry(aCheckIn({ at: '2025-06-07T20:00:00Z', guest: { ...mrYu, email: ' Yu.Wei@Example.COM', phone: '+852 9123 4567', pmsProfileId: 'P-1' } })));
    expect(profile).toMatchObject({ email: 'yu.wei@example.com', phone: '+85291234567', stayCount: 1, pmsProfileIds: ['bangkok:P-1'], propertyIds: ['bangkok'] });
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
    const left = profileOf(guestId, firstCheckIn, checkInEntry(aCheckIn({ propertyId: 'chiangmai', room: '201', at: '2025-06-08T10:00:00+07:00' })), departureEntry(aDeparture(guestId, { propertyId: 'chiangmai' })));
    expect(left.currentStays.map((s) => s.propertyId)).toEqual(['bangkok']);
  });

  it('changes nothing for a departure naming another room', () => {
    const profile = profileOf(guestId, firstCheckIn, departureEntry(aDeparture(guestId, { room: '999' })));
    expect(profile.currentStays).toHaveLength(1);
    expect(profile.lastCompletedStay).toBeUndefined();
  });

  it('ends the stay in a room another guest moved into, and only in that room', () => {
    const takenOver: HistoryEntry = { kind: 'room-taken-over', event: { eventId: 'taken-over.bangkok.1203.1', propertyId: 'bangkok', room: '1203', at: '2025-06-08T12:00:00+07:00' } };
    expect(profileOf(guestId, firstCheckIn, takenOver).lastCompletedStay).toMatchObject({ room: '1203', departedAt: '2025-06-08T12:00:00+07:00' });
    const elsewhere: HistoryEntry = { kind: 'room-taken-over', event: { ...takenOver.event, room: '1204' } };
    expect(profileOf(guestId, firstCheckIn, elsewhere).currentStays).toHaveLength(1);
  });

  it('never makes a meal that arrives late the last visit', () => {
    const profile = profileOf(guestId, firstCheckIn, diningEntry(aDining(guestId, { at: '2025-06-09T07:30:00+07:00', table: 'W2' })), diningEntry(aDining(guestId, { at: '2025-06-08T07:30:00+07:00', table: 'D1' })));
    expect(profile.recentDining['bangkok/terrace/breakfast']!.map((v) => v.table)).toEqual(['W2', 'D1']);
  });

  it('keeps the newest notes first', () => {
    const profile = profileOf(guestId, firstCheckIn, noteEntry(aNote(guestId, { eventId: 'late', at: '2025-06-08T22:00:00+07:00' })), noteEntry(aNote(guestId, { eventId: 'early', at: '2025-06-08T08:00:00+07:00' })));
    expect(profile.notes.map((n) => n.noteId)).toEqual(['late', 'early']);
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

describe('the fold does not depend on delivery order', () => {
  it('gives the same profile for every order and repetition of a generated story', () => {
    fc.assert(
      fc.property(
        storyArbitrary().chain((story) => fc.tuple(fc.constant(story), deliveryArbitrary(story))),
        ([story, delivered]) => {
          for (const guest of [0, 1, 2]) {
            expect(foldHistory(guestId, entriesOf(delivered, guest))).toEqual(foldHistory(guestId, entriesOf(story, guest)));
          }
        },
      ),
      { numRuns: 300 },
    );
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
