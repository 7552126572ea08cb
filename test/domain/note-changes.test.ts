import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldHistory } from '#shared/domain/guest-profile';
import { aCheckIn, aNote, aNoteChange, checkInEntry, noteChangeEntry, noteEntry, profileOf } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';
const checkIn = checkInEntry(aCheckIn({ at: '2025-06-07T14:00:00+07:00' }));
const note = noteEntry(aNote(guestId, { eventId: 'note-0001', at: '2025-06-08T09:00:00+07:00' }));

describe('notes edited and deleted', () => {
  it('an edit replaces the text and category on the card and says who edited it and when', () => {
    const profile = profileOf(
      guestId,
      checkIn,
      note,
      noteChangeEntry(aNoteChange(guestId, 'note-0001', { category: 'drink', text: 'Only mango juice', author: { role: 'frontdesk', subject: 'clerk-2' } })),
    );
    expect(profile.notes).toEqual([
      {
        noteId: 'note-0001',
        at: '2025-06-08T09:00:00+07:00',
        propertyId: 'bangkok',
        category: 'drink',
        text: 'Only mango juice',
        authorRole: 'frontdesk',
        editedAt: '2025-06-08T12:00:00+07:00',
        editedByRole: 'frontdesk',
      },
    ]);
  });

  it('a deletion takes the note off the card', () => {
    expect(profileOf(guestId, checkIn, note, noteChangeEntry(aNoteChange(guestId, 'note-0001', { action: 'delete', text: undefined }))).notes).toEqual([]);
  });

  it('the card is the same whatever order and repetition notes and their changes arrive in', () => {
    const change = fc.record({
      note: fc.nat(2),
      hour: fc.integer({ min: 10, max: 20 }),
      action: fc.constantFrom('edit' as const, 'delete' as const),
      text: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 6 }).chain((changes) => {
          const entries = [
            ...[0, 1, 2].map((n) => noteEntry(aNote(guestId, { eventId: `note-${n}000`, at: `2025-06-08T0${7 + n}:00:00+07:00` }))),
            ...changes.map((c, i) =>
              noteChangeEntry(
                aNoteChange(guestId, `note-${c.note}000`, {
                  eventId: `change-${i}`,
                  action: c.action,
                  ...(c.action === 'edit' ? { text: c.text } : { text: undefined }),
                  at: `2025-06-08T${c.hour}:${String(i).padStart(2, '0')}:00+07:00`,
                }),
              ),
            ),
          ];
          return fc.tuple(
            fc.constant(entries),
            fc.shuffledSubarray(
              entries.map((_, i) => i),
              { minLength: entries.length, maxLength: entries.length },
            ),
            fc.subarray(entries.map((_, i) => i)),
          );
        }),
        ([entries, order, repeated]) => {
          expect(foldHistory(guestId, [...[...order, ...repeated].map((i) => entries[i]!), checkIn])).toEqual(foldHistory(guestId, [checkIn, ...entries]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
