/**
 * A guest's profile is a fold over the guest's history: every event recorded for the guest, applied in business-time
 * order. Pure: the store keeps the history and a cached result of the fold, and refolds when an event arrives late
 * (older than what the cache has applied), so any delivery order, with any repetition, gives the same profile.
 * Everything the recognition card needs sits on the profile, so a recognition is one key lookup.
 */
import { requireProperty } from '../config/properties.ts';
import type {
  DiningRecorded,
  GuestCheckedIn,
  GuestDeparted,
  GuestDetails,
  GuestNoteAdded,
  MarketingConsentWithdrawn,
  OrderedItem,
} from '../events/guest-events.ts';
import { compareInstants, toLocalDateTime } from './dates.ts';
import { identityKeysOf, normaliseEmail, normalisePhone, type IdentityKey } from './identity.ts';
import { mealPeriodAt } from './meal-period.ts';
import { recentVisitsConsidered } from './usual.ts';

export interface Stay {
  readonly propertyId: string;
  readonly room: string;
  readonly checkedInAt: string;
  /** Local date of check-in at the property. */
  readonly checkedInOn: string;
  /** When the guest moved into `room` (the check-in, or the latest room move of the stay). */
  readonly inRoomSince: string;
  readonly departedAt?: string;
  readonly departedOn?: string;
}

export interface DiningVisit {
  readonly eventId: string;
  readonly at: string;
  /** Local date at the property. */
  readonly date: string;
  readonly table: string;
  /** Sorted by name, duplicates merged: two equal orders have equal lists. */
  readonly items: readonly OrderedItem[];
  readonly partySize?: number;
}

export interface Note {
  readonly noteId: string;
  readonly at: string;
  readonly propertyId: string;
  readonly category: string;
  readonly text: string;
  readonly authorRole: string;
}

export interface GuestProfile {
  readonly guestId: string;
  readonly title?: string;
  readonly firstName?: string;
  readonly lastName: string;
  /** Normalised (case and spaces folded). */
  readonly email?: string;
  /** E.164 */
  readonly phone?: string;
  readonly birthDate?: string;
  readonly language?: string;
  readonly marketingConsent: boolean;
  /** Business time consent was last given or withdrawn. */
  readonly consentUpdatedAt?: string;
  /** `property:id` keys. */
  readonly pmsProfileIds: readonly string[];
  /** Every identity key any of the guest's check-ins named, older emails and phones included: erasure finds them all. */
  readonly identityKeys: readonly IdentityKey[];
  readonly stayCount: number;
  /** Every property the guest has stayed or dined at as a walk-in: staff of a property see only guests known there. */
  readonly propertyIds: readonly string[];
  /** Absent for a walk-in diner who has never stayed. */
  readonly firstStay?: Stay;
  /** The stays under way, at most one per property: a check-in at one property never ends a stay at another. */
  readonly currentStays: readonly Stay[];
  /** The most recent stay that has ended. */
  readonly lastCompletedStay?: Stay;
  /** Per `property/outlet/mealPeriod`, newest first, at most `recentVisitsConsidered`. */
  readonly recentDining: Readonly<Record<string, readonly DiningVisit[]>>;
  /** Newest first. */
  readonly notes: readonly Note[];
  /** The position of the latest history entry applied: an entry sorting before it makes the store refold. */
  readonly appliedThrough: string;
}

/**
 * Another guest checked into the room this guest occupied, without a departure for this guest (the PMS moved on):
 * the stay ends then. Derived by the store from the room's occupant, and kept in the guest's history like an event.
 */
export interface RoomTakenOver {
  readonly eventId: string;
  readonly propertyId: string;
  readonly room: string;
  readonly at: string;
}

/** One entry of a guest's history: a recorded event, tagged with its kind. */
export type HistoryEntry =
  | { readonly kind: 'stay'; readonly event: GuestCheckedIn }
  | { readonly kind: 'dining'; readonly event: DiningRecorded }
  | { readonly kind: 'departure'; readonly event: GuestDeparted }
  | { readonly kind: 'note'; readonly event: GuestNoteAdded }
  | { readonly kind: 'consent'; readonly event: MarketingConsentWithdrawn }
  | { readonly kind: 'room-taken-over'; readonly event: RoomTakenOver };

