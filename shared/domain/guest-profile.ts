/**
 * A guest's profile is a fold over the guest's history: every event recorded for the guest, applied in business-time
 * order. Pure: the store keeps the history and a cached result of the fold, and refolds when an event arrives late
 * (older than what the cache has applied), so any delivery order, with any repetition, gives the same profile.
 *
 * The fold's result comes in two parts, so that the card stays small whatever the history: the profile, which holds
 * everything the recognition card shows and nothing more (per outlet and meal period only the usual and the last
 * visit; only the newest few notes), so a recognition is one small key lookup; and, per outlet and meal period, the
 * recent visits the usual is chosen from (`DiningWindows`), which only applying the next meal there needs.
 */
import { requireProperty } from '../config/properties.ts';
import type {
  DiningRecorded,
  GuestCheckedIn,
  GuestDeparted,
  GuestDetails,
  GuestDietaryNeedsRecorded,
  GuestNoteAdded,
  GuestNoteChanged,
  GuestProfileCorrected,
  GuestTagChanged,
  GuestsMerged,
  GuestsUnmerged,
  MarketingConsentWithdrawn,
  OrderedItem,
} from '../events/guest-events.ts';
import { absenceAnswerOf, type AbsenceAnswer, type AbsenceAnswerGiven } from './absence-survey.ts';
import { compareInstants, daysBetween, toLocalDateTime } from './dates.ts';
import { orderedAllergies, orderedDiets, type DietaryNeeds } from './dietary-needs.ts';
import { stayDatesKept } from '../config/tags.ts';
import type { StaffTag } from './guest-tags.ts';
import { identityKeysOf, normaliseEmail, normalisePhone, type IdentityKey } from './identity.ts';
import { mealPeriodAt } from './meal-period.ts';
import { findUsual, recentVisitsConsidered, type Usual } from './usual.ts';
import { addToMonth, minorUnitsOf, type GuestValue } from './guest-value.ts';
import { applySegmentChange, type SegmentChanged, type ValueSegment } from './guest-segments.ts';

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

/** What the usual is chosen from: one meal's table and order. */
export interface DiningVisit {
  /** Local date at the property. */
  readonly date: string;
  readonly table: string;
  /** Sorted by name, duplicates merged: two equal orders have equal lists. */
  readonly items: readonly OrderedItem[];
}

/** What the card shows of one outlet and meal period: the usual table and order with their evidence, and the last visit. */
export interface DiningSummary {
  readonly usualTable: Usual<string>;
  readonly usualOrder: Usual<readonly OrderedItem[]>;
  readonly lastVisit: DiningVisit;
}

/**
 * Per `property/outlet/mealPeriod`, the recent visits the usual is chosen from, newest first, at most
 * `recentVisitsConsidered`: the fold's state behind each `DiningSummary`, kept beside the profile.
 */
export type DiningWindows = Readonly<Record<string, readonly DiningVisit[]>>;

export interface Note {
  readonly noteId: string;
  readonly at: string;
  readonly propertyId: string;
  readonly category: string;
  readonly text: string;
  readonly authorRole: string;
  /** When the note was last edited, and by which role (absent when never). */
  readonly editedAt?: string;
  readonly editedByRole?: string;
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
  /** Per `property/outlet/mealPeriod`: what the card shows of the guest's meals there. */
  readonly dining: Readonly<Record<string, DiningSummary>>;
  /** The newest notes of each property (see `keepNewestNotes`), newest first; every note stays in the history. */
  readonly notes: readonly Note[];
  /** Allergies and dietary needs, as last stated (absent when none are recorded): the restaurant sees them first. */
  readonly dietaryNeeds?: DietaryNeeds;
  /** The tags staff set, oldest first (absent when none). */
  readonly tags?: readonly StaffTag[];
  /** The check-in dates of the latest stays (at most `stayDatesKept`), oldest first: the `regular` tag counts them. */
  readonly stayDates?: readonly string[];
  /** The latest answer to "What kept you away?" (absent when none): front desk and admin see it, never the restaurant. */
  readonly absenceAnswer?: AbsenceAnswer;
  /** Per property, stays, nights and spend month by month (absent until there is any): the card's value figures. */
  readonly value?: GuestValue;
  /**
   * The duplicates merged into this guest (absent when none): their histories are folded in with this guest's own,
   * and their ids and identity keys lead here, until a merge is undone.
   */
  readonly mergedGuests?: readonly MergedGuest[];
  /** Per property, whether the guest is among its top guests by spend, as of the date of the run that said so. */
  readonly valueSegments?: Readonly<Record<string, ValueSegment>>;
  /** The position of the latest history entry applied: an entry sorting before it makes the store refold. */
  readonly appliedThrough: string;
}

