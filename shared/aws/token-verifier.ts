import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { TokenVerifier } from '../ports.ts';

/**
 * Checks a staff token as API Gateway's JWT authorizer does: signature by a key of the issuer's JWKS (fetched once
 * and cached by jose), issuer, expiry, and an audience (`aud`, or `client_id` in Cognito access tokens) among those
 * accepted.
 */
export function createJwksTokenVerifier({ issuer, audiences, jwksUrl }: { issuer: string; audiences: readonly string[]; jwksUrl: string }): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return {
    async verify(token) {
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
      const named = [
        ...(Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : []),
        ...(typeof payload.client_id === 'string' ? [payload.client_id] : []),
      ];
      if (!named.some((audience) => audiences.includes(audience))) throw new Error('the token is for another audience');
      return payload;
    },
  };
}