export type HistoryKind = HistoryEntry['kind'];

export const maxNotesKept = 100;

/** At the same instant, arrivals come first and departures last, so a stay is never ended before it began. */
const kindRank: Record<HistoryKind, number> = { stay: 0, 'room-taken-over': 1, dining: 2, note: 2, consent: 2, departure: 3 };

/** Where an entry sorts in the history: business time (UTC), then kind, then event id. Compared as strings. */
export function positionOf(entry: HistoryEntry): string {
  return `${new Date(entry.event.at).toISOString()}#${kindRank[entry.kind]}#${entry.event.eventId}`;
}

export function diningKey(propertyId: string, outlet: string, mealPeriod: string): string {
  return `${propertyId}/${outlet}/${mealPeriod}`;
}

export function parseDiningKey(key: string): { propertyId: string; outlet: string; mealPeriod: string } {
  const [propertyId = '', outlet = '', mealPeriod = ''] = key.split('/');
  return { propertyId, outlet, mealPeriod };
}

/** Same items and quantities in any order give the same list. */
export function normaliseOrder(items: readonly OrderedItem[]): OrderedItem[] {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.name, (quantities.get(item.name) ?? 0) + item.quantity);
  return [...quantities]
    .map(([name, quantity]) => ({ name, quantity }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function orderKey(items: readonly OrderedItem[]): string {
  return JSON.stringify(items.map((item) => [item.name, item.quantity]));
}

/** The stay under way at a property, if any. */
export function currentStayAt(profile: Pick<GuestProfile, 'currentStays'>, propertyId: string): Stay | undefined {
  return profile.currentStays.find((stay) => stay.propertyId === propertyId);
}

/** The stay under way that began last (a guest may be in house at two properties). */
export function latestCurrentStay(profile: Pick<GuestProfile, 'currentStays'>): Stay | undefined {
  return profile.currentStays.reduce<Stay | undefined>((latest, stay) => (!latest || compareInstants(stay.checkedInAt, latest.checkedInAt) > 0 ? stay : latest), undefined);
}

/**
 * The guest's most recent property: where they are in house, or last stayed, or first met (a walk-in's restaurant).
 * Its time zone says what "today" is for them, and it sends their emails.
 */
export function homePropertyOf(profile: GuestProfile): string {
  return (latestCurrentStay(profile) ?? profile.lastCompletedStay ?? profile.firstStay)?.propertyId ?? profile.propertyIds[0]!;
}

function detailsFrom(details: Pick<GuestDetails, 'title' | 'firstName' | 'lastName' | 'email' | 'phone' | 'birthDate' | 'language'>): Partial<GuestProfile> {
  return stripUndefined({
    title: details.title,
    firstName: details.firstName,
    lastName: details.lastName,
    email: details.email === undefined ? undefined : normaliseEmail(details.email),
    phone: details.phone === undefined ? undefined : normalisePhone(details.phone),
    birthDate: details.birthDate,
    language: details.language,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function union<T>(list: readonly T[], more: readonly T[], same: (a: T, b: T) => boolean = (a, b) => a === b): T[] {
  return [...list, ...more.filter((item, i) => !list.some((known) => same(known, item)) && more.findIndex((m) => same(m, item)) === i)];
}

const sameKey = (a: IdentityKey, b: IdentityKey) => a.kind === b.kind && a.value === b.value;

function endStay(stay: Stay, at: string): Stay {
  return { ...stay, departedAt: at, departedOn: toLocalDateTime(at, requireProperty(stay.propertyId).timeZone).date };
}

/** A profile while its history is folded: until a check-in or a walk-in names the guest, it has no name yet. */
type Draft = GuestProfile;

function emptyDraft(guestId: string): Draft {
  return {
    guestId,
    lastName: '',
    marketingConsent: false,
    pmsProfileIds: [],
    identityKeys: [],
    stayCount: 0,
    propertyIds: [],
    currentStays: [],
    recentDining: {},
    notes: [],
    appliedThrough: '',
  };
}

/**
 * A check-in: the details it gives replace older ones. At a property where the guest is in house, another room is a
 * room move within the stay and the same room a repeat; otherwise it starts a stay. Stays elsewhere go on.
 */
function applyCheckIn(draft: Draft, event: GuestCheckedIn): Draft {
  const consent = event.guest.marketingConsent;
  const keys = identityKeysOf(event.propertyId, event.guest);
  const withDetails: Draft = {
    ...draft,
    ...detailsFrom(event.guest),
    ...(consent === undefined ? {} : { marketingConsent: consent, consentUpdatedAt: event.at }),
    pmsProfileIds: union(draft.pmsProfileIds, keys.filter((k) => k.kind === 'pms').map((k) => k.value)),
    identityKeys: union(draft.identityKeys, keys, sameKey),
  };
  const current = currentStayAt(draft, event.propertyId);
  if (current) {
    if (current.room === event.room) return withDetails;
    const moved: Stay = { ...current, room: event.room, inRoomSince: event.at };
    return { ...withDetails, currentStays: draft.currentStays.map((stay) => (stay === current ? moved : stay)) };
  }
  const stay: Stay = {
    propertyId: event.propertyId,
    room: event.room,
    checkedInAt: event.at,
    checkedInOn: toLocalDateTime(event.at, requireProperty(event.propertyId).timeZone).date,
    inRoomSince: event.at,
  };
  return {
    ...withDetails,
    stayCount: draft.stayCount + 1,
    propertyIds: union(draft.propertyIds, [event.propertyId]),
    firstStay: draft.firstStay ?? stay,
    currentStays: [...draft.currentStays, stay],
  };
}

/** Ends the stay at a property, if the guest is there (in `room`, when one is named); otherwise nothing changes. */
function endStayAt(draft: Draft, propertyId: string, room: string | undefined, at: string): Draft {
  const current = currentStayAt(draft, propertyId);
  if (!current || (room !== undefined && current.room !== room)) return draft;
  return { ...draft, currentStays: draft.currentStays.filter((stay) => stay !== current), lastCompletedStay: endStay(current, at) };
}

export function diningVisitFrom(event: DiningRecorded): { key: string; visit: DiningVisit } {
  const property = requireProperty(event.propertyId);
  const outlet = property.outlets.find((o) => o.id === event.outlet);
  if (!outlet) throw new Error(`outlet ${event.outlet} is not configured at ${property.id}`);
  const local = toLocalDateTime(event.at, property.timeZone);
  const mealPeriod = event.mealPeriod ?? mealPeriodAt(outlet, local.time);
  const visit: DiningVisit = {
    eventId: event.eventId,
    at: event.at,
    date: local.date,
    table: event.table,
    items: normaliseOrder(event.items),
    ...(event.partySize === undefined ? {} : { partySize: event.partySize }),
  };
  return { key: diningKey(property.id, outlet.id, mealPeriod), visit };
}

/**
 * Keeps the newest visits by business time, so a meal that arrives late never becomes "last time". A walk-in's meal
 * names the diner as a check-in names a guest: the details it gives replace older ones, and the guest is known at
 * the property from then on.
 */
function applyDining(draft: Draft, event: DiningRecorded): Draft {
  const { key, visit } = diningVisitFrom(event);
  const visits = [...(draft.recentDining[key] ?? []), visit]
    .sort((a, b) => compareInstants(b.at, a.at) || b.eventId.localeCompare(a.eventId))
    .slice(0, recentVisitsConsidered);
  const withVisit: Draft = { ...draft, recentDining: { ...draft.recentDining, [key]: visits } };
  if (!event.diner) return withVisit;
  return {
    ...withVisit,
    ...detailsFrom(event.diner),
    identityKeys: union(draft.identityKeys, identityKeysOf(event.propertyId, event.diner), sameKey),
    propertyIds: union(draft.propertyIds, [event.propertyId]),
  };
}

function applyNote(draft: Draft, event: GuestNoteAdded): Draft {
  const note: Note = {
    noteId: event.eventId,
    at: event.at,
    propertyId: event.propertyId,
    category: event.category,
    text: event.text,
    authorRole: event.author.role,
  };
  const notes = [note, ...draft.notes].sort((a, b) => compareInstants(b.at, a.at)).slice(0, maxNotesKept);
  return { ...draft, notes };
}

function applyEntryToDraft(draft: Draft, entry: HistoryEntry): Draft {
  const applied = ((): Draft => {
    switch (entry.kind) {
      case 'stay':
        return applyCheckIn(draft, entry.event);
      case 'departure':
        return endStayAt(draft, entry.event.propertyId, entry.event.room, entry.event.at);
      case 'room-taken-over':
        return endStayAt(draft, entry.event.propertyId, entry.event.room, entry.event.at);
      case 'dining':
        return applyDining(draft, entry.event);
      case 'note':
        return applyNote(draft, entry.event);
      case 'consent':
        // The guest unsubscribed: no more marketing email until consent is given again at a later check-in.
        return { ...draft, marketingConsent: false, consentUpdatedAt: entry.event.at };
    }
  })();
  const position = positionOf(entry);
  return { ...applied, appliedThrough: position > draft.appliedThrough ? position : draft.appliedThrough };
}

/** Who is in a room: a guest, since they moved into it. */
export interface RoomHolder {
  readonly guestId: string;
  readonly since: string;
}

/**
 * Who gets a room both a guest's stay and its current holder claim: whoever moved in later (a tie goes to the
 * greater guest id, so the answer never depends on who asks first). In order, the later guest takes the room over
 * and the earlier one's stay ends then; when the earlier check-in arrives late, its stay ended when the later guest
 * moved in. Either way the same rooms and stays as in-order delivery.
 */
export function decideRoomHolder(
  claimant: RoomHolder,
  holder: RoomHolder | undefined,
):
  | { readonly kind: 'ours' }
  | { readonly kind: 'take-over'; readonly holder: string; readonly at: string }
  | { readonly kind: 'taken-from-us'; readonly at: string } {
  if (!holder || holder.guestId === claimant.guestId) return { kind: 'ours' };
  const claimantLater = compareInstants(claimant.since, holder.since) > 0 || (claimant.since === holder.since && claimant.guestId > holder.guestId);
  return claimantLater ? { kind: 'take-over', holder: holder.guestId, at: claimant.since } : { kind: 'taken-from-us', at: holder.since };
}

/** True when the entry sorts after everything the profile has applied: it can be applied on top. */
export function appliesOnTop(profile: GuestProfile, entry: HistoryEntry): boolean {
  return positionOf(entry) > profile.appliedThrough;
}

/** Applies entries that all sort after everything applied so far (see `appliesOnTop`), in their order. */
export function foldOnTop(profile: GuestProfile, entries: readonly HistoryEntry[]): GuestProfile {
  return sortByPosition(entries).reduce<Draft>(applyEntryToDraft, profile)
}

function sortByPosition(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const positioned = entries.map((entry) => ({ entry, position: positionOf(entry) }));
  positioned.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  // The same event twice (a redelivery) is one entry.
  return positioned.filter((p, i) => i === 0 || p.position !== positioned[i - 1]!.position).map((p) => p.entry);
}

/**
 * The profile from the guest's whole history, in any order; undefined until the history names the guest (a
 * check-in, or a walk-in's meal).
 */
export function foldHistory(guestId: string, entries: readonly HistoryEntry[]): GuestProfile | undefined {
  const draft = sortByPosition(entries).reduce(applyEntryToDraft, emptyDraft(guestId));
  return draft.lastName ? draft : undefined;
}
