/**
 * The unsubscribe link's token: the only credential `POST /v1/unsubscribe` asks for, so it must be unguessable and
 * tamper-evident. `v1.<payload>.<signature>`, base64url without padding; the signature is HMAC-SHA256 over the
 * version and payload. It does not expire: RFC 8058 expects a one-click link to keep working. It carries the email's
 * language, so the page the link opens speaks it; tokens signed before the language was added have none.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailLanguages, type EmailLanguage } from './greeting-email.ts';

export interface UnsubscribeClaim {
  readonly guestId: string;
  readonly campaign?: string;
  readonly language?: EmailLanguage;
}

const version = 'v1';
const minimumKeyLength = 32;
const maximumTokenLength = 512;
/** Keeps these signatures apart from anything else the same key might sign. */
const purpose = 'unsubscribe';
const base64url = /^[A-Za-z0-9_-]+$/;

/** A short key is a configuration error, reported as such rather than as an invalid token. */
function checkSigningKey(signingKey: string): void {
  if (typeof signingKey !== 'string' || signingKey.length < minimumKeyLength) {
    throw new Error(`the unsubscribe signing key must be at least ${minimumKeyLength} characters`);
  }
}

function signatureOf(signedPart: string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(`${purpose}:${signedPart}`).digest('base64url');
}

export function signUnsubscribeToken(claim: UnsubscribeClaim, signingKey: string): string {
  checkSigningKey(signingKey);
  if (!claim.guestId) throw new Error('an unsubscribe token needs a guest id');
  if (claim.language !== undefined && !isEmailLanguage(claim.language))
    throw new Error(`an unsubscribe token's language must be one of ${emailLanguages.join(', ')}`);
  // JSON leaves out what is undefined: a claim without campaign or language signs as it did before they existed.
  const payload = Buffer.from(JSON.stringify({ g: claim.guestId, c: claim.campaign, l: claim.language }), 'utf8').toString('base64url');
  const signedPart = `${version}.${payload}`;
  return `${signedPart}.${signatureOf(signedPart, signingKey)}`;
}

function claimFrom(payload: string): UnsubscribeClaim | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const { g, c, l } = decoded as Record<string, unknown>;
  if (typeof g !== 'string' || !g) return undefined;
  if (c !== undefined && typeof c !== 'string') return undefined;
  if (l !== undefined && !isEmailLanguage(l)) return undefined;
  return { guestId: g, ...(c === undefined ? {} : { campaign: c }), ...(l === undefined ? {} : { language: l }) };
}

function isEmailLanguage(value: unknown): value is EmailLanguage {
  return (emailLanguages as readonly unknown[]).includes(value);
}

/** The claim of a token this key signed; undefined for anything else. Never throws on the token. */
export function verifyUnsubscribeToken(token: string, signingKey: string): UnsubscribeClaim | undefined {
  checkSigningKey(signingKey);
  if (typeof token !== 'string' || token.length > maximumTokenLength) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [tokenVersion, payload, signature] = parts as [string, string, string];
  if (tokenVersion !== version || !base64url.test(payload) || !base64url.test(signature)) return undefined;
  // The signature is compared as text, not decoded bytes: base64url has spare bits in its last character, and a
  // token with a different last character must not verify.
  const expected = Buffer.from(signatureOf(`${tokenVersion}.${payload}`, signingKey), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return claimFrom(payload);
}
