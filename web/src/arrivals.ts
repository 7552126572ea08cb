/**
 * The restaurant's arrivals, as plain data: which "coming down" notices a terminal shows at a given instant, newest
 * first, each once. No clock and no browser in here: the screen passes the time in, and the tests pass any time.
 */
import type { ComingDownNotice } from '#shared/use-cases/live-notices';

export type Arrival = ComingDownNotice['notice'];

/** A notice nobody acknowledged is taken as stale after this long: the guest is seated, or went elsewhere. */
export const arrivalFadesAfterMs = 30 * 60 * 1000;

/** Adds a notice unless the terminal already has it (the channel may deliver one twice); newest first. */
export function addArrival(arrivals: readonly Arrival[], arrival: Arrival): Arrival[] {
  if (arrivals.some((known) => known.noticeId === arrival.noticeId)) return [...arrivals];
  return [...arrivals, arrival].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** True once the notice is 30 minutes old at `now`. */
export function hasFaded(arrival: Pick<Arrival, 'at'>, now: Date): boolean {
  return now.getTime() - Date.parse(arrival.at) >= arrivalFadesAfterMs;
}

/** What the panel shows at `now`: neither acknowledged ("Seated") nor faded, newest first. */
export function currentArrivals(arrivals: readonly Arrival[], acknowledged: readonly string[], now: Date): Arrival[] {
  return arrivals.filter((arrival) => !acknowledged.includes(arrival.noticeId) && !hasFaded(arrival, now));
}

/** Whole minutes since the notice, never negative (a terminal's clock may run a little behind the API's). */
export function minutesSince(arrival: Pick<Arrival, 'at'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(arrival.at)) / 60_000));
}

/** Waits before reconnecting the live channel: 1 s, 2 s, 4 s ... up to 30 s, with some jitter so terminals spread out. */
export function reconnectDelayMs(attempt: number, random: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + 0.5 * random));
}

/** Reads a message from the live channel; anything that is not a well-formed notice is ignored. */
export function parseLiveMessage(data: unknown): Arrival | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const message = JSON.parse(data) as Partial<ComingDownNotice>;
    const notice = message.notice;
    if (message.type !== 'guest-coming-down' || !notice) return undefined;
    const fields = [notice.noticeId, notice.at, notice.propertyId, notice.outlet, notice.room, notice.guestId, notice.salutation];
    if (!fields.every((field) => typeof field === 'string' && field !== '') || Number.isNaN(Date.parse(notice.at))) return undefined;
    return notice;
  } catch {
    return undefined;
  }
}
