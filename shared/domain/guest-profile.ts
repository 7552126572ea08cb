/**
 * A guest's profile: what the recorders keep about a guest, and how each event changes it. Pure: the store
 * persists whatever these functions return. Everything the recognition card needs sits on the profile, so a
 * recognition is one key lookup.
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
  /** Business time consent was last given or withdrawn: an older event cannot undo a newer choice. */
  readonly consentUpdatedAt?: string;
  readonly pmsProfileIds: readonly string[];
  /** Every identity key this guest holds, older emails and phones included: export and erasure find them all. */
  readonly claimedIdentityKeys?: readonly IdentityKey[];
  /** Business time of the check-in whose details are on the profile: an older, late check-in does not overwrite. */
  readonly detailsAt: string;
  readonly stayCount: number;
  /** Every property the guest has stayed at: staff of a property see only guests who have stayed there. */
  readonly propertyIds: readonly string[];
  readonly firstStay: Stay;
  /** Set while the guest is in house. */
  readonly currentStay?: Stay;
  /** The most recent stay that has ended. */
  readonly lastCompletedStay?: Stay;
  /** Per `property/outlet/mealPeriod`, newest first, at most `recentVisitsConsidered`. */
  readonly recentDining: Readonly<Record<string, readonly DiningVisit[]>>;
  /** Newest first. */
  readonly notes: readonly Note[];
}

export const maxNotesKept = 100;

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

