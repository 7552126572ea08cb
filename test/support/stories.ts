/**
 * Generated hotel stories for property-based tests: guests checking in, moving rooms, dining, leaving notes and
 * departing, across two properties, sharing a few rooms. Each story is coherent in business time (a room has one
 * guest at a time, a guest departs only from where they are); delivery order is what the tests then shuffle.
 */
import fc from 'fast-check';
import { allergens, diets } from '#shared/domain/dietary-needs';
import { staffTags } from '#shared/config/tags';
import type {
  DiningRecorded,
  GuestCheckedIn,
  GuestDeparted,
  GuestDietaryNeedsRecorded,
  GuestNoteAdded,
  GuestProfileCorrected,
  GuestTagChanged,
  GuestsMerged,
} from '#shared/events/guest-events';

export type StoryEvent =
  | { readonly kind: 'stay'; readonly guest: number; readonly event: GuestCheckedIn }
  | { readonly kind: 'dining'; readonly guest: number; readonly event: Omit<DiningRecorded, 'guestId'> }
  | { readonly kind: 'departure'; readonly guest: number; readonly event: Omit<GuestDeparted, 'guestId'> }
  | { readonly kind: 'note'; readonly guest: number; readonly event: Omit<GuestNoteAdded, 'guestId'> }
  | { readonly kind: 'dietary'; readonly guest: number; readonly event: Omit<GuestDietaryNeedsRecorded, 'guestId'> }
  | { readonly kind: 'tag'; readonly guest: number; readonly event: Omit<GuestTagChanged, 'guestId'> }
  | { readonly kind: 'correction'; readonly guest: number; readonly event: Omit<GuestProfileCorrected, 'guestId'> }
  /** An admin merges `mergedGuest` into `guest`, or undoes it. */
  | {
      readonly kind: 'merge' | 'unmerge';
      readonly guest: number;
      readonly mergedGuest: number;
      readonly event: Omit<GuestsMerged, 'guestId' | 'mergedGuestId'>;
    };

const propertyRooms: Record<string, { rooms: string[]; outlet: string }> = {
  bangkok: { rooms: ['101', '102', '103'], outlet: 'terrace' },
  chiangmai: { rooms: ['201', '202'], outlet: 'garden' },
};
const propertyIds = Object.keys(propertyRooms);
const surnames = ['Yu', 'Tanaka', 'Okafor'];

export const guestEmail = (guest: number) => `guest${guest}@example.com`;

/** Each step picks an action by number; the story keeps only those that make sense at that point. */
export const storyArbitrary = (maxSteps = 14) =>
  fc
    .array(fc.record({ guest: fc.nat(surnames.length - 1), action: fc.nat(4), choice: fc.nat(5) }), { minLength: 1, maxLength: maxSteps })
    .map(buildStory)
    .filter((story) => story.length > 0);

