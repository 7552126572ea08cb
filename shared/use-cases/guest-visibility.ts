/**
 * Who sees what (the privacy rules, case 7): staff of a property see the guests who have stayed there, and only
 * that property's part of them; each role's answer is an explicit allow-list of fields. A guest a caller may not see
 * answers exactly like a guest who does not exist.
 */
import { currentStayAt, latestCurrentStay, type GuestProfile, type Stay } from '../domain/guest-profile.ts';
import type { RecognitionCard } from '../domain/recognition-card.ts';
import { NotFoundError } from '../errors.ts';
import { allProperties, type Caller, type Role } from '../http/caller.ts';

export function canSeeGuest(caller: Caller, profile: GuestProfile): boolean {
  return caller.propertyId === allProperties || profile.propertyIds.includes(caller.propertyId);
}

/**
 * The stay under way that the caller may know of: the one at the caller's property (a room and an in-house status
 * elsewhere are that property's business), or for a group-wide caller the latest.
 */
export function visibleCurrentStay(caller: Caller, profile: GuestProfile): Stay | undefined {
  return caller.propertyId === allProperties ? latestCurrentStay(profile) : currentStayAt(profile, caller.propertyId);
}

/** The same answer for "no such guest" and "not yours to see": ids cannot be probed. */
export function notFound(guestId: string): NotFoundError {
  return new NotFoundError(`No guest ${guestId}`);
}

export function requireVisibleGuest(caller: Caller, guestId: string, profile: GuestProfile | undefined): GuestProfile {
  if (!profile || !canSeeGuest(caller, profile)) throw notFound(guestId);
  return profile;
}

/**
 * Keeps only what belongs to the caller's property (a group-wide caller keeps everything). The number of stays
 * stays the group's: "welcome back" is the point of group-wide profiles; where and when the other stays were is not.
 */
function scopeCardToProperty(card: RecognitionCard, profile: GuestProfile, propertyId: string): RecognitionCard {
  if (propertyId === allProperties) return card;
  const lastStayHere = card.stays.lastStay?.propertyId === propertyId;
  return {
    ...card,
    inHouse: card.inHouse?.propertyId === propertyId ? card.inHouse : null,
    stays: {
      ...card.stays,
      firstStayOn: profile.firstStay?.propertyId === propertyId ? card.stays.firstStayOn : null,
      lastStay: lastStayHere ? card.stays.lastStay : null,
      daysSinceLastStay: lastStayHere ? card.stays.daysSinceLastStay : null,
    },
    dining: card.dining.filter((d) => d.propertyId === propertyId),
    notes: card.notes.filter((n) => n.propertyId === propertyId),
    // Why the guest stayed away from this property: another property's survey is that property's business.
    absenceAnswer: card.absenceAnswer?.propertyId === propertyId ? card.absenceAnswer : null,
    // What the guest spends elsewhere is the other property's business, and so is being among its top guests.
    value: (card.value ?? []).filter((v) => v.propertyId === propertyId),
    tags: card.tags.filter((tag) => tag.tag !== 'top-spend' || tag.evidence.propertyId === propertyId),
  };
}

const restaurantCardFields = [
  'guestId',
  'salutation',
  'fullName',
  'dietaryNeeds',
  'tags',
  'status',
  'inHouse',
  'stays',
  'mealPeriod',
  'dining',
  'notes',
  'birthdayToday',
] as const;

/** Field allow-lists per role: anything not listed never leaves the API. */
export const cardFieldsByRole: Record<Role, readonly string[]> = {
  // Never contact details, birth date or year, or PMS ids.
  restaurant: restaurantCardFields,
  // "What kept you away?" and what the guest spends (stays, nights, spend) are for the desk and admins, never the
  // restaurant: it greets by preferences, and a bill total is not what a host should serve by.
  frontdesk: [...restaurantCardFields, 'contact', 'absenceAnswer', 'value'],
  admin: [...restaurantCardFields, 'contact', 'identifiers', 'absenceAnswer', 'value'],
  // No route gives the floor a card; should one ever, it shows who the guest is and nothing more.
  floor: ['guestId', 'salutation', 'fullName'],
};

export const contactFields = ['email', 'phone', 'language', 'birthDate', 'marketingConsent'] as const;

/**
 * Whether the role's allow-list shows the birth date. A role that may not see it must not be able to derive it
 * either: whatever it asks, what it is told about birthdays is about today (see recognise.ts).
 */
export function mayKnowBirthDate(role: Role): boolean {
  return cardFieldsByRole[role].includes('contact') && (contactFields as readonly string[]).includes('birthDate');
}

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
}

/** The card as the caller's role and property may see it. */
export function cardView(caller: Caller, profile: GuestProfile, card: RecognitionCard): Record<string, unknown> {
  const scoped = scopeCardToProperty(card, profile, caller.propertyId);
  // The top-spend tag rests on what the guest spends: only for the roles that see the value figures.
  const seesValue = cardFieldsByRole[caller.role].includes('value');
  const full = {
    ...scoped,
    tags: seesValue ? scoped.tags : scoped.tags.filter((tag) => tag.tag !== 'top-spend'),
    contact: Object.fromEntries(contactFields.map((f) => [f, profile[f] ?? null])),
    identifiers: { pmsProfileIds: profile.pmsProfileIds },
  };
  return pick(full, cardFieldsByRole[caller.role]);
}