export interface MergedGuest {
  readonly guestId: string;
  /** Business time of the merge, and the role that decided it. */
  readonly mergedAt: string;
  readonly mergedByRole: string;
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
  /** The guest who moved in (absent in entries recorded before it was kept). */
  readonly takenBy?: string;
}

/** One entry of a guest's history: a recorded event, tagged with its kind. */
export type HistoryEntry = (
  | { readonly kind: 'stay'; readonly event: GuestCheckedIn }
  | { readonly kind: 'dining'; readonly event: DiningRecorded }
  | { readonly kind: 'departure'; readonly event: GuestDeparted }
  | { readonly kind: 'note'; readonly event: GuestNoteAdded }
  | { readonly kind: 'consent'; readonly event: MarketingConsentWithdrawn }
  | { readonly kind: 'dietary'; readonly event: GuestDietaryNeedsRecorded }
  | { readonly kind: 'correction'; readonly event: GuestProfileCorrected }
  | { readonly kind: 'tag'; readonly event: GuestTagChanged }
  | { readonly kind: 'note-change'; readonly event: GuestNoteChanged }
  | { readonly kind: 'absence-answer'; readonly event: AbsenceAnswerGiven }
  | { readonly kind: 'room-taken-over'; readonly event: RoomTakenOver }
  | { readonly kind: 'merge'; readonly event: GuestsMerged }
  | { readonly kind: 'unmerge'; readonly event: GuestsUnmerged }
  | { readonly kind: 'segment'; readonly event: SegmentChanged }
) & {
  /**
   * Set by the store (never stored) on the entries of a guest merged into the one folded: they add to the guest's
   * history (stays, meals, notes, identity keys), never to who the guest is (names, contact, consent stay theirs;
   * an unsubscribe excepted).
   */
  readonly mergedFrom?: string;
};

export type HistoryKind = HistoryEntry['kind'];

/**
 * The card keeps, per property, the newest notes: at most this many, and only as many as fit in
 * `noteTextOnCardPerProperty` characters together (the newest one always). That bounds the card item (a note may be
 * 500 characters) while staff of each property still see their own latest notes; older ones are in the history.
 */
export const notesOnCardPerProperty = 3;
export const noteTextOnCardPerProperty = 600;

/** The fold's whole result: the profile (what the card shows) and the recent visits behind each usual. */
export interface GuestFold {
  readonly profile: GuestProfile;
  readonly recentDining: DiningWindows;
}

/** At the same instant, arrivals come first and departures last, so a stay is never ended before it began. */
const kindRank: Record<HistoryKind, number> = {
  stay: 0,
  'room-taken-over': 1,
  dining: 2,
  note: 2,
  consent: 2,
  'absence-answer': 2,
  dietary: 2,
  correction: 2,
  tag: 2,
  'note-change': 2,
  merge: 2,
  unmerge: 2,
  segment: 2,
  departure: 3,
};

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
  return [...quantities].map(([name, quantity]) => ({ name, quantity })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
  return profile.currentStays.reduce<Stay | undefined>(
    (latest, stay) => (!latest || compareInstants(stay.checkedInAt, latest.checkedInAt) > 0 ? stay : latest),
    undefined,
  );
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
    dining: {},
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
    pmsProfileIds: union(
      draft.pmsProfileIds,
      keys.filter((k) => k.kind === 'pms').map((k) => k.value),
    ),
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
    ...valueWith(draft, event.propertyId, stay.checkedInOn, { stays: 1 }),
    stayCount: draft.stayCount + 1,
    stayDates: [...(draft.stayDates ?? []), stay.checkedInOn].slice(-stayDatesKept),
    propertyIds: union(draft.propertyIds, [event.propertyId]),
    firstStay: draft.firstStay ?? stay,
    currentStays: [...draft.currentStays, stay],
  };
}

