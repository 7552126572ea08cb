/**
 * The token of the "What kept you away?" link in a "we miss you" email (shared/domain/signed-link.ts): the only
 * credential the survey page asks for. Signed with the unsubscribe link's key for a purpose of its own, so an
 * unsubscribe token never opens the survey and a survey token never unsubscribes anyone. It names the guest, the
 * property that sent the email, the email it came in (`survey`: the lapse period, one answer per email) and the
 * email's language.
 */
import { emailLanguages, type EmailLanguage } from './greeting-email.ts';
import { isEmailLanguage, signLinkToken, verifyLinkToken } from './signed-link.ts';

export interface AbsenceSurveyClaim {
  readonly guestId: string;
  readonly propertyId: string;
  /** Which email the link came in: its lapse period (`<departure date>/<years>y`). One answer per survey. */
  readonly survey: string;
  readonly language: EmailLanguage;
}

export function signAbsenceSurveyToken(claim: AbsenceSurveyClaim, signingKey: string): string {
  if (!claim.guestId || !claim.propertyId || !claim.survey) throw new Error('a survey token needs a guest id, a property and a survey');
  if (!isEmailLanguage(claim.language)) throw new Error(`a survey token's language must be one of ${emailLanguages.join(', ')}`);
  return signLinkToken('absence-survey', { g: claim.guestId, p: claim.propertyId, s: claim.survey, l: claim.language }, signingKey);
}

/** The claim of a survey token this key signed; undefined for anything else (an unsubscribe token too). Never throws on the token. */
export function verifyAbsenceSurveyToken(token: string, signingKey: string): AbsenceSurveyClaim | undefined {
  const payload = verifyLinkToken('absence-survey', token, signingKey);
  if (!payload) return undefined;
  const { g, p, s, l } = payload;
  if (typeof g !== 'string' || !g || typeof p !== 'string' || !p || typeof s !== 'string' || !s || !isEmailLanguage(l)) return undefined;
  return { guestId: g, propertyId: p, survey: s, language: l };
}
