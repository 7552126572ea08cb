import { describe, expect, it } from 'vitest';
import { describeSchedules, scheduledRun, startScheduler } from '#local/scheduler';
import { properties, type PropertyConfig } from '#shared/config/properties';
import { toLocalDateTime } from '#shared/domain/dates';
import { scheduledRunSchema } from '#shared/events/scheduled-run';
import { functions } from '#shared/wiring';

/** A property in a zone with daylight saving, next to the configured ones (both in Asia/Bangkok). */
const london: PropertyConfig = { ...properties[0]!, id: 'london', name: 'The Riverside, London', timeZone: 'Europe/London' };

describe('the local scheduler', () => {
  it("has a next run for every job at every property, at the job's local time in that property's zone", () => {
    const before = Date.now();
    const scheduler = startScheduler({
      functions,
      properties: [...properties, london],
      loadHandler: () => Promise.reject(new Error('no run is due in this test')),
      log: { info: () => {}, error: () => {} },
    });
    try {
      const upcoming = scheduler.upcoming();
      expect(upcoming.map((run) => `${run.job}/${run.propertyId}`).sort()).toEqual(
        ['birthday-greetings', 'lapsed-guests', 'value-segments'].flatMap((job) => ['bangkok', 'chiangmai', 'london'].map((id) => `${job}/${id}`)).sort(),
      );
      for (const run of upcoming) {
        const zone = run.propertyId === 'london' ? 'Europe/London' : 'Asia/Bangkok';
        expect(toLocalDateTime(run.at, zone).time).toBe({ 'birthday-greetings': '09:00', 'lapsed-guests': '09:30', 'value-segments': '04:30' }[run.job]);
        expect(run.at.getTime()).toBeGreaterThan(before);
        expect(run.at.getTime() - before).toBeLessThanOrEqual(24 * 3_600_000);
      }
    } finally {
      scheduler.stop();
    }
  });

  it("passes the input a property's schedule passes on AWS: the property, and the intended time to the second", () => {
    const input = scheduledRun('chiangmai', new Date('2026-04-12T02:00:00.000Z'));
    expect(input).toEqual({ propertyId: 'chiangmai', time: '2026-04-12T02:00:00Z' });
    expect(scheduledRunSchema.safeParse(input).success).toBe(true);
  });

  it('lists its schedules for `npm start`, one line per job and property', () => {
    expect(describeSchedules(functions, [properties[0]!, london])).toEqual([
      'daily 09:00 Asia/Bangkok -> birthday-greetings (bangkok)',
      'daily 09:00 Europe/London -> birthday-greetings (london)',
      'daily 09:30 Asia/Bangkok -> lapsed-guests (bangkok)',
      'daily 09:30 Europe/London -> lapsed-guests (london)',
      'daily 04:30 Asia/Bangkok -> value-segments (bangkok)',
      'daily 04:30 Europe/London -> value-segments (london)',
    ]);
  });
});
