/**
 * When a daily job runs in a property's own time: the wall-clock time of day in its IANA zone, the way EventBridge
 * Scheduler evaluates a `cron(...)` expression with a time zone. Across a daylight-saving change it does what the
 * Scheduler does: a time the clocks skip that day (spring forward) does not run that day, and a time the clocks
 * show twice (fall back) runs once, the first time. Pure: Intl only, as in dates.ts.
 */
import { toLocalDateTime } from './dates.ts';

/** A wall-clock time of day, 00:00 to 23:59. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;

/** `09:00` */
export function formatTimeOfDay({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The cron expression of a daily run at `time`, in the syntax of EventBridge (and its Scheduler): `cron(30 9 * * ? *)`. */
export function dailyCron({ hour, minute }: TimeOfDay): string {
  return `cron(${minute} ${hour} * * ? *)`;
}

/** How far the zone's wall clock is ahead of UTC at `instantMs`, in milliseconds (to the minute). */
function offsetAt(instantMs: number, timeZone: string): number {
  const { date, time } = toLocalDateTime(new Date(instantMs), timeZone);
  const wallClockMs = Date.parse(`${date}T${time}:00Z`);
  return wallClockMs - Math.floor(instantMs / minuteMs) * minuteMs;
}

/**
 * The instant at which the zone's clocks show `date` (YYYY-MM-DD) at `time`: the earlier one when they show it twice,
 * undefined when they skip it.
 */
export function instantAtLocalTime(date: string, time: TimeOfDay, timeZone: string): Date | undefined {
  const asUtc = Date.parse(`${date}T${formatTimeOfDay(time)}:00Z`);
  // The offsets a day either side cover both sides of any change of offset that day.
  const candidates = [...new Set([offsetAt(asUtc - dayMs, timeZone), offsetAt(asUtc + dayMs, timeZone)])]
    .map((offset) => asUtc - offset)
    .filter((instant) => {
      const local = toLocalDateTime(new Date(instant), timeZone);
      return local.date === date && local.time === formatTimeOfDay(time);
    })
    .sort((a, b) => a - b);
  return candidates.length ? new Date(candidates[0]!) : undefined;
}

/** The first run strictly after `after` of a job that runs every day at `time` in `timeZone`. */
export function nextLocalRun(time: TimeOfDay, timeZone: string, after: Date): Date {
  const today = toLocalDateTime(after, timeZone).date;
  // From the day before (a zone far behind UTC) to a few days on (a day whose time the clocks skip).
  for (let days = -1; days <= 3; days++) {
    const date = new Date(Date.parse(`${today}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
    const run = instantAtLocalTime(date, time, timeZone);
    if (run && run > after) return run;
  }
  throw new Error(`no run at ${formatTimeOfDay(time)} in ${timeZone} within days of ${after.toISOString()}`);
}
