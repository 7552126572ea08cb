/**
 * The unsubscribe link in every campaign email. No login: the signed token is the credential. GET shows a small
 * confirmation page (so a mail scanner following links unsubscribes nobody); POST, from that page's button or from a
 * mail client's one-click (RFC 8058), withdraws consent at once. A forged or altered token changes nothing.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { sendingPropertyOf } from '../domain/campaign-rules.ts';
import { escapeHtml } from '../domain/greeting-email.ts';
import { verifyUnsubscribeToken } from '../domain/unsubscribe-token.ts';
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

function page(statusCode: number, title: string, body: string): HttpResult {
  return {
    statusCode,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family: Georgia, serif; max-width: 32em; margin: 3em auto; padding: 0 1em; color: #333"><h1 style="font-weight: normal">${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

const invalidLink = () => page(400, 'This link is not valid', '<p>Please use the unsubscribe link exactly as it appears in our email.</p>');

function tokenOf(query: unknown): string | undefined {
  const parsed = querySchema.safeParse(query);
  return parsed.success ? parsed.data.token : undefined;
}

export function showUnsubscribePage(deps: Pick<UnsubscribeDependencies, 'signingKey'>, query: unknown): HttpResult {
  const token = tokenOf(query);
  if (!token || !verifyUnsubscribeToken(token, deps.signingKey)) return invalidLink();
  return page(
    200,
    'Unsubscribe from our emails?',
    `<p>We will stop sending you birthday greetings and news from our hotels.</p><form method="post" action="?token=${encodeURIComponent(token)}"><button type="submit" style="font-size: 1em; padding: .5em 1.5em">Unsubscribe</button></form>`,
  );
}

export async function unsubscribe(deps: UnsubscribeDependencies, query: unknown): Promise<HttpResult> {
  const token = tokenOf(query);
  const claim = token ? verifyUnsubscribeToken(token, deps.signingKey) : undefined;
  if (!claim) return invalidLink();
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
  return page(200, 'You are unsubscribed', '<p>You will not receive these emails any more. You are welcome to change your mind at your next stay.</p>');
}
