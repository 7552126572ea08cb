/**
 * The token of the "What kept you away?" link in a "we miss you" email: the only credential the survey page asks
 * for. Built like the unsubscribe token (`v1.<payload>.<signature>`, base64url, HMAC-SHA256 with the same signing
 * key), but signed for another purpose, so an unsubscribe token never opens the survey and a survey token never
 * unsubscribes anyone. It names the guest, the property that sent the email, the email it came in (`survey`: the
 * lapse period, one answer per email) and the email's language.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailLanguages, type EmailLanguage } from './greeting-email.ts';

export interface AbsenceSurveyClaim {
  readonly guestId: string;
  readonly propertyId: string;
  /** Which email the link came in: its lapse period (`<departure date>/<years>y`). One answer per survey. */
  readonly survey: string;
  readonly language: EmailLanguage;
}

const version = 'v1';
const minimumKeyLength = 32;
export const maximumSurveyTokenLength = 512;
/** Keeps these signatures apart from the unsubscribe link's, signed with the same key. */
export const absenceSurveyPurpose = 'absence-survey';
const base64url = /^[A-Za-z0-9_-]+$/;

function checkSigningKey(signingKey: string): void {
  if (typeof signingKey !== 'string' || signingKey.length < minimumKeyLength) {
    throw new Error(`the survey signing key must be at least ${minimumKeyLength} characters`);
  }
}

function signatureOf(signedPart: string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(`${absenceSurveyPurpose}:${signedPart}`).digest('base64url');
}

function isEmailLanguage(value: unknown): value is EmailLanguage {
  return (emailLanguages as readonly unknown[]).includes(value);
}

export function signAbsenceSurveyToken(claim: AbsenceSurveyClaim, signingKey: string): string {
  checkSigningKey(signingKey);
  if (!claim.guestId || !claim.propertyId || !claim.survey) throw new Error('a survey token needs a guest id, a property and a survey');
  if (!isEmailLanguage(claim.language)) throw new Error(`a survey token's language must be one of ${emailLanguages.join(', ')}`);
  const payload = Buffer.from(JSON.stringify({ g: claim.guestId, p: claim.propertyId, s: claim.survey, l: claim.language }), 'utf8').toString('base64url');
  const signedPart = `${version}.${payload}`;
  return `${signedPart}.${signatureOf(signedPart, signingKey)}`;
}

function claimFrom(payload: string): AbsenceSurveyClaim | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const { g, p, s, l } = decoded as Record<string, unknown>;
  if (typeof g !== 'string' || !g || typeof p !== 'string' || !p || typeof s !== 'string' || !s || !isEmailLanguage(l)) return undefined;
  return { guestId: g, propertyId: p, survey: s, language: l };
}

/** The claim of a survey token this key signed; undefined for anything else (an unsubscribe token too). Never throws on the token. */
export function verifyAbsenceSurveyToken(token: string, signingKey: string): AbsenceSurveyClaim | undefined {
  checkSigningKey(signingKey);
  if (typeof token !== 'string' || token.length > maximumSurveyTokenLength) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [tokenVersion, payload, signature] = parts as [string, string, string];
  if (tokenVersion !== version || !base64url.test(payload) || !base64url.test(signature)) return undefined;
  // Compared as text: base64url's spare bits in the last character must not let an altered token verify.
  const expected = Buffer.from(signatureOf(`${tokenVersion}.${payload}`, signingKey), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return claimFrom(payload);
}