function buildStory(steps: { guest: number; action: number; choice: number }[]): StoryEvent[] {
  const story: StoryEvent[] = [];
  // Who is where: property -> room -> guest, and guest -> property -> room.
  const occupant = new Map<string, number>();
  const staying = new Map<number, Map<string, string>>();
  const checkedIn = new Set<number>();
  let minute = 0;
  for (const [i, { guest, action, choice }] of steps.entries()) {
    minute += 37;
    const at = new Date(Date.UTC(2025, 5, 1, 0, minute)).toISOString();
    const eventId = `story-${i}`;
    const stays = staying.get(guest) ?? new Map<string, string>();
    staying.set(guest, stays);
    const propertyId = propertyIds[choice % propertyIds.length]!;
    const freeRoom =
      propertyRooms[propertyId]!.rooms.find((room, r) => r >= choice % 2 && !occupant.has(`${propertyId}/${room}`)) ??
      propertyRooms[propertyId]!.rooms.find((room) => !occupant.has(`${propertyId}/${room}`));
    const here = [...stays.entries()][choice % Math.max(1, stays.size)];
    if ((action <= 1 || !checkedIn.has(guest)) && freeRoom) {
      // A check-in; at a property where the guest is in house already, a room move.
      const previous = stays.get(propertyId);
      if (previous) occupant.delete(`${propertyId}/${previous}`);
      occupant.set(`${propertyId}/${freeRoom}`, guest);
      stays.set(propertyId, freeRoom);
      checkedIn.add(guest);
      story.push({
        kind: 'stay',
        guest,
        event: {
          eventId,
          propertyId,
          at,
          room: freeRoom,
          guest: { title: 'Mr', lastName: surnames[guest]!, email: guestEmail(guest), marketingConsent: choice % 2 === 0 },
        },
      });
    } else if (action === 2 && here) {
      const [where, room] = here;
      occupant.delete(`${where}/${room}`);
      stays.delete(where);
      // Some departures come from the PMS with the nights and the room revenue.
      const value = choice >= 3 ? { nights: choice - 2, roomRevenue: choice * 1000.25 } : {};
      story.push({ kind: 'departure', guest, event: { eventId, propertyId: where, at, ...(choice % 2 ? { room } : {}), ...value } });
    } else if (action === 3 && checkedIn.has(guest)) {
      story.push({
        kind: 'dining',
        guest,
        event: {
          eventId,
          propertyId,
          at,
          outlet: propertyRooms[propertyId]!.outlet,
          table: `T${choice}`,
          items: [{ name: ['egg', 'coffee', 'rice'][choice % 3]!, quantity: 1 + (choice % 2) }],
          // Some meals come from the POS with what they cost.
          ...(choice % 2 ? {} : { amount: 120.5 * (choice + 1) }),
        },
      });
    } else if (checkedIn.has(guest) && action === 4 && choice === 2) {
      // Staff set or remove a tag; the latest change by business time holds.
      story.push({
        kind: 'tag',
        guest,
        event: { eventId, propertyId, at, tag: staffTags[i % staffTags.length]!, set: i % 3 !== 0, author: { role: 'frontdesk', subject: 'clerk' } },
      });
    } else if (checkedIn.has(guest) && action === 4 && choice === 1) {
      // The desk corrects the title and records consent (the email, which finds the guest here, stays).
      story.push({
        kind: 'correction',
        guest,
        event: {
          eventId,
          propertyId,
          at,
          changes: { title: ['Dr', 'Ms', 'Prof'][i % 3]!, marketingConsent: i % 2 === 0 },
          author: { role: 'frontdesk', subject: 'clerk' },
        },
      });
    } else if (checkedIn.has(guest) && choice >= 3) {
      // A statement of allergies and diets, replacing any before it; choice 5 clears them.
      const allergies =
        choice === 5 ? [] : [allergens[i % allergens.length]!, allergens[(i + choice) % allergens.length]!].filter((a, n, all) => all.indexOf(a) === n);
      const other = choice === 4 ? { other: `stated at step ${i}` } : {};
      story.push({
        kind: 'dietary',
        guest,
        event: {
          eventId,
          propertyId,
          at,
          allergies,
          diets: choice === 3 ? [diets[i % diets.length]!] : [],
          ...other,
          author: { role: 'restaurant', subject: 'host' },
        },
      });
    } else if (checkedIn.has(guest)) {
      story.push({
        kind: 'note',
        guest,
        event: { eventId, propertyId, at, category: 'food', text: `note ${i}`, author: { role: 'frontdesk', subject: 'clerk' } },
      });
    }
  }
  return story;
}

/** A delivery order: the story shuffled, with some events delivered twice. */
export const deliveryArbitrary = (story: readonly StoryEvent[]) =>
  fc
    .tuple(
      fc.shuffledSubarray([...story.keys()], { minLength: story.length, maxLength: story.length }),
      fc.subarray([...story.keys()], { maxLength: Math.min(3, story.length) }),
    )
    .map(([order, repeated]) => [...order, ...repeated].map((i) => story[i]!));

/**
 * The story with guest 1 merged into guest 0 after a step of it, and (when `undo`) the merge undone after a later
 * step. Only stories where both guests check in.
 */
export const mergedStoryArbitrary = (maxSteps: number, undo: boolean) =>
  storyArbitrary(maxSteps)
    .filter((story) => [0, 1].every((guest) => story.some((e) => e.kind === 'stay' && e.guest === guest)))
    .chain((story) =>
      fc.tuple(fc.constant(story), fc.nat(story.length - 1), fc.nat(story.length - 1)).map(([story, a, b]) => {
        const minuteAfter = (step: number, minutes: number) => new Date(Date.parse(story[step]!.event.at) + minutes * 60_000).toISOString();
        const author = { role: 'admin', subject: 'admin' };
        const admin = (kind: 'merge' | 'unmerge', step: number, minutes: number): StoryEvent => ({
          kind,
          guest: 0,
          mergedGuest: 1,
          event: { eventId: `${kind}-${step}`, propertyId: 'bangkok', at: minuteAfter(step, minutes), author },
        });
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        return { story, admin: undo ? [admin('merge', from, 10), admin('unmerge', to, 20)] : [admin('merge', from, 10)] };
      }),
    );
