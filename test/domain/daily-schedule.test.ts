import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLocalDateTime } from '#shared/domain/dates';
import { dailyCron, instantAtLocalTime, nextLocalRun } from '#shared/domain/daily-schedule';

const next = (time: string, timeZone: string, after: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return nextLocalRun({ hour, minute }, timeZone, new Date(after)).toISOString();
};

describe('the next run of a daily job at a local time', () => {
  it('is 09:00 in Bangkok (UTC+7) the same local day, whatever the UTC date', () => {
    // 19 June 18:30 UTC is already 20 June, 01:30, in Bangkok.
    expect(next('09:00', 'Asia/Bangkok', '2026-06-19T18:30:00Z')).toBe('2026-06-20T02:00:00.000Z');
    expect(next('09:00', 'Asia/Bangkok', '2026-06-20T01:59:00Z')).toBe('2026-06-20T02:00:00.000Z');
  });

  it('is the next day once the time has come: a run is strictly after the instant it counts from', () => {
    expect(next('09:00', 'Asia/Bangkok', '2026-06-20T02:00:00Z')).toBe('2026-06-21T02:00:00.000Z');
    expect(next('09:30', 'Asia/Bangkok', '2026-12-31T02:30:00Z')).toBe('2027-01-01T02:30:00.000Z');
  });

  it('follows London across its clock changes: 09:00 GMT in winter, 09:00 BST (08:00 UTC) in summer', () => {
    expect(next('09:00', 'Europe/London', '2026-01-10T12:00:00Z')).toBe('2026-01-11T09:00:00.000Z');
    expect(next('09:00', 'Europe/London', '2026-06-10T12:00:00Z')).toBe('2026-06-11T08:00:00.000Z');
    // Clocks go forward at 01:00 UTC on Sunday 29 March 2026: Saturday's run is at 09:00 UTC, Sunday's 23 hours later.
    expect(next('09:00', 'Europe/London', '2026-03-28T08:00:00Z')).toBe('2026-03-28T09:00:00.000Z');
    expect(next('09:00', 'Europe/London', '2026-03-28T09:00:00Z')).toBe('2026-03-29T08:00:00.000Z');
    // And back at 01:00 UTC on Sunday 25 October 2026: Sunday's run is 25 hours after Saturday's.
    expect(next('09:00', 'Europe/London', '2026-10-24T08:00:00Z')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('skips a day whose clocks jump over the time, as EventBridge Scheduler does', () => {
    // 01:30 does not exist in London on 29 March 2026 (01:00 GMT becomes 02:00 BST).
    expect(instantAtLocalTime('2026-03-29', { hour: 1, minute: 30 }, 'Europe/London')).toBeUndefined();
    expect(next('01:30', 'Europe/London', '2026-03-28T01:30:00Z')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('runs once, the first time, on a day whose clocks show the time twice', () => {
    // 01:30 happens twice in London on 25 October 2026: 00:30 UTC (BST), then 01:30 UTC (GMT).
    const first = next('01:30', 'Europe/London', '2026-10-24T00:30:00Z');
    expect(first).toBe('2026-10-25T00:30:00.000Z');
    expect(next('01:30', 'Europe/London', first)).toBe('2026-10-26T01:30:00.000Z');
  });

  it('works for zones far either side of UTC', () => {
    // 02:00 UTC on 20 June is 16:00 on 19 June in Honolulu (UTC-10), and 16:00 on 20 June on Kiritimati (UTC+14).
    expect(next('09:00', 'Pacific/Honolulu', '2026-06-20T02:00:00Z')).toBe('2026-06-20T19:00:00.000Z');
    expect(next('09:00', 'Pacific/Kiritimati', '2026-06-20T02:00:00Z')).toBe('2026-06-20T19:00:00.000Z');
    expect(next('23:45', 'Pacific/Kiritimati', '2026-06-20T02:00:00Z')).toBe('2026-06-20T09:45:00.000Z');
  });

  it('is always later, within two days, and at the local time asked for', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Bangkok', 'Australia/Lord_Howe', 'Pacific/Honolulu', 'Pacific/Kiritimati'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        // Clear of the hours where clocks change, so every day has the time exactly once.
        fc.integer({ min: 4, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (after, zone, hour, minute) => {
          const run = nextLocalRun({ hour, minute }, zone, after);
          expect(run.getTime()).toBeGreaterThan(after.getTime());
          expect(run.getTime() - after.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
          expect(toLocalDateTime(run, zone).time).toBe(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
        },
      ),
    );
  });
});

describe('the cron expression of a daily run', () => {
  it('names the minute and hour, every day, in the syntax EventBridge Scheduler takes', () => {
    expect(dailyCron({ hour: 9, minute: 0 })).toBe('cron(0 9 * * ? *)');
    expect(dailyCron({ hour: 9, minute: 30 })).toBe('cron(30 9 * * ? *)');
  });
});
