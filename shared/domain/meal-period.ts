import type { OutletConfig } from '../config/properties.ts';

/**
 * The meal period a local time (HH:MM) falls in: the last boundary at or before it; before the first boundary of
 * the day the previous evening's period still runs (a 01:00 supper is dinner).
 */
export function mealPeriodAt(outlet: OutletConfig, localTime: string): string {
  const periods = [...outlet.mealPeriods].sort((a, b) => a.from.localeCompare(b.from));
  const current = periods.filter((p) => p.from <= localTime).at(-1) ?? periods.at(-1);
  if (!current) throw new Error(`outlet ${outlet.id} has no meal periods`);
  return current.name;
}
