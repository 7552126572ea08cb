/**
 * How a returning guest is recognised: by PMS profile id, normalised email or E.164 phone.
 * Each becomes an identity key; a key belongs to at most one guest.
 */

export type IdentityKind = 'pms' | 'email' | 'phone';

export interface IdentityKey {
  readonly kind: IdentityKind;
  readonly value: string;
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