/** The profile's value figures with `added` in the month of `localDate` at the property. */
function valueWith(draft: Draft, propertyId: string, localDate: string, added: Parameters<typeof addToMonth>[3]): Pick<Draft, 'value'> {
  const value = addToMonth(draft.value, propertyId, localDate.slice(0, 7), added);
  return value ? { value } : {};
}

/**
 * A departure ends the stay and counts its nights (the PMS's figure, or the nights between the stay's dates) and its
 * room revenue in the month of departure. The PMS's figures count even when no stay here was under way.
 */
function applyDeparture(draft: Draft, event: GuestDeparted): Draft {
  const ended = endStayAt(draft, event.propertyId, event.room, event.at);
  const stay = ended.lastCompletedStay !== draft.lastCompletedStay ? ended.lastCompletedStay : undefined;
  const departedOn = stay?.departedOn ?? toLocalDateTime(event.at, requireProperty(event.propertyId).timeZone).date;
  const nights = event.nights ?? (stay ? daysBetween(stay.checkedInOn, departedOn) : 0);
  const spend = event.roomRevenue === undefined ? 0 : minorUnitsOf(event.roomRevenue);
  return { ...ended, ...valueWith(draft, event.propertyId, departedOn, { nights, spend }) };
}

/** Ends the stay at a property, if the guest is there (in `room`, when one is named); otherwise nothing changes. */
function endStayAt(draft: Draft, propertyId: string, room: string | undefined, at: string): Draft {
  const current = currentStayAt(draft, propertyId);
  if (!current || (room !== undefined && current.room !== room)) return draft;
  return { ...draft, currentStays: draft.currentStays.filter((stay) => stay !== current), lastCompletedStay: endStay(current, at) };
}

/** The outlet/meal pair a meal counts for (its meal period derived from its time when the terminal named none), and the visit. */
export function diningVisitFrom(event: DiningRecorded): { key: string; visit: DiningVisit } {
  const property = requireProperty(event.propertyId);
  const outlet = property.outlets.find((o) => o.id === event.outlet);
  if (!outlet) throw new Error(`outlet ${event.outlet} is not configured at ${property.id}`);
  const local = toLocalDateTime(event.at, property.timeZone);
  const mealPeriod = event.mealPeriod ?? mealPeriodAt(outlet, local.time);
  return { key: diningKey(property.id, outlet.id, mealPeriod), visit: { date: local.date, table: event.table, items: normaliseOrder(event.items) } };
}

/** The card's view of one pair's recent visits (newest first); undefined without a visit. */
export function summariseDining(visits: readonly DiningVisit[]): DiningSummary | undefined {
  const usualTable = findUsual(
    visits,
    (v) => v.table,
    (table) => table,
  );
  const usualOrder = findUsual(visits, (v) => v.items, orderKey);
  const lastVisit = visits[0];
  return usualTable && usualOrder && lastVisit ? { usualTable, usualOrder, lastVisit } : undefined;
}

/** The outlet/meal pairs the entries dine at: whose recent visits applying them on top needs. */
export function diningKeysOf(entries: readonly HistoryEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => (entry.kind === 'dining' ? [diningVisitFrom(entry.event).key] : [])))];
}

