/**
 * OAuth 2.0 authorization code flow with PKCE (RFC 7636) against Cognito's managed login: the pieces, kept pure so
 * they can be tested without a browser or a user pool.
 */
export interface CognitoSignIn {
  readonly kind: 'cognito';
  /** e.g. https://<prefix>.auth.<region>.amazoncognito.com */
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Space-separated; `openid` unless the deployment says otherwise. */
  readonly scope?: string;
}

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: a 43-character verifier, within RFC 7636's 43 to 128 unreserved characters. */
export function createRandomString(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** S256: BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizeUrl(config: CognitoSignIn, { challenge, state }: { challenge: string; state: string }): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope ?? 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${config.domain.replace(/\/$/, '')}/oauth2/authorize?${query}`;
}

/** The token request body for the code the managed login sent back (a public client: no secret). */
export function tokenRequestBody(config: CognitoSignIn, { code, verifier }: { code: string; verifier: string }): URLSearchParams {
  return new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier });
}

export async function exchangeCode(config: CognitoSignIn, input: { code: string; verifier: string }, fetcher: typeof fetch = fetch): Promise<string> {
  const response = await fetcher(`${config.domain.replace(/\/$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(config, input),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const answer = (await response.json()) as { access_token?: unknown };
  if (typeof answer.access_token !== 'string') throw new Error('token endpoint sent no access token');
  return answer.access_token;
}
