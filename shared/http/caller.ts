/**
 * Who is calling: the role and property the JWT names. API Gateway's JWT authorizer has checked the signature,
 * issuer, audience and expiry before the function runs; here the claims decide what the caller may do.
 */
import * as z from 'zod/mini';
import { properties } from '../config/properties.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';

/**
 * `floor`: the floor staff, who learn the names of the guests in house and tell the restaurant who is coming down;
 * they see names and rooms, never a card, contact details or history.
 */
export const roles = ['frontdesk', 'restaurant', 'floor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A group-wide token: `propertyId: "*"`. */
export const allProperties = '*';

export interface Caller {
  readonly role: Role;
  readonly propertyId: string;
  readonly subject: string;
}

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  role: z.enum(roles),
  propertyId: z.string().check(z.minLength(1)),
});

export function callerFromClaims(claims: unknown): Caller {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new UnauthorizedError('The token does not name a role and a property');
  const { role, propertyId, sub } = parsed.data;
  // Whatever issued the token (our pool or an external provider), only an admin may be group-wide.
  const validProperty = propertyId === allProperties ? role === 'admin' : properties.some((p) => p.id === propertyId);
  if (!validProperty) throw new UnauthorizedError('The token names a property this role may not have');
  return { role, propertyId, subject: sub };
}

/** Admins may do everything; others only what the route allows. */
export function assertRole(caller: Caller, allowed: readonly Role[]): void {
  if (caller.role !== 'admin' && !allowed.includes(caller.role)) {
    throw new ForbiddenError(`The ${caller.role} role may not do this`);
  }
}

export function assertPropertyAccess(caller: Caller, propertyId: string): void {
  if (caller.propertyId !== allProperties && caller.propertyId !== propertyId) {
    throw new ForbiddenError(`This token is for ${caller.propertyId}, not ${propertyId}`);
  }
}
