/**
 * "Your usual seat, Mr. Yu?": the choice a guest made most often in their recent visits to one outlet and meal
 * period. One visit is enough (the Oriental offered the seat from a single breakfast a year before); a tie goes to
 * the most recent choice.
 */

export const recentVisitsConsidered = 10;

export interface Usual<T> {
  readonly choice: T;
  /** How many of the recent visits made this choice. */
  readonly timesChosen: number;
  /** How many recent visits were considered (at most `recentVisitsConsidered`). */
  readonly recentVisits: number;
  /** Local date of the latest visit that made this choice. */
  readonly lastChosenOn: string;
}

/**
 * `visits` newest first; `keyOf` says when two choices are the same (exact comparison: "lemon Diet Coke" is not
 * "Diet Coke"). Returns undefined when there is no visit.
 */
export function findUsual<V extends { date: string }, T>(visits: readonly V[], choiceOf: (visit: V) => T, keyOf: (choice: T) => string): Usual<T> | undefined {
  const recent = visits.slice(0, recentVisitsConsidered);
  const tallies = new Map<string, { choice: T; count: number; lastChosenOn: string; newestIndex: number }>();
  recent.forEach((visit, index) => {
    const choice = choiceOf(visit);
    const key = keyOf(choice);
    const tally = tallies.get(key);
    if (tally) tally.count += 1;
    else tallies.set(key, { choice, count: 1, lastChosenOn: visit.date, newestIndex: index });
  });
  let best: { choice: T; count: number; lastChosenOn: string; newestIndex: number } | undefined;
  for (const tally of tallies.values()) {
    if (!best || tally.count > best.count || (tally.count === best.count && tally.newestIndex < best.newestIndex)) best = tally;
  }
  return best && { choice: best.choice, timesChosen: best.count, recentVisits: recent.length, lastChosenOn: best.lastChosenOn };
}
