/**
 * The unsubscribe link in every campaign email. No login: the signed token is the credential. GET shows a small
 * confirmation page (so a mail scanner following links unsubscribes nobody); POST, from that page's button or from a
 * mail client's one-click (RFC 8058), withdraws consent at once. A forged or altered token changes nothing. Every
 * page is in the email's language (one of the four the emails are written in).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { sendingPropertyOf } from '../domain/campaign-rules.ts';
import { templateLanguageFor, type EmailLanguage } from '../domain/greeting-email.ts';
import type { GuestProfile } from '../domain/guest-profile.ts';
import { verifyUnsubscribeToken, type UnsubscribeClaim } from '../domain/unsubscribe-token.ts';
import { renderConfirmationPage, renderInvalidLinkPage, renderUnsubscribedPage } from '../email/unsubscribe-page.ts';
import { marketingConsentWithdrawn } from '../events/guest-events.ts';
import type { HttpResult } from '../http/http-handler.ts';
import type { Clock, EventPublisher, GuestReader } from '../ports.ts';

export interface UnsubscribeDependencies {
  readonly reader: GuestReader;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly signingKey: string;
}

const querySchema = z.object({ token: z.string().check(z.minLength(1), z.maxLength(512)) });

function tokenOf(query: unknown): string | undefined {
  const parsed = querySchema.safeParse(query);
  return parsed.success ? parsed.data.token : undefined;
}

/** The email's language, carried in the token; a link from before tokens carried it takes the guest's own. */
function languageOf(claim: UnsubscribeClaim, profile: GuestProfile | undefined): EmailLanguage {
  return claim.language ?? templateLanguageFor(profile?.language);
}

export async function showUnsubscribePage(deps: Pick<UnsubscribeDependencies, 'signingKey' | 'reader'>, query: unknown): Promise<HttpResult> {
  const token = tokenOf(query);
  const claim = token ? verifyUnsubscribeToken(token, deps.signingKey) : undefined;
  if (!token || !claim) return renderInvalidLinkPage();
  // Only a link from before tokens carried the language costs a read.
  const language = claim.language ?? languageOf(claim, await deps.reader.getProfile(claim.guestId));
  return renderConfirmationPage(language, token);
}

export async function unsubscribe(deps: UnsubscribeDependencies, query: unknown): Promise<HttpResult> {
  const token = tokenOf(query);
  const claim = token ? verifyUnsubscribeToken(token, deps.signingKey) : undefined;
  if (!claim) return renderInvalidLinkPage();
  const profile = await deps.reader.getProfile(claim.guestId);
  // A guest erased since the email was sent has nothing left to unsubscribe: the answer is the same.
  if (profile) {
    await deps.publisher.publish(marketingConsentWithdrawn, {
      eventId: randomUUID(),
      propertyId: sendingPropertyOf(profile),
      at: deps.clock.now().toISOString(),
      guestId: profile.guestId,
      channel: 'unsubscribe-link',
    });
  }
  return renderUnsubscribedPage(languageOf(claim, profile));
}
