import { describe, expect, it } from 'vitest';
import { claimsFor, scopeOf, scopesFor, TokenRefusedError } from '#shared/auth/token-claims';

describe('the claims a staff token carries', () => {
  it("gives the role of the staff group and the property attribute, with the role's scope", () => {
    expect(claimsFor(['restaurant'], 'bangkok')).toEqual({ role: 'restaurant', propertyId: 'bangkok', scope: 'guest-recognition/restaurant' });
  });

  it('gives the broader role to someone in two groups', () => {
    expect(claimsFor(['restaurant', 'frontdesk'], 'chiangmai').role).toBe('frontdesk');
    expect(claimsFor(['frontdesk', 'admin'], '*').role).toBe('admin');
  });

  it('refuses a token to someone in no staff group', () => {
    expect(() => claimsFor(['guests'], 'bangkok')).toThrow(TokenRefusedError);
  });

  it('refuses a token without a known property, and group-wide access to anyone but an admin', () => {
    expect(() => claimsFor(['frontdesk'], undefined)).toThrow(TokenRefusedError);
    expect(() => claimsFor(['frontdesk'], 'paris')).toThrow(TokenRefusedError);
    expect(() => claimsFor(['frontdesk'], '*')).toThrow(TokenRefusedError);
    expect(claimsFor(['admin'], '*').propertyId).toBe('*');
  });

  it("lets a route be called with any of its roles' scopes, and always the admin scope", () => {
    expect(scopesFor(['frontdesk'])).toEqual([scopeOf('frontdesk'), scopeOf('admin')]);
    expect(scopesFor([])).toEqual(['guest-recognition/admin']);
  });
});
