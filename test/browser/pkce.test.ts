/** The pieces of the Cognito sign-in (authorization code + PKCE) the terminals use on AWS. */
import { describe, expect, it } from 'vitest';
import { authorizeUrl, base64Url, codeChallengeOf, createRandomString, exchangeCode, tokenRequestBody, type CognitoSignIn } from '../../web/src/pkce.ts';

const cognito: CognitoSignIn = {
  kind: 'cognito',
  domain: 'https://hotel.auth.ap-southeast-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
};

describe('PKCE for the managed login', () => {
  it('derives the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 unreserved characters, different each time', () => {
    const verifier = createRandomString();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createRandomString()).not.toBe(verifier);
    expect(base64Url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('sends the staff member to the authorize endpoint with the challenge and state', () => {
    const url = new URL(authorizeUrl(cognito, { challenge: 'abc', state: 'xyz' }));
    expect(url.origin + url.pathname).toBe('https://hotel.auth.ap-southeast-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid',
      state: 'xyz',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code with the verifier at the token endpoint, without a client secret', async () => {
    expect(Object.fromEntries(tokenRequestBody(cognito, { code: 'c0de', verifier: 'v' }))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'c0de',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: 'v',
    });
    const requests: { url: string; body: string }[] = [];
    const tokenEndpoint = (async (url: string, init: RequestInit) => {
      requests.push({ url, body: String(init.body) });
      return new Response(JSON.stringify({ access_token: 'the-access-token', token_type: 'Bearer' }), { status: 200 });
    }) as unknown as typeof fetch;
    expect(await exchangeCode(cognito, { code: 'c0de', verifier: 'v' }, tokenEndpoint)).toBe('the-access-token');
    expect(requests[0]!.url).toBe('https://hotel.auth.ap-southeast-1.amazoncognito.com/oauth2/token');
  });
});
