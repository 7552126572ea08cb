/**
 * One daily campaign run: read the day's candidates from the campaign's sparse index, decide for each, claim the
 * ledger entry (guest · campaign · period), send, and record the send. Safe to run twice: a claimed entry is never
 * sent again. What a failed send does to its claim depends on what the failure proves:
 * - SES refused the request (a 4xx answer, throttling included) or it never left (no credentials, no connection):
 *   nothing was sent, the claim is given back and the run stops, so a rerun sends exactly what is missing;
 * - SES rejected this message for good (`MessageRejected`), or the guest's data cannot make one: marked failed and
 *   skipped, so one guest never stops the run, nor every rerun after it;
 * - anything else (a timeout, a dropped connection, a 5xx, an error of unknown shape): SES may have accepted it.
 *   The claim is kept, marked `unknown`, and the run stops; no rerun sends it, a person checks.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { properties, requireProperty, type PropertyConfig } from '../config/properties.ts';
import { campaignRules } from '../domain/campaign-rules.ts';
import { renderGreeting, templateLanguageFor, type Campaign } from '../domain/greeting-email.ts';
import { signUnsubscribeToken } from '../domain/unsubscribe-token.ts';
import { signAbsenceSurveyToken } from '../domain/absence-survey-token.ts';
import { buildOutgoingEmail, MalformedEmailError } from '../email/outgoing-email.ts';
import { log } from '../log.ts';
import type { CampaignStore, ClaimResult, Mailer, OutgoingEmail, SendClaim } from '../ports.ts';

export interface CampaignDependencies {
  readonly store: CampaignStore;
  readonly mailer: Mailer;
  readonly unsubscribeSigningKey: string;
  /** Base URL of the HTTP API, for the unsubscribe link. */
  readonly publicApiUrl: string;
  /** The SES send quota (emails per second) to stay under. */
  readonly maxSendRate: number;
  /** Emails under way at once; by default the quota per second, at most 16. */
  readonly maxConcurrentSends?: number;
  /** Time left before the function must return; the run stops in good time and a rerun continues. */
  readonly remainingMs?: () => number;
}

export interface CampaignReport {
  readonly campaign: Campaign;
  readonly at: string;
  /** The property the run was for; absent when it covered every property. */
  readonly propertyId?: string;
  readonly sent: { guestId: string; propertyId: string; period: string }[];
  /** Not sent, for a reason that is no fault (not a candidate after all, suppressed, already sent or held). */
  readonly skipped: { guestId: string; reason: string }[];
  /** Refused by the email provider for good: marked failed in the ledger, never retried for the period. */
  readonly failed: { guestId: string; reason: string }[];
  /** True when the run stopped before its deadline with candidates left: a rerun sends the rest. */
  unfinished: boolean;
}

const indexOf: Record<Campaign, 'guestsByBirthday' | 'guestsByLastStayDate'> = {
  'birthday-greetings': 'guestsByBirthday',
  'lapsed-guests': 'guestsByLastStayDate',
};

/** At most this many emails under way at once (and never more than the SES quota per second). */
const maxConcurrentSends = 16;

/** Stop this long before the deadline: one more send and the report must still fit. */
const safetyMarginMs = 20_000;

/**
 * The run for one property (the daily schedules run one per property, at its local hour): only the guests that
 * property sends to are read, decided and reported. Without `propertyId`, every property's at once.
 */