/**
 * The meal becomes the newest visit of its pair: entries are applied in history order, so nothing applied before
 * sorts after it, and a meal that arrives late (refolded into place) never becomes "last time". A walk-in's meal
 * names the diner as a check-in names a guest: the details it gives replace older ones, and the guest is known at
 * the property from then on.
 */
function applyDining(fold: GuestFold, event: DiningRecorded): GuestFold {
  const { key, visit } = diningVisitFrom(event);
  const known = fold.recentDining[key];
  if (!known && fold.profile.dining[key]) throw new Error(`the recent visits behind the usual at ${key} were not loaded`);
  const visits = [visit, ...(known ?? [])].slice(0, recentVisitsConsidered);
  const draft = fold.profile;
  const spend = event.amount === undefined ? {} : valueWith(draft, event.propertyId, visit.date, { spend: minorUnitsOf(event.amount) });
  const withVisit: Draft = { ...draft, ...spend, dining: { ...draft.dining, [key]: summariseDining(visits)! } };
  const recentDining = { ...fold.recentDining, [key]: visits };
  if (!event.diner) return { profile: withVisit, recentDining };
  return {
    profile: {
      ...withVisit,
      ...detailsFrom(event.diner),
      identityKeys: union(draft.identityKeys, identityKeysOf(event.propertyId, event.diner), sameKey),
      propertyIds: union(draft.propertyIds, [event.propertyId]),
    },
    recentDining,
  };
}

/**
 * Per property, the newest notes that fit the card's bounds (`notesOnCardPerProperty`, `noteTextOnCardPerProperty`),
 * `notes` newest first. It keeps the longest run of each property's newest notes that fits, so keeping them note by
 * note as they are applied gives the same as keeping them once from the whole history.
 */
export function keepNewestNotes(notes: readonly Note[]): Note[] {
  const used = new Map<string, { count: number; characters: number; full: boolean }>();
  return notes.filter((note) => {
    const sofar = used.get(note.propertyId) ?? { count: 0, characters: 0, full: false };
    const fits = sofar.count === 0 || (sofar.count < notesOnCardPerProperty && sofar.characters + note.text.length <= noteTextOnCardPerProperty);
    const keep = !sofar.full && fits;
    used.set(note.propertyId, keep ? { count: sofar.count + 1, characters: sofar.characters + note.text.length, full: false } : { ...sofar, full: true });
    return keep;
  });
}

/** The note is the newest applied (entries are applied in history order). */
function applyNote(draft: Draft, event: GuestNoteAdded): Draft {
  const note: Note = {
    noteId: event.eventId,
    at: event.at,
    propertyId: event.propertyId,
    category: event.category,
    text: event.text,
    authorRole: event.author.role,
  };
  return { ...draft, notes: keepNewestNotes([note, ...draft.notes]) };
}

/** The statement replaces any before it (entries are applied in history order); an empty one clears them. */
function applyDietaryNeeds(draft: Draft, event: GuestDietaryNeedsRecorded): Draft {
  const { dietaryNeeds: _before, ...rest } = draft;
  if (!event.allergies.length && !event.diets.length && event.other === undefined) return rest;
  const dietaryNeeds: DietaryNeeds = {
    allergies: orderedAllergies(event.allergies),
    diets: orderedDiets(event.diets),
    ...(event.other === undefined ? {} : { other: event.other }),
    recordedAt: event.at,
    recordedByRole: event.author.role,
  };
  return { ...rest, dietaryNeeds };
}

/**
 * The front desk's correction: the fields it names replace (or, `null`, remove) what older events said; later
 * check-ins may replace them again. A new email or phone joins the guest's identity keys, as at a check-in.
 */