function detailsFrom(details: GuestDetails): Partial<GuestProfile> {
  return stripUndefined({
    title: details.title,
    firstName: details.firstName,
    lastName: details.lastName,
    email: details.email === undefined ? undefined : normaliseEmail(details.email),
    phone: details.phone === undefined ? undefined : normalisePhone(details.phone),
    birthDate: details.birthDate,
    language: details.language,
    marketingConsent: details.marketingConsent,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function stayFrom(event: GuestCheckedIn): Stay {
  return {
    propertyId: event.propertyId,
    room: event.room,
    checkedInAt: event.at,
    checkedInOn: toLocalDateTime(event.at, requireProperty(event.propertyId).timeZone).date,
  };
}

function endStay(stay: Stay, at: string): Stay {
  return { ...stay, departedAt: at, departedOn: toLocalDateTime(at, requireProperty(stay.propertyId).timeZone).date };
}

/** A first check-in creates the profile. */
export function createProfile(guestId: string, event: GuestCheckedIn): GuestProfile {
  const stay = stayFrom(event);
  return {
    guestId,
    marketingConsent: false,
    ...detailsFrom(event.guest),
    lastName: event.guest.lastName,
    ...(event.guest.marketingConsent === undefined ? {} : { consentUpdatedAt: event.at }),
    pmsProfileIds: event.guest.pmsProfileId ? [identityKeysOf(event.propertyId, event.guest)[0]!.value] : [],
    detailsAt: event.at,
    stayCount: 1,
    propertyIds: [event.propertyId],
    firstStay: stay,
    currentStay: stay,
    recentDining: {},
    notes: [],
  };
}

export interface CheckInOutcome {
  readonly profile: GuestProfile;
  /** False when the event repeats the guest's current check-in, or moves them to another room of the same stay. */
  readonly newStay: boolean;
  /** True when this check-in is now the guest's current stay (false for a late check-in of an earlier stay). */
  readonly occupiesRoom: boolean;
  /** The room the guest leaves by this check-in (a room move, or a stay elsewhere that never got its departure). */
  readonly vacatedRoom?: { readonly propertyId: string; readonly room: string };
}

/**
 * A returning guest checks in. Details given now update the profile unless a newer check-in already did. A check-in
 * at the property where the guest is in house, for another room, is a room move within the same stay; one at
 * another property ends the stay there. A check-in that arrives late, older than the latest stay known, counts as a
 * stay but changes neither the current stay nor the room.
 */
export function applyCheckIn(profile: GuestProfile, event: GuestCheckedIn): CheckInOutcome {
  const newerDetails = compareInstants(event.at, profile.detailsAt) >= 0;
  const consent = event.guest.marketingConsent;
  const newerConsent = consent !== undefined && (!profile.consentUpdatedAt || compareInstants(event.at, profile.consentUpdatedAt) >= 0);
  const { marketingConsent: _consent, ...details } = detailsFrom(event.guest);
  const pmsKey = event.guest.pmsProfileId ? identityKeysOf(event.propertyId, { pmsProfileId: event.guest.pmsProfileId })[0]!.value : undefined;
  const withDetails: GuestProfile = {
    ...profile,
    ...(newerDetails ? { ...details, detailsAt: event.at } : {}),
    ...(newerConsent ? { marketingConsent: consent, consentUpdatedAt: event.at } : {}),
    pmsProfileIds: pmsKey && !profile.pmsProfileIds.includes(pmsKey) ? [...profile.pmsProfileIds, pmsKey] : profile.pmsProfileIds,
  };
  const current = profile.currentStay;
  const latestKnown = current ?? profile.lastCompletedStay;
  const late = latestKnown !== undefined && compareInstants(event.at, latestKnown.checkedInAt) < 0;
  if (current && current.propertyId === event.propertyId && !late) {
    if (current.room === event.room) return { profile: withDetails, newStay: false, occupiesRoom: false };
    return {
      profile: { ...withDetails, currentStay: { ...current, room: event.room } },
      newStay: false,
      occupiesRoom: true,
      vacatedRoom: { propertyId: current.propertyId, room: current.room },
    };
  }
  const stay = stayFrom(event);
  const counted: GuestProfile = {
    ...withDetails,
    stayCount: profile.stayCount + 1,
    propertyIds: profile.propertyIds.includes(event.propertyId) ? profile.propertyIds : [...profile.propertyIds, event.propertyId],
    firstStay: compareInstants(event.at, profile.firstStay.checkedInAt) < 0 ? stay : profile.firstStay,
  };
  if (late) return { profile: counted, newStay: true, occupiesRoom: false };
  const closedStay = current && endStay(current, event.at);
  return {
    profile: { ...counted, currentStay: stay, ...(closedStay ? { lastCompletedStay: closedStay } : {}) },
    newStay: true,
    occupiesRoom: true,
    ...(current ? { vacatedRoom: { propertyId: current.propertyId, room: current.room } } : {}),
  };
}

/**
 * The room was given to a guest who checked in after this event's time: this check-in is history, it must not
 * evict them. The stay counts; the current stay stays as it was before.
 */
export function keepOutOfTheRoom(outcome: CheckInOutcome, before: GuestProfile | undefined): CheckInOutcome {
  const { currentStay: _taken, lastCompletedStay: _ended, ...rest } = outcome.profile;
  const profile: GuestProfile = {
    ...rest,
    ...(before?.currentStay ? { currentStay: before.currentStay } : {}),
    ...(before?.lastCompletedStay ? { lastCompletedStay: before.lastCompletedStay } : {}),
  };
  return { profile, newStay: outcome.newStay, occupiesRoom: false };
}

/**
 * The guest leaves. A departure for a stay other than the current one (late, or for an earlier stay) changes
 * nothing but the history.
 */
export function applyDeparture(profile: GuestProfile, event: GuestDeparted): { profile: GuestProfile; endedStay?: Stay; checkInPending?: boolean } {
  const current = profile.currentStay;
  const matches =
    current !== undefined &&
    current.propertyId === event.propertyId &&
    (event.room === undefined || current.room === event.room) &&
    compareInstants(event.at, current.checkedInAt) >= 0;
  if (!matches) {
    // Newer than every stay known: the check-in it ends has not arrived yet (events may come out of order).
    const last = profile.lastCompletedStay;
    const checkInPending = !current && (!last?.departedAt || compareInstants(event.at, last.departedAt) > 0);
    return checkInPending ? { profile, checkInPending } : { profile };
  }
  const endedStay = endStay(current, event.at);
  const { currentStay: _ended, ...rest } = profile;
  return { profile: { ...rest, lastCompletedStay: endedStay }, endedStay };
}

/** Ends the stay of a guest whose room was given to someone else (the PMS moved on without a departure). */
export function endStayForRoomTakenOver(profile: GuestProfile, at: string): GuestProfile {
  const current = profile.currentStay;
  if (!current) return profile;
  const { currentStay: _ended, ...rest } = profile;
  return { ...rest, lastCompletedStay: endStay(current, at) };
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

/** Keeps the newest visits by business time, so a meal that arrives late never becomes "last time". */
export function applyDining(profile: GuestProfile, key: string, visit: DiningVisit): GuestProfile {
  const visits = [...(profile.recentDining[key] ?? []), visit]
    .sort((a, b) => compareInstants(b.at, a.at) || b.eventId.localeCompare(a.eventId))
    .slice(0, recentVisitsConsidered);
  return { ...profile, recentDining: { ...profile.recentDining, [key]: visits } };
}

export function applyNote(profile: GuestProfile, event: GuestNoteAdded): GuestProfile {
  const note: Note = {
    noteId: event.eventId,
    at: event.at,
    propertyId: event.propertyId,
    category: event.category,
    text: event.text,
    authorRole: event.author.role,
  };
  const notes = [...profile.notes, note].sort((a, b) => compareInstants(b.at, a.at)).slice(0, maxNotesKept);
  return { ...profile, notes };
}

/** The guest unsubscribed: no more marketing email until consent is given again at a later check-in. */
export function applyConsentWithdrawn(profile: GuestProfile, event: MarketingConsentWithdrawn): GuestProfile {
  if (profile.consentUpdatedAt && compareInstants(event.at, profile.consentUpdatedAt) < 0) return profile;
  return { ...profile, marketingConsent: false, consentUpdatedAt: event.at };
}

/** The identity keys a profile holds, current and past: how check-ins find it, and what erasure removes. */
export function identityKeysOfProfile(profile: GuestProfile): IdentityKey[] {
  const keys = [
    ...(profile.claimedIdentityKeys ?? []),
    ...profile.pmsProfileIds.map((value) => ({ kind: 'pms' as const, value })),
    ...(profile.email ? [{ kind: 'email' as const, value: profile.email }] : []),
    ...(profile.phone ? [{ kind: 'phone' as const, value: profile.phone }] : []),
  ];
  return keys.filter((key, i) => keys.findIndex((k) => k.kind === key.kind && k.value === key.value) === i);
}

/** Records the identity keys a guest now holds, keeping the ones held before (an old email still finds them). */
export function withClaimedIdentityKeys(profile: GuestProfile, claimed: readonly IdentityKey[]): GuestProfile {
  return { ...profile, claimedIdentityKeys: identityKeysOfProfile({ ...profile, claimedIdentityKeys: [...(profile.claimedIdentityKeys ?? []), ...claimed] }) };
}
