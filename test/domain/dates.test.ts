import { describe, expect, it } from 'vitest';
import { birthMonthDay, compareInstants, daysBetween, isValidBirthDate, toLocalDate, toLocalDateTime } from '#shared/domain/dates';

describe('toLocalDateTime', () => {
  it('reads an evening UTC instant as the next early morning in Bangkok', () => {
    expect(toLocalDateTime('2026-06-19T18:30:00Z', 'Asia/Bangkok')).toEqual({ date: '2026-06-20', time: '01:30' });
    expect(toLocalDateTime('2026-06-19T18:30:00Z', 'UTC')).toEqual({ date: '2026-06-19', time: '18:30' });
  });

  it('reads an instant given with an offset in the target zone', () => {
    expect(toLocalDateTime('2025-06-08T07:30:00+07:00', 'Asia/Bangkok')).toEqual({ date: '2025-06-08', time: '07:30' });
    expect(toLocalDateTime('2025-06-08T07:30:00+07:00', 'UTC')).toEqual({ date: '2025-06-08', time: '00:30' });
  });

  it('shows midnight as 00:00, not 24:00', () => {
    expect(toLocalDateTime('2025-06-08T17:00:00Z', 'Asia/Bangkok')).toEqual({ date: '2025-06-09', time: '00:00' });
  });

  it('accepts a Date as well as a string', () => {
    expect(toLocalDateTime(new Date('2026-06-19T18:30:00Z'), 'Asia/Bangkok')).toEqual({ date: '2026-06-20', time: '01:30' });
  });

  it('gives the local date alone with toLocalDate', () => {
    expect(toLocalDate('2025-12-31T17:30:00Z', 'Asia/Bangkok')).toBe('2026-01-01');
    expect(toLocalDate('2025-12-31T17:30:00Z', 'UTC')).toBe('2025-12-31');
  });
});

describe('daysBetween', () => {
  it('counts whole calendar days', () => {
    expect(daysBetween('2025-06-09', '2025-06-10')).toBe(1);
    expect(daysBetween('2025-06-09', '2026-06-11')).toBe(367);
  });

  it('is zero for the same day', () => {
    expect(daysBetween('2025-06-09', '2025-06-09')).toBe(0);
  });

  it('is negative when the second date is earlier', () => {
    expect(daysBetween('2025-06-10', '2025-06-09')).toBe(-1);
  });

  it('counts 29 February in a leap year', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
  });
});

describe('isValidBirthDate', () => {
  it.each(['1970-06-20', '2024-02-29', '1900-01-01', '--06-20', '--02-29', '--12-31'])('accepts %s', (value) => {
    expect(isValidBirthDate(value)).toBe(true);
  });

  it.each([
    ['2023-02-29', 'a 29 February outside a leap year'],
    ['--02-30', 'a 30 February without a year'],
    ['--13-01', 'a thirteenth month'],
    ['--00-10', 'a month zero'],
    ['1970-04-31', 'a 31 April'],
    ['1899-01-01', 'a year before 1900'],
    ['1970-6-20', 'unpadded month'],
    ['20/06/1970', 'another format'],
    ['1970-06-20T00:00:00Z', 'a date-time'],
    ['06-20', 'a month and day without dashes in front'],
    ['birthday', 'garbage'],
    ['', 'nothing'],
  ])('rejects %s (%s)', (value) => {
    expect(isValidBirthDate(value)).toBe(false);
  });
});

describe('birthMonthDay', () => {
  it('takes the month and day of either form', () => {
    expect(birthMonthDay('1970-06-20')).toBe('06-20');
    expect(birthMonthDay('--02-29')).toBe('02-29');
  });
});

describe('compareInstants', () => {
  it('orders instants by time whatever their offsets', () => {
    // 07:30 in Bangkok is 00:30 UTC: earlier than 01:00 UTC although its clock reads later.
    expect(compareInstants('2025-06-08T07:30:00+07:00', '2025-06-08T01:00:00Z')).toBeLessThan(0);
    expect(compareInstants('2025-06-08T01:00:00Z', '2025-06-08T07:30:00+07:00')).toBeGreaterThan(0);
  });

  it('finds the same instant written with different offsets equal', () => {
    expect(compareInstants('2025-06-08T07:30:00+07:00', '2025-06-08T00:30:00Z')).toBe(0);
    expect(compareInstants('2025-06-08T07:30:00+07:00', '2025-06-07T19:30:00-05:00')).toBe(0);
  });

  it('sorts a list of instants chronologically', () => {
    const instants = ['2025-06-08T09:00:00+07:00', '2025-06-08T01:00:00Z', '2025-06-07T19:00:00-05:00'];
    expect([...instants].sort(compareInstants)).toEqual(['2025-06-07T19:00:00-05:00', '2025-06-08T01:00:00Z', '2025-06-08T09:00:00+07:00']);
  });
});
