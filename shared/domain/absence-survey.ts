/**
 * "What kept you away?" (the Haier case: listen to the guests who stopped coming, and record why). The "we miss you"
 * email carries a signed link (absence-survey-token.ts) to one question with a few choices and an optional line of
 * free text. The answer goes into the guest's history like an event, the latest one onto the profile (front desk
 * and admin see it on the card), and into the per-property, per-month counts an admin reads.
 */
import { requireProperty } from '../config/properties.ts';
import { toLocalDate } from './dates.ts';

export const absenceReasons = ['travelling-less', 'stayed-elsewhere', 'price', 'disappointing-stay', 'other'] as const;
export type AbsenceReason = (typeof absenceReasons)[number];

/** Free text is bounded tighter than a note (500): the latest answer sits on the 4 KB card. */
export const absenceTextMaxLength = 300;

/** An answer, as recorded in the guest's history (the shape every history entry has: event id, property, instant). */
export interface AbsenceAnswerGiven {
  readonly eventId: string;
  /** The property that sent the email: the one the guest stayed away from. */
  readonly propertyId: string;
  readonly at: string;
  readonly guestId: string;
  /** Which email's link was answered (its lapse period): one answer per email. */
  readonly survey: string;
  readonly reason: AbsenceReason;
  readonly text?: string;
}

/** Names the answer where events are recorded (its idempotency marker); answers are not bus events. */
export const absenceAnswerDetailType = 'AbsenceAnswerGiven';

/** What the profile keeps, and the front desk sees: the latest answer with its date. */
export interface AbsenceAnswer {
  readonly at: string;
  readonly propertyId: string;
  readonly reason: AbsenceReason;
  readonly text?: string;
}

export function absenceAnswerOf(event: AbsenceAnswerGiven): AbsenceAnswer {
  return { at: event.at, propertyId: event.propertyId, reason: event.reason, ...(event.text === undefined ? {} : { text: event.text }) };
}

/** The month (`YYYY-MM`) an answer counts in: its local month at the property that asked. */
export function answerMonthOf(answer: Pick<AbsenceAnswer, 'at' | 'propertyId'>): string {
  return toLocalDate(answer.at, requireProperty(answer.propertyId).timeZone).slice(0, 7);
}

export function isAbsenceReason(value: unknown): value is AbsenceReason {
  return (absenceReasons as readonly unknown[]).includes(value);
}

/** One property's counts for one month: every reason listed, zero when nobody gave it. */
export interface LapsedReasonsMonth {
  readonly propertyId: string;
  readonly month: string;
  readonly answers: number;
  readonly reasons: Readonly<Record<AbsenceReason, number>>;
}

export function emptyReasonCounts(): Record<AbsenceReason, number> {
  return Object.fromEntries(absenceReasons.map((reason) => [reason, 0])) as Record<AbsenceReason, number>;
}

/** Months from `from` to `to` (`YYYY-MM`, both included). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (current > to) return months;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
