/**
 * What a signed-in member of staff's token says about them: one role (from their identity-provider group) and one
 * property (from their `propertyId` attribute, `*` for group-wide admins), plus the role's OAuth scope, which the
 * API Gateway authorizer checks per route before any function runs.
 */
import { properties } from '../config/properties.ts';
import { allProperties, roles, type Role } from '../http/caller.ts';

export const resourceServerId = 'guest-recognition';

export function scopeOf(role: Role): string {
  return `${resourceServerId}/${role}`;
}

/** The scopes that may call a route: its roles, and admin, who may call every route. */
export function scopesFor(routeRoles: readonly Role[]): string[] {
  return [...new Set([...routeRoles, 'admin' as const])].map(scopeOf);
}

export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
}

/** Highest privilege first: someone in two groups gets the broader role, never a mix. */
const precedence: readonly Role[] = ['admin', 'frontdesk', 'restaurant', 'floor'];

export function claimsFor(groups: readonly string[], propertyAttribute: string | undefined): { role: Role; propertyId: string; scope: string } {
  const role = precedence.find((r) => groups.includes(r));
  if (!role) throw new TokenRefusedError(`the user is in none of the groups ${roles.join(', ')}`);
  const propertyId = propertyAttribute?.trim() ?? '';
  const known = properties.some((p) => p.id === propertyId) || (role === 'admin' && propertyId === allProperties);
  if (!known) throw new TokenRefusedError('the user has no valid propertyId attribute');
  return { role, propertyId, scope: scopeOf(role) };
}
