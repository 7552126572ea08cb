/**
 * The tokens in the links of an email (unsubscribe, "What kept you away?"): the only credential their pages ask for,
 * so they must be unguessable and tamper-evident. `v1.<payload>.<signature>`, base64url without padding; the
 * payload is a small JSON object, the signature HMAC-SHA256 over the purpose, the version and the payload. The
 * purpose keeps each link's signatures apart although one key signs them all: a token of one purpose never opens
 * another's page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailLanguages, type EmailLanguage } from './greeting-email.ts';

export type LinkPurpose = 'unsubscribe' | 'absence-survey';

const version = 'v1';
const minimumKeyLength = 32;
const maximumTokenLength = 512;
const base64url = /^[A-Za-z0-9_-]+$/;

/** A short key is a configuration error, reported as such rather than as an invalid token. */
function checkSigningKey(signingKey: string): void {
  if (typeof signingKey !== 'string' || signingKey.length < minimumKeyLength) {
    throw new Error(`the link signing key must be at least ${minimumKeyLength} characters`);
  }
}

function signatureOf(purpose: LinkPurpose, signedPart: string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(`${purpose}:${signedPart}`).digest('base64url');
}

/** JSON leaves out what is undefined: a payload signs the same as one without those fields. */
export function signLinkToken(purpose: LinkPurpose, payload: Record<string, string | undefined>, signingKey: string): string {
  checkSigningKey(signingKey);
  const signedPart = `${version}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${signedPart}.${signatureOf(purpose, signedPart, signingKey)}`;
}

/** The payload of a token this key signed for this purpose, as an object to check; undefined for anything else. Never throws on the token. */
export function verifyLinkToken(purpose: LinkPurpose, token: string, signingKey: string): Record<string, unknown> | undefined {
  checkSigningKey(signingKey);
  if (typeof token !== 'string' || token.length > maximumTokenLength) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [tokenVersion, payload, signature] = parts as [string, string, string];
  if (tokenVersion !== version || !base64url.test(payload) || !base64url.test(signature)) return undefined;
  // The signature is compared as text, not decoded bytes: base64url has spare bits in its last character, and a
  // token with a different last character must not verify.
  const expected = Buffer.from(signatureOf(purpose, `${tokenVersion}.${payload}`, signingKey), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isEmailLanguage(value: unknown): value is EmailLanguage {
  return (emailLanguages as readonly unknown[]).includes(value);
}