function applyCorrection(draft: Draft, event: GuestProfileCorrected): Draft {
  const { marketingConsent, ...changes } = event.changes;
  const removed = new Set(
    Object.entries(changes)
      .filter(([, value]) => value === null)
      .map(([field]) => field),
  );
  const kept = Object.fromEntries(Object.entries(draft).filter(([field]) => !removed.has(field))) as Draft;
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== null && value !== undefined));
  return {
    ...kept,
    ...detailsFrom({ lastName: draft.lastName, ...given }),
    ...(marketingConsent === undefined ? {} : { marketingConsent, consentUpdatedAt: event.at }),
    identityKeys: union(
      draft.identityKeys,
      identityKeysOf(event.propertyId, { email: changes.email ?? undefined, phone: changes.phone ?? undefined }),
      sameKey,
    ),
  };
}

/** The latest change of a tag holds (entries are applied in history order): set keeps who and when, removed drops it. */
function applyTagChange(draft: Draft, event: GuestTagChanged): Draft {
  const { tags: _before, ...rest } = draft;
  const tags = [
    ...(draft.tags ?? []).filter((t) => t.tag !== event.tag),
    ...(event.set ? [{ tag: event.tag, setAt: event.at, setByRole: event.author.role }] : []),
  ];
  return tags.length ? { ...rest, tags } : rest;
}

/** An edit replaces the note's text (and category) on the card; a deletion takes it off. A note not on the card is left alone. */
function applyNoteChange(draft: Draft, event: GuestNoteChanged): Draft {
  if (event.action === 'delete') return { ...draft, notes: draft.notes.filter((note) => note.noteId !== event.noteId) };
  const edit = (note: Note): Note => ({
    ...note,
    text: event.text!,
    category: event.category ?? note.category,
    editedAt: event.at,
    editedByRole: event.author.role,
  });
  // Kept within the card's bounds as when a note is added: a longer text may leave less room for older notes.
  return { ...draft, notes: keepNewestNotes(draft.notes.map((note) => (note.noteId === event.noteId ? edit(note) : note))) };
}

function applyEntry(fold: GuestFold, entry: HistoryEntry): GuestFold {
  const draft = fold.profile;
  const onProfile = (profile: Draft): GuestFold => ({ ...fold, profile });
  const applied = ((): GuestFold => {
    switch (entry.kind) {
      case 'stay':
        return onProfile(applyCheckIn(draft, entry.event));
      case 'departure':
        return onProfile(applyDeparture(draft, entry.event));
      case 'room-taken-over':
        return onProfile(endStayAt(draft, entry.event.propertyId, entry.event.room, entry.event.at));
      case 'dining':
        return applyDining(fold, entry.event);
      case 'note':
        return onProfile(applyNote(draft, entry.event));
      case 'consent':
        // The guest unsubscribed: no more marketing email until consent is given again at a later check-in.
        return onProfile({ ...draft, marketingConsent: false, consentUpdatedAt: entry.event.at });
      case 'absence-answer':
        // Entries are applied in history order: the last applied is the latest answer.
        return onProfile({ ...draft, absenceAnswer: absenceAnswerOf(entry.event) });
      case 'dietary':
        return onProfile(applyDietaryNeeds(draft, entry.event));
      case 'correction':
        return onProfile(applyCorrection(draft, entry.event));
      case 'tag':
        return onProfile(applyTagChange(draft, entry.event));
      case 'note-change':
        return onProfile(applyNoteChange(draft, entry.event));
      case 'merge':
      case 'unmerge':
        return onProfile({ ...draft, ...mergedGuestsAfter(draft.mergedGuests, entry) });
      case 'segment':
        // A merged guest's own ranking says nothing of the survivor's: the daily run ranks the survivor on both
        // guests' figures.
        if (entry.mergedFrom) return fold;
        return onProfile({ ...draft, valueSegments: applySegmentChange(draft.valueSegments, entry.event) });
    }
  })();
  const position = positionOf(entry);
  // A merged guest's unsubscribe still counts: whoever clicks the link of an email, the person asked for no more mail.
  const profile = entry.mergedFrom && entry.kind !== 'consent' ? { ...withoutDetails(applied.profile), ...detailsOf(draft) } : applied.profile;
  // biome-ignore lint/complexity/useMathMinMax: positions are strings, ordered as they sort
  return { ...applied, profile: { ...profile, appliedThrough: position > draft.appliedThrough ? position : draft.appliedThrough } };
}

