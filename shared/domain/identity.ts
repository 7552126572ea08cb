/**
 * How a returning guest is recognised: by PMS profile id, normalised email or E.164 phone.
 * Each becomes an identity key; a key belongs to at most one guest.
 */

export type IdentityKind = 'pms' | 'email' | 'phone';

export interface IdentityKey {
  readonly kind: IdentityKind;
  readonly value: string;
}

const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
/** RFC 5322's dot-atom: what a plain address's local part is, and a message id's parts too. */
export const dotAtom = `${atext}+(?:\\.${atext}+)*`;
const domainLabel = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** A plain addr-spec (dot-atom local part, host-name domain): no display name, no comments, no quoted parts. */
const addrSpec = new RegExp(`^${dotAtom}@${domainLabel}(?:\\.${domainLabel})+$`);

/**
 * An address the mailer can put in a header as it is: the one rule for what the API accepts and what a campaign
 * sends to, so an address taken at the desk never fails later in the mail.
 */
export function isPlainEmailAddress(address: string): boolean {
  return address.length <= 254 && addrSpec.test(address);
}

/** Case and spaces folded: "  Yu.Wei@Example.COM " and "yu.wei@example.com" are one guest. */
export function normaliseEmail(email: string): string {
  return email.replace(/\s+/g, '').toLowerCase();
}

/**
 * E.164 from what a clerk types: spaces, dashes, dots and brackets dropped, a leading 00 read as +.
 * Returns undefined when no international number remains (a local number cannot identify a guest worldwide).
 */
export function normalisePhone(phone: string): string | undefined {
  const compact = phone.replace(/[\s().-]/g, '').replace(/^00/, '+');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

/** PMS profile ids are scoped by the property whose PMS issued them. */
export function pmsIdentity(propertyId: string, pmsProfileId: string): IdentityKey {
  return { kind: 'pms', value: `${propertyId}:${pmsProfileId.trim()}` };
}

/** The keys to try, strongest first: a PMS profile id is what the hotel itself assigned. */
export function identityKeysOf(
  propertyId: string,
  guest: { pmsProfileId?: string | undefined; email?: string | undefined; phone?: string | undefined },
): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (guest.pmsProfileId) keys.push(pmsIdentity(propertyId, guest.pmsProfileId));
  if (guest.email) keys.push({ kind: 'email', value: normaliseEmail(guest.email) });
  const phone = guest.phone ? normalisePhone(guest.phone) : undefined;
  if (phone) keys.push({ kind: 'phone', value: phone });
  return keys;
}

/**
 * A surname as compared between check-ins: case, accents and spacing folded ("Nguyễn" and "NGUYEN", "de la Cruz"
 * and "De La  Cruz" are the same name); anything else differing makes it another name.
 */
export function normaliseSurname(lastName: string): string {
  return lastName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’.-]+/g, ' ')
    .trim();
}

/** A guest holding an identity key, as a check-in's match sees them. */
export interface IdentityHolder {
  readonly key: IdentityKey;
  readonly guestId: string;
  readonly lastName: string;
}

export interface PossibleDuplicate {
  readonly guestId: string;
  /** The first key the check-in shares with that guest, strongest first. */
  readonly sharedKey: IdentityKey;
}

export interface CheckInMatch {
  /** The guest the check-in names; undefined when it starts a profile of its own. */
  readonly guestId?: string;
  /** Other guests holding one of its keys: for a person to confirm or dismiss, never merged automatically. */
  readonly possibleDuplicates: readonly PossibleDuplicate[];
}

/** Keys that identify on their own: the hotel's own profile id, and an email. A phone may be shared or recycled. */
const identifyingKinds: readonly IdentityKind[] = ['pms', 'email'];

/**
 * Which guest a check-in names: the holder of its strongest identifying key (PMS profile id, then email) who has
 * the same surname. A phone alone, or a key whose holder has another surname, never rewrites someone else's
 * profile: the check-in starts a profile of its own, and every other holder is a possible duplicate.
 * `keys` are the check-in's keys, strongest first (see identityKeysOf); `holders` who holds each of them.
 */
export function matchCheckInGuest(lastName: string, keys: readonly IdentityKey[], holders: readonly IdentityHolder[]): CheckInMatch {
  const surname = normaliseSurname(lastName);
  const holdersOf = (key: IdentityKey) =>
    holders.filter((h) => h.key.kind === key.kind && h.key.value === key.value).sort((a, b) => a.guestId.localeCompare(b.guestId));
  const match = keys
    .filter((key) => identifyingKinds.includes(key.kind))
    .flatMap(holdersOf)
    .find((holder) => normaliseSurname(holder.lastName) === surname);
  const possibleDuplicates: PossibleDuplicate[] = [];
  for (const key of keys) {
    for (const holder of holdersOf(key)) {
      if (holder.guestId === match?.guestId || possibleDuplicates.some((d) => d.guestId === holder.guestId)) continue;
      possibleDuplicates.push({ guestId: holder.guestId, sharedKey: key });
    }
  }
  return { ...(match ? { guestId: match.guestId } : {}), possibleDuplicates };
}
