/**
 * The unsubscribe link's token (shared/domain/signed-link.ts): the only credential `POST /v1/unsubscribe` asks for.
 * It does not expire: RFC 8058 expects a one-click link to keep working. It carries the email's language, so the
 * page the link opens speaks it; tokens signed before the language was added have none.
 */
import { emailLanguages, type EmailLanguage } from './greeting-email.ts';
import { isEmailLanguage, signLinkToken, verifyLinkToken } from './signed-link.ts';

export interface UnsubscribeClaim {
  readonly guestId: string;
  readonly campaign?: string;
  readonly language?: EmailLanguage;
}

export function signUnsubscribeToken(claim: UnsubscribeClaim, signingKey: string): string {
  if (!claim.guestId) throw new Error('an unsubscribe token needs a guest id');
  if (claim.language !== undefined && !isEmailLanguage(claim.language))
    throw new Error(`an unsubscribe token's language must be one of ${emailLanguages.join(', ')}`);
  // A claim without campaign or language signs as it did before they existed.
  return signLinkToken('unsubscribe', { g: claim.guestId, c: claim.campaign, l: claim.language }, signingKey);
}

/** The claim of a token this key signed; undefined for anything else. Never throws on the token. */
export function verifyUnsubscribeToken(token: string, signingKey: string): UnsubscribeClaim | undefined {
  const payload = verifyLinkToken('unsubscribe', token, signingKey);
  if (!payload) return undefined;
  const { g, c, l } = payload;
  if (typeof g !== 'string' || !g) return undefined;
  if (c !== undefined && typeof c !== 'string') return undefined;
  if (l !== undefined && !isEmailLanguage(l)) return undefined;
  return { guestId: g, ...(c === undefined ? {} : { campaign: c }), ...(l === undefined ? {} : { language: l }) };
}