/** The merged guests after a merge or its undoing (the field absent when none are left). */
function mergedGuestsAfter(
  merged: readonly MergedGuest[] | undefined,
  entry: Extract<HistoryEntry, { kind: 'merge' | 'unmerge' }>,
): { mergedGuests?: readonly MergedGuest[] } {
  const others = (merged ?? []).filter((m) => m.guestId !== entry.event.mergedGuestId);
  const after =
    entry.kind === 'merge' ? [...others, { guestId: entry.event.mergedGuestId, mergedAt: entry.event.at, mergedByRole: entry.event.author.role }] : others;
  return after.length ? { mergedGuests: after } : { mergedGuests: undefined };
}

/**
 * The guests whose histories a guest's fold takes in, from the guest's own history: each merge not undone since
 * (in business-time order, like the fold). Read before folding, because their histories are the fold's input.
 */
export function mergedGuestIdsOf(entries: readonly HistoryEntry[]): string[] {
  const merges = entries.filter((entry): entry is Extract<HistoryEntry, { kind: 'merge' | 'unmerge' }> => entry.kind === 'merge' || entry.kind === 'unmerge');
  return (
    (sortByPosition(merges) as typeof merges).reduce<readonly MergedGuest[] | undefined>(
      (merged, entry) => mergedGuestsAfter(merged, entry).mergedGuests,
      undefined,
    ) ?? []
  ).map((m) => m.guestId);
}

/** Who the guest is, as check-ins, walk-ins and corrections state it: a merged guest's entries leave it as it was. */
const detailFields = ['title', 'firstName', 'lastName', 'email', 'phone', 'birthDate', 'language', 'marketingConsent', 'consentUpdatedAt'] as const;

function detailsOf(profile: Draft): Partial<Draft> {
  return Object.fromEntries(detailFields.filter((field) => profile[field] !== undefined).map((field) => [field, profile[field]]));
}

function withoutDetails(profile: Draft): Draft {
  return Object.fromEntries(Object.entries(profile).filter(([field]) => !(detailFields as readonly string[]).includes(field))) as unknown as Draft;
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

/**
 * Applies entries that all sort after everything applied so far (see `appliesOnTop`), in their order. `recentDining`
 * must hold the recent visits of every pair the entries dine at (`diningKeysOf`) where the guest has dined before;
 * the result holds those pairs' visits afterwards.
 */
export function applyOnTop(fold: GuestFold, entries: readonly HistoryEntry[]): GuestFold {
  return sortByPosition(entries).reduce(applyEntry, fold);
}

/** The profile with entries applied on top; a meal where the guest has dined before needs `applyOnTop`. */
export function foldOnTop(profile: GuestProfile, entries: readonly HistoryEntry[]): GuestProfile {
  return applyOnTop({ profile, recentDining: {} }, entries).profile;
}

function sortByPosition(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const positioned = entries.map((entry) => ({ entry, position: positionOf(entry) }));
  positioned.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  // The same event twice (a redelivery) is one entry.
  return positioned.filter((p, i) => i === 0 || p.position !== positioned[i - 1]!.position).map((p) => p.entry);
}

/**
 * The fold of the guest's whole history, in any order; undefined until the history names the guest (a check-in, or
 * a walk-in's meal).
 */
export function foldGuestHistory(guestId: string, entries: readonly HistoryEntry[]): GuestFold | undefined {
  const fold = sortByPosition(entries).reduce(applyEntry, { profile: emptyDraft(guestId), recentDining: {} });
  return fold.profile.lastName ? fold : undefined;
}

/** The profile from the guest's whole history (see `foldGuestHistory`). */
export function foldHistory(guestId: string, entries: readonly HistoryEntry[]): GuestProfile | undefined {
  return foldGuestHistory(guestId, entries)?.profile;
}
