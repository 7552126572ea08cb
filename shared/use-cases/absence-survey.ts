/**
 * "What kept you away?" (the Haier case). The link in a "we miss you" email opens a one-question page with no sign-in:
 * the signed token (absence-survey-token.ts) is the credential. GET shows the question; POST records the answer once
 * per email (the first answer stands; a second is refused politely) on the guest's history and card, and counts it
 * for the property's month. Admins read the counts per property and month.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { findProperty, properties } from '../config/properties.ts';
import {
  absenceReasons,
  absenceTextMaxLength,
  emptyReasonCounts,
  isAbsenceReason,
  monthsBetween,
  type AbsenceAnswerGiven,
  type LapsedReasonsMonth,
} from '../domain/absence-survey.ts';
import { verifyAbsenceSurveyToken, type AbsenceSurveyClaim } from '../domain/absence-survey-token.ts';
import { renderSurveyAlreadyAnsweredPage, renderSurveyForm, renderSurveyInvalidLinkPage, renderSurveyThanksPage } from '../email/absence-survey-page.ts';
import { noteTextSchema, propertyIdSchema } from '../events/guest-events.ts';
import type { HttpResult } from '../http/http-handler.ts';
import { allProperties, assertPropertyAccess, type Caller } from '../http/caller.ts';
import { InvalidInputError } from '../errors.ts';
import type { AbsenceAnswerRecorder, Clock, GuestReader, LapsedReasonsReader } from '../ports.ts';
import { parseOrThrow } from '../validation.ts';

export interface AbsenceSurveyDependencies {
  readonly reader: Pick<GuestReader, 'getProfile'>;
  readonly recorder: AbsenceAnswerRecorder;
  readonly clock: Clock;
  readonly signingKey: string;
}

const tokenQuerySchema = z.object({ token: z.string().check(z.minLength(1), z.maxLength(512)) });

/** The link's claim, when the token is one this deployment signed for the survey (never an unsubscribe token). */
function claimOf(query: unknown, signingKey: string): { token: string; claim: AbsenceSurveyClaim } | undefined {
  const parsed = tokenQuerySchema.safeParse(query);
  if (!parsed.success) return undefined;
  const claim = verifyAbsenceSurveyToken(parsed.data.token, signingKey);
  return claim && findProperty(claim.propertyId) ? { token: parsed.data.token, claim } : undefined;
}

/**
 * GET: the question, or, when this email's link was answered before, a polite note saying so. Nothing is written (a
 * mail scanner following the link changes nothing).
 */
export async function showAbsenceSurvey(deps: Pick<AbsenceSurveyDependencies, 'signingKey' | 'recorder'>, query: unknown): Promise<HttpResult> {
  const link = claimOf(query, deps.signingKey);
  if (!link) return renderSurveyInvalidLinkPage();
  if (await deps.recorder.hasAnswered(link.claim.guestId, link.claim.survey))
    return { ...renderSurveyAlreadyAnsweredPage(link.claim.language), statusCode: 200 };
  return renderSurveyForm(link.claim.language, link.token);
}

/** The form's fields: `reason` one of the choices, `text` optional, bounded and checked like a note. */
export function readSurveyAnswer(
  body: unknown,
): { reason: AbsenceAnswerGiven['reason']; text?: string } | { error: 'reason' | 'text'; reason?: string; text?: string } {
  const fields = (body ?? {}) as Record<string, unknown>;
  const reason = typeof fields.reason === 'string' ? fields.reason : undefined;
  const rawText = typeof fields.text === 'string' ? fields.text : undefined;
  if (!isAbsenceReason(reason)) return { error: 'reason', ...(rawText === undefined ? {} : { text: rawText }) };
  // Browsers send a textarea's line breaks as CRLF; a note's rules allow LF only.
  const text = rawText?.replace(/\r\n?/g, '\n').trim();
  if (!text) return { reason };
  const checked = noteTextSchema.safeParse(text);
  if (!checked.success || checked.data.length > absenceTextMaxLength) return { error: 'text', reason, text: rawText };
  return { reason, text: checked.data };
}

