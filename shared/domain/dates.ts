/**
 * Calendar arithmetic in a property's time zone. Instants are ISO-8601 strings; local dates are `YYYY-MM-DD`.
 * Uses only Intl (full ICU ships with Node.js and Lambda), no date library.
 */

export interface LocalDateTime {
  /** YYYY-MM-DD */
  readonly date: string;
  /** HH:MM, 00:00 to 23:59 */
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time at `instant` in `timeZone`. */
export function toLocalDateTime(instant: string | Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(typeof instant === 'string' ? new Date(instant) : instant)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

export function toLocalDate(instant: string | Date, timeZone: string): string {
  return toLocalDateTime(instant, timeZone).date;
}

const dayMs = 86_400_000;

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** True when the year, month and day name a real date (no 30 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD` (a real date from 1900 on) or `--MM-DD` when the year is unknown (29 February allowed). */
export function isValidBirthDate(value: string): boolean {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (full) {
    const year = Number(full[1]);
    return year >= 1900 && isCalendarDate(year, Number(full[2]), Number(full[3]));
  }
  const partial = /^--(\d{2})-(\d{2})$/.exec(value);
  return partial !== null && isCalendarDate(2000, Number(partial[1]), Number(partial[2]));
}

/** `MM-DD` of a birth date in either form. */
export function birthMonthDay(birthDate: string): string {
  return birthDate.slice(-5);
}

/** Orders ISO-8601 instants by time, whatever their offsets. */
export function compareInstants(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
