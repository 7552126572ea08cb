/**
 * Who is signed in: the bearer token lives in sessionStorage (one tab, one shift), and the claims the API reads
 * (role, property) are read from it to choose what to show. The API decides what is allowed; this only decides
 * what to offer.
 */
import { computed, signal } from '@preact/signals';
import { authorizeUrl, codeChallengeOf, createRandomString, exchangeCode, type CognitoSignIn } from './pkce.ts';

export type SignInConfig = { readonly kind: 'local' } | CognitoSignIn;
export interface AppConfig {
  readonly signIn: SignInConfig;
  /** The live channel (WebSocket) restaurant terminals listen on for "coming down" notices. */
  readonly live?: { readonly url: string };
}

export interface Staff {
  readonly role: string;
  readonly propertyId: string;
  readonly name: string;
  readonly expiresAt: number;
}

const tokenKey = 'session:token';
const lastStaffKey = 'session:last-staff';

export const config = signal<AppConfig | undefined>(undefined);
const token = signal<string | null>(sessionStorage.getItem(tokenKey));
/** Set when the API refused the token (401): the sign-in shows over whatever is on screen. */
export const signInRequired = signal(false);

/** The token itself, for what must follow a new sign-in (the live channel reconnects with it). */
export const accessToken = computed(() => token.value);
export const staff = computed<Staff | undefined>(() => (token.value ? claimsOf(token.value) : undefined));

export function currentToken(): string | null {
  // Read from storage each time: another tab of the same shift, or a test, may have replaced it.
  return sessionStorage.getItem(tokenKey);
}

export function setToken(next: string): void {
  sessionStorage.setItem(tokenKey, next);
  token.value = next;
  const claims = claimsOf(next);
  if (claims) localStorage.setItem(lastStaffKey, JSON.stringify({ role: claims.role, propertyId: claims.propertyId, name: claims.name }));
  signInRequired.value = false;
}

export function signOut(): void {
  sessionStorage.clear();
  token.value = null;
  signInRequired.value = false;
}

/** What the last person to sign in on this terminal chose: the local sign-in starts from it. */
export function lastStaff(): Partial<Pick<Staff, 'role' | 'propertyId' | 'name'>> {
  try {
    return JSON.parse(localStorage.getItem(lastStaffKey) ?? '{}') as Partial<Staff>;
  } catch {
    return {};
  }
}

function claimsOf(jwt: string): Staff | undefined {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    return {
      role: String(payload.role ?? ''),
      propertyId: String(payload.propertyId ?? ''),
      name: String(payload.name ?? payload.username ?? payload.sub ?? ''),
      expiresAt: Number(payload.exp ?? 0) * 1000,
    };
  } catch {
    return undefined;
  }
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const loaded = (await response.json()) as AppConfig;
  config.value = loaded;
  return loaded;
}

export async function signInLocally(input: { role: string; propertyId: string; name: string }): Promise<{ fields?: Record<string, string> }> {
  const response = await fetch('/local/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const answer = (await response.json()) as { token?: string; error?: { fields?: Record<string, string> } };
  if (!response.ok || !answer.token) return { fields: answer.error?.fields ?? { body: 'refused' } };
  setToken(answer.token);
  return {};
}

const pkceKey = 'session:pkce';

/** Leaves for the managed login; the verifier, state and where to come back to wait in sessionStorage. */
export async function startCognitoSignIn(signIn: CognitoSignIn): Promise<void> {
  const verifier = createRandomString();
  const state = createRandomString(16);
  sessionStorage.setItem(pkceKey, JSON.stringify({ verifier, state, returnTo: location.pathname }));
  location.assign(authorizeUrl(signIn, { challenge: await codeChallengeOf(verifier), state }));
}

/** Back from the managed login with `?code=&state=`: exchanges the code, once, for the access token. */
export async function completeCognitoSignIn(signIn: CognitoSignIn): Promise<'signed-in' | 'failed' | 'nothing-to-do'> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const pending = sessionStorage.getItem(pkceKey);
  if (!code && !query.get('error')) return 'nothing-to-do';
  sessionStorage.removeItem(pkceKey);
  const { verifier, state, returnTo } = pending
    ? (JSON.parse(pending) as { verifier: string; state: string; returnTo: string })
    : ({} as Record<string, string>);
  history.replaceState(null, '', returnTo?.startsWith('/') ? returnTo : '/');
  if (!code || !verifier || query.get('state') !== state) return 'failed';
  try {
    setToken(await exchangeCode(signIn, { code, verifier }));
    return 'signed-in';
  } catch {
    return 'failed';
  }
}