export async function runCampaign(deps: CampaignDependencies, campaign: Campaign, at: Date, propertyId?: string): Promise<CampaignReport> {
  const rules = campaignRules[campaign];
  const scope = propertyId === undefined ? properties : [requireProperty(propertyId)];
  const report: CampaignReport = {
    campaign,
    at: at.toISOString(),
    ...(propertyId === undefined ? {} : { propertyId }),
    sent: [],
    skipped: [],
    failed: [],
    unfinished: false,
  };
  const pace = createPacer(deps.maxSendRate);
  const seen = new Set<string>();
  const checkedProperties = new Set<string>();

  /** This email will never go out: the ledger says so, and no rerun for the period tries it again. */
  const skipForGood = async (claim: SendClaim, error: unknown) => {
    const errorName = errorNameOf(error);
    // The error's message is left out: SES puts the recipient's address in it.
    log.warn('campaign email cannot be sent; marked failed, not retried for this period', { campaign, guestId: claim.guestId, errorName });
    const reason = `could not be sent: ${errorName}`;
    await deps.store.markFailed(claim, reason);
    report.failed.push({ guestId: claim.guestId, reason });
  };
  /** Certainly not sent, for a passing reason: give the claim back so a rerun sends it, and stop the run. */
  const releaseAndStop = async (claim: SendClaim, error: unknown): Promise<never> => {
    const errorName = errorNameOf(error);
    log.error('campaign send failed; the claim was released for a rerun', { campaign, guestId: claim.guestId, errorName });
    await deps.store.releaseSend(claim);
    // A new error, without the original as its cause: the runtime prints both, and the original may name the recipient.
    throw new Error(`${campaign}: sending to guest ${claim.guestId} failed (${errorName}); the claim was released for a rerun`);
  };
  /** Maybe sent: keep the claim, so no rerun sends it a second time, say that it needs checking, and stop the run. */
  const keepAndStop = async (claim: SendClaim, error: unknown): Promise<never> => {
    const errorName = errorNameOf(error);
    log.error('campaign send ended without a clear answer; SES may have sent it: the claim is kept (unknown), check before sending by hand', {
      campaign,
      guestId: claim.guestId,
      errorName,
    });
    try {
      await deps.store.markOutcomeUnknown(claim, errorName);
    } catch (markError) {
      // The entry stays `sending`, which no rerun sends either; only the label is lost.
      log.error('could not mark the send as unknown; the ledger entry stays sending', { campaign, guestId: claim.guestId, errorName: errorNameOf(markError) });
    }
    throw new Error(
      `${campaign}: sending to guest ${claim.guestId} ended without a clear answer (${errorName}); SES may have sent it, ` +
        'so the claim is kept and no rerun sends it: check before sending it by hand',
    );
  };

  /** One candidate, from the consistent profile read to the recorded send. Throws to stop the run. */
  const sendTo = async (guestId: string): Promise<void> => {
    // The index is eventually consistent; the profile read is not, so a consent withdrawn a moment ago counts.
    const profile = await deps.store.getProfile(guestId);
    if (!profile) return;
    // Another property's guest, on a day both share (same month-day, same departure date): its own run handles it.
    if (propertyId !== undefined && rules.propertyOf(profile) !== propertyId) return;
    const decision = rules.decide(profile, at);
    if (decision.kind === 'not-today') return;
    if (decision.kind === 'skip') {
      report.skipped.push({ guestId, reason: decision.reason });
      return;
    }
    if (await deps.store.isSuppressed(profile.email!)) {
      report.skipped.push({ guestId, reason: 'address suppressed (bounce or complaint)' });
      return;
    }
    // Before claiming: a property, signing key or API URL that is set up wrong fails the run, never a guest.
    const property = requireProperty(decision.propertyId);
    // The token carries the email's language, so the unsubscribe page answers in it.
    const token = signUnsubscribeToken({ guestId, campaign, language: templateLanguageFor(profile.language) }, deps.unsubscribeSigningKey);
    const unsubscribeUrl = `${deps.publicApiUrl.replace(/\/+$/, '')}/v1/unsubscribe?token=${token}`;
    // "We miss you" asks what kept the guest away: one answer per email (its period), signed for that purpose only.
    const surveyToken =
      campaign === 'lapsed-guests'
        ? signAbsenceSurveyToken(
            { guestId, propertyId: property.id, survey: decision.period, language: templateLanguageFor(profile.language) },
            deps.unsubscribeSigningKey,
          )
        : undefined;
    const surveyUrl = surveyToken && `${deps.publicApiUrl.replace(/\/+$/, '')}/v1/absence-survey?token=${surveyToken}`;
    if (!checkedProperties.has(property.id)) {
      checkSettings(property, unsubscribeUrl);
      checkedProperties.add(property.id);
    }
    const claim = { guestId, campaign, period: decision.period, at: report.at };
    const claimed = await deps.store.claimSend(claim);
    if (!claimed.claimed) {
      report.skipped.push({ guestId, reason: reasonForHeldClaim(claimed, decision.period) });
      return;
    }
    let email: OutgoingEmail;
    try {
      const greeting = renderGreeting({ campaign, guest: profile, property, at, yearsAway: decision.yearsAway, unsubscribeUrl, surveyUrl });
      email = buildOutgoingEmail({
        from: { name: property.name, address: property.senderAddress },
        to: profile.email!,
        subject: greeting.subject,
        text: greeting.text,
        html: greeting.html,
        unsubscribeUrl,
      });
    } catch (error) {
      // The settings were checked above, so what cannot be built is this guest's data: a rerun would fail alike.
      if (!isUnbuildable(error)) return releaseAndStop(claim, error);
      await skipForGood(claim, error);
      return;
    }
    let messageId: string;
    try {
      await pace();
      messageId = await sendWithBackoff(deps.mailer, email);
    } catch (error) {
      if (!provesNothingSent(error)) return keepAndStop(claim, error);
      if (!isRejected(error)) return releaseAndStop(claim, error);
      await skipForGood(claim, error);
      return;
    }
    // Sent: even if recording that fails, the claim stays and a rerun reports the email as already sent.
    await deps.store.markSent(claim, messageId);
    report.sent.push({ guestId, propertyId: property.id, period: decision.period });
  };

  // Sends overlap, up to a bound, so a run is paced by the SES quota rather than by waiting for each answer in turn.
  // The first error stops new sends; those already under way finish (and are recorded) before it is thrown.
  const inFlight = new Set<Promise<void>>();
  let stopped: { error: unknown } | undefined;
  const maxInFlight = Math.max(1, deps.maxConcurrentSends ?? Math.min(maxConcurrentSends, Math.ceil(deps.maxSendRate)));
  candidates: for (const key of rules.indexKeysAt(at, scope)) {
    for await (const guestId of deps.store.listCandidates(indexOf[campaign], key)) {
      if (stopped) break candidates;
      if (seen.has(guestId)) continue;
      seen.add(guestId);
      if (deps.remainingMs && deps.remainingMs() < safetyMarginMs) {
        report.unfinished = true;
        break candidates;
      }
      const task: Promise<void> = sendTo(guestId)
        .catch((error: unknown) => {
          stopped ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  if (stopped) throw stopped.error;
  return report;
}

/**
 * Builds a message from the property's sender and the run's unsubscribe link with nothing of any guest in it: when
 * that fails, the configuration is wrong (MalformedEmailError names the field), and no guest is to blame.
 */
function checkSettings(property: PropertyConfig, unsubscribeUrl: string): void {
  const sender = { name: property.name, address: property.senderAddress };
  buildOutgoingEmail({ from: sender, to: property.senderAddress, subject: 'settings check', text: '', html: '', unsubscribeUrl });
}

/** The error's name, e.g. `MessageRejected`: a class or SES error code, never anything the message carries. */
function errorNameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(name) ? name : 'UnknownError';
}

/** Why a claimed entry is skipped, in the report: only `sent` is "already sent". */
function reasonForHeldClaim(held: Extract<ClaimResult, { claimed: false }>, period: string): string {
  switch (held.status) {
    case 'sent':
      return `already sent (${period})`;
    case 'failed':
      return `marked failed earlier: ${held.reason ?? 'no reason recorded'}`;
    case 'sending':
      return `being sent by another run${held.claimedFor ? ` (the run for ${held.claimedFor})` : ''}`;
    case 'unknown':
      return `an earlier send ended without a clear answer (${held.reason ?? 'unknown error'}); it may have gone out: check before sending by hand`;
  }
}

/** The guest's data cannot make an email (a line break in a name, a lapse without years): no rerun would do better. */
function isUnbuildable(error: unknown): boolean {
  return error instanceof MalformedEmailError || error instanceof RangeError;
}

/**
 * SES refused this message for good (`MessageRejected`: its content or its recipient). Account-wide refusals such
 * as `MailFromDomainNotVerifiedException` or `ConfigurationSetDoesNotExistException` are not the guest's doing and
 * stop the run instead.
 */
function isRejected(error: unknown): boolean {
  return errorNameOf(error) === 'MessageRejected';
}

/** The SDK names these when an answer never came; whatever their status code, the request may have been handled. */
const noAnswerErrorNames = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
/** Raised while the SDK prepares a request, before anything goes out (it finds no credentials to sign with). */
const preparationErrorNames = new Set(['CredentialsProviderError', 'TokenProviderError']);
/** Node's codes for a connection that was never opened: the request cannot have arrived. */
const neverConnectedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * True only when the error proves SES did not take the message: SES answered with a 4xx (it refused the request:
 * `MessageRejected`, `Throttling`, an unverified sender), or the request never left (no credentials, no
 * connection). A timeout, a reset connection (which the SDK also names `TimeoutError`), a 5xx or an error of unknown
 * shape proves nothing. The SDK retries timeouts and 5xx itself and counts its attempts in `$metadata.attempts`:
 * after more than one, an earlier attempt may have been accepted, whatever the last one says.
 */
function provesNothingSent(error: unknown): boolean {
  const { name, code, $metadata } = (error ?? {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown; attempts?: unknown } };
  const attempts = typeof $metadata?.attempts === 'number' ? $metadata.attempts : 1;
  if (attempts > 1) return false;
  if (typeof name === 'string' && noAnswerErrorNames.has(name)) return false;
  const status = $metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 400 && status < 500 && status !== 408;
  return (typeof name === 'string' && preparationErrorNames.has(name)) || (typeof code === 'string' && neverConnectedCodes.has(code));
}

/** Spaces sends evenly so the account's SES rate is never exceeded. */
export function createPacer(perSecond: number): () => Promise<void> {
  const intervalMs = 1000 / perSecond;
  let nextAt = 0;
  return async () => {
    const now = Date.now();
    const wait = nextAt - now;
    nextAt = Math.max(now, nextAt) + intervalMs;
    if (wait > 0) await sleep(wait);
  };
}

function isThrottling(error: unknown): boolean {
  const { name, message } = error as { name?: string; message?: string };
  // SESv2 names a throttle TooManyRequestsException (429); SES v1 named it Throttling.
  return name === 'TooManyRequestsException' || name === 'Throttling' || name === 'ThrottlingException' || /maximum sending rate exceeded/i.test(message ?? '');
}

/** SES throttles when the account's rate is exceeded anyway (another sender, a lowered quota): back off, retry. */
async function sendWithBackoff(mailer: Mailer, email: OutgoingEmail, attempts = 6): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mailer.send(email);
    } catch (error) {
      // Only a throttle that proves nothing went out may be sent again.
      if (!isThrottling(error) || !provesNothingSent(error) || attempt === attempts) throw error;
      await sleep(100 * 2 ** attempt + Math.random() * 100);
    }
  }
}