/** POST: records the answer, once per email. A mistake in the form shows it again (400), with what was wrong. */
export async function answerAbsenceSurvey(deps: AbsenceSurveyDependencies, query: unknown, body: unknown): Promise<HttpResult> {
  const link = claimOf(query, deps.signingKey);
  if (!link) return renderSurveyInvalidLinkPage();
  const { claim, token } = link;
  const answer = readSurveyAnswer(body);
  if ('error' in answer) return renderSurveyForm(claim.language, token, answer);
  // An erased guest has nothing left to answer for: the link is no longer valid.
  if (!(await deps.reader.getProfile(claim.guestId))) return renderSurveyInvalidLinkPage();
  const outcome = await deps.recorder.recordAbsenceAnswer({
    eventId: randomUUID(),
    propertyId: claim.propertyId,
    at: deps.clock.now().toISOString(),
    guestId: claim.guestId,
    survey: claim.survey,
    reason: answer.reason,
    ...(answer.text === undefined ? {} : { text: answer.text }),
  });
  if (outcome === 'already-answered') return renderSurveyAlreadyAnsweredPage(claim.language);
  if (outcome === 'guest-erased') return renderSurveyInvalidLinkPage();
  return renderSurveyThanksPage(claim.language);
}

const monthSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM'));
/** Three years of months at most in one answer. */
const maxMonths = 36;

const summaryQuerySchema = z.strictObject({
  /** By default the caller's; a group-wide admin names one. */
  propertyId: z.optional(propertyIdSchema),
  month: z.optional(monthSchema),
  from: z.optional(monthSchema),
  to: z.optional(monthSchema),
});

export interface LapsedReasonsSummary {
  readonly propertyId: string;
  readonly from: string;
  readonly to: string;
  /** Every month of the range, in order, zero where nobody answered. */
  readonly months: LapsedReasonsMonth[];
  /** The range's totals. */
  readonly total: { readonly answers: number; readonly reasons: Readonly<Record<(typeof absenceReasons)[number], number>> };
}

/** Why lapsed guests left, counted per month for one property: `month`, or `from` and `to` (at most 36 months). */
export async function summariseLapsedReasons(reader: LapsedReasonsReader, caller: Caller, rawQuery: unknown): Promise<LapsedReasonsSummary> {
  const query = parseOrThrow(summaryQuerySchema, rawQuery, 'query', 'query');
  const propertyId = query.propertyId ?? (caller.propertyId === allProperties ? undefined : caller.propertyId);
  if (!propertyId)
    throw new InvalidInputError('Invalid query: query.propertyId', {
      'query.propertyId': `is required for a group-wide admin (one of ${properties.map((p) => p.id).join(', ')})`,
    });
  assertPropertyAccess(caller, propertyId);
  if (query.month && (query.from || query.to))
    throw new InvalidInputError('Invalid query: query.month', { 'query.month': 'give month, or from and to, not both' });
  if (!query.month && !(query.from && query.to)) {
    const missing = query.from ? 'query.to' : query.to ? 'query.from' : 'query.month';
    throw new InvalidInputError(`Invalid query: ${missing}`, { [missing]: 'is required: month=YYYY-MM, or from=YYYY-MM and to=YYYY-MM' });
  }
  const from = query.month ?? query.from!;
  const to = query.month ?? query.to!;
  if (from > to) throw new InvalidInputError('Invalid query: query.to', { 'query.to': 'must not be before query.from' });
  const range = monthsBetween(from, to);
  if (range.length > maxMonths) throw new InvalidInputError('Invalid query: query.to', { 'query.to': `must be at most ${maxMonths} months after query.from` });
  const stored = new Map((await reader.listMonths(propertyId, from, to)).map((month) => [month.month, month]));
  const months = range.map((month) => stored.get(month) ?? { propertyId, month, answers: 0, reasons: emptyReasonCounts() });
  const reasons = emptyReasonCounts();
  for (const month of months) for (const reason of absenceReasons) reasons[reason] += month.reasons[reason];
  return { propertyId, from, to, months, total: { answers: months.reduce((sum, month) => sum + month.answers, 0), reasons } };
}
