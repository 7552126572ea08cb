/** Event builders with sensible defaults: a test states only what matters to it. */
import { randomUUID } from 'node:crypto';
import { appliesOnTop, foldHistory, foldOnTop, type GuestProfile, type HistoryEntry } from '#shared/domain/guest-profile';
import type {
  DiningRecorded,
  GuestCheckedIn,
  GuestDeparted,
  GuestDetails,
  GuestDietaryNeedsRecorded,
  GuestNoteAdded,
  GuestProfileCorrected,
  GuestTagChanged,
  GuestNoteChanged,
} from '#shared/events/guest-events';

export const mrYu: GuestDetails = {
  title: 'Mr',
  firstName: 'Wei',
  lastName: 'Yu',
  email: 'yu.wei@example.com',
  phone: '+85291234567',
  birthDate: '1970-06-20',
  language: 'zh-Hant',
  marketingConsent: true,
};

export const breakfast = [
  { name: 'sandwich', quantity: 1 },
  { name: 'coffee', quantity: 1 },
  { name: 'egg', quantity: 1 },
];

const eventId = () => randomUUID();

export function aCheckIn(overrides: Partial<GuestCheckedIn> = {}): GuestCheckedIn {
  return { eventId: eventId(), propertyId: 'bangkok', at: '2025-06-07T14:00:00+07:00', room: '1203', guest: mrYu, ...overrides };
}

export function aDining(guestId: string, overrides: Partial<DiningRecorded> = {}): DiningRecorded {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-08T07:30:00+07:00',
    guestId,
    outlet: 'terrace',
    table: 'W2',
    items: breakfast,
    ...overrides,
  };
}

export function aDeparture(guestId: string, overrides: Partial<GuestDeparted> = {}): GuestDeparted {
  return { eventId: eventId(), propertyId: 'bangkok', at: '2025-06-09T11:00:00+07:00', guestId, ...overrides };
}

export function aNote(guestId: string, overrides: Partial<GuestNoteAdded> = {}): GuestNoteAdded {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-08T09:00:00+07:00',
    guestId,
    category: 'food',
    text: 'Ate only the bananas from the fruit basket',
    author: { role: 'frontdesk', subject: 'clerk-1' },
    ...overrides,
  };
}

export function aDietaryNeeds(guestId: string, overrides: Partial<GuestDietaryNeedsRecorded> = {}): GuestDietaryNeedsRecorded {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-07T15:00:00+07:00',
    guestId,
    allergies: ['egg'],
    diets: [],
    author: { role: 'frontdesk', subject: 'clerk-1' },
    ...overrides,
  };
}

export function aCorrection(guestId: string, changes: GuestProfileCorrected['changes'], overrides: Partial<GuestProfileCorrected> = {}): GuestProfileCorrected {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-08T10:00:00+07:00',
    guestId,
    changes,
    author: { role: 'frontdesk', subject: 'clerk-2' },
    ...overrides,
  };
}

export function aTagChange(guestId: string, overrides: Partial<GuestTagChanged> = {}): GuestTagChanged {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-08T11:00:00+07:00',
    guestId,
    tag: 'vip',
    set: true,
    author: { role: 'frontdesk', subject: 'clerk-3' },
    ...overrides,
  };
}

export function aNoteChange(guestId: string, noteId: string, overrides: Partial<GuestNoteChanged> = {}): GuestNoteChanged {
  return {
    eventId: eventId(),
    propertyId: 'bangkok',
    at: '2025-06-08T12:00:00+07:00',
    guestId,
    noteId,
    action: 'edit',
    text: 'Ate only the mangoes',
    author: { role: 'frontdesk', subject: 'clerk-1' },
    ...overrides,
  };
}

/** History entries, as the store keeps them. */
export const checkInEntry = (event: GuestCheckedIn): HistoryEntry => ({ kind: 'stay', event });
export const diningEntry = (event: DiningRecorded): HistoryEntry => ({ kind: 'dining', event });
export const departureEntry = (event: GuestDeparted): HistoryEntry => ({ kind: 'departure', event });
export const noteEntry = (event: GuestNoteAdded): HistoryEntry => ({ kind: 'note', event });
export const dietaryEntry = (event: GuestDietaryNeedsRecorded): HistoryEntry => ({ kind: 'dietary', event });
export const correctionEntry = (event: GuestProfileCorrected): HistoryEntry => ({ kind: 'correction', event });
export const tagEntry = (event: GuestTagChanged): HistoryEntry => ({ kind: 'tag', event });
export const noteChangeEntry = (event: GuestNoteChanged): HistoryEntry => ({ kind: 'note-change', event });

/** The profile a history folds to; fails the test when the history holds no check-in. */
export function profileOf(guestId: string, ...entries: HistoryEntry[]): GuestProfile {
  const profile = foldHistory(guestId, entries);
  if (!profile) throw new Error('the history holds no check-in');
  return profile;
}

/** The profile with newer entries applied on top, as the store does for events that arrive in order. */
export function withEntries(profile: GuestProfile, ...entries: HistoryEntry[]): GuestProfile {
  if (!entries.every((entry) => appliesOnTop(profile, entry))) throw new Error('an entry is older than the profile: fold the whole history instead');
  return foldOnTop(profile, entries);
}
