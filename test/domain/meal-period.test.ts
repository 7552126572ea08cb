import { describe, expect, it } from 'vitest';
import { mealPeriodAt } from '#shared/domain/meal-period';
import { requireProperty, type OutletConfig } from '#shared/config/properties';

const terrace = requireProperty('bangkok').outlets.find((outlet) => outlet.id === 'terrace')!;

describe('mealPeriodAt with the standard hours (breakfast 05:00, lunch 11:00, dinner 17:00)', () => {
  it.each([
    ['05:00', 'breakfast'],
    ['07:30', 'breakfast'],
    ['10:59', 'breakfast'],
    ['11:00', 'lunch'],
    ['16:59', 'lunch'],
    ['17:00', 'dinner'],
    ['23:59', 'dinner'],
  ])('puts %s in %s', (time, period) => {
    expect(mealPeriodAt(terrace, time)).toBe(period);
  });

  it('starts a period exactly at its boundary', () => {
    expect(mealPeriodAt(terrace, '11:00')).toBe('lunch');
    expect(mealPeriodAt(terrace, '17:00')).toBe('dinner');
  });

  it('counts a 01:00 supper as the previous evening dinner', () => {
    expect(mealPeriodAt(terrace, '01:00')).toBe('dinner');
    expect(mealPeriodAt(terrace, '00:00')).toBe('dinner');
    expect(mealPeriodAt(terrace, '04:59')).toBe('dinner');
  });
});

describe('mealPeriodAt with an outlet of its own hours', () => {
  const bar: OutletConfig = {
    id: 'bar',
    name: 'The Bar',
    // Listed out of order on purpose: the outlet config is not trusted to be sorted.
    mealPeriods: [
      { name: 'late-night', from: '22:00' },
      { name: 'breakfast', from: '06:30' },
      { name: 'afternoon-tea', from: '14:00' },
    ],
  };

  it('uses the outlet boundaries, not the standard ones', () => {
    expect(mealPeriodAt(bar, '06:29')).toBe('late-night');
    expect(mealPeriodAt(bar, '06:30')).toBe('breakfast');
    expect(mealPeriodAt(bar, '13:59')).toBe('breakfast');
    expect(mealPeriodAt(bar, '14:00')).toBe('afternoon-tea');
    expect(mealPeriodAt(bar, '22:00')).toBe('late-night');
    expect(mealPeriodAt(bar, '02:00')).toBe('late-night');
  });

  it('gives an outlet with one period that period all day', () => {
    const allDay: OutletConfig = { id: 'deli', name: 'Deli', mealPeriods: [{ name: 'all-day', from: '07:00' }] };
    expect(mealPeriodAt(allDay, '03:00')).toBe('all-day');
    expect(mealPeriodAt(allDay, '12:00')).toBe('all-day');
  });

  it('refuses an outlet without meal periods', () => {
    expect(() => mealPeriodAt({ id: 'closed', name: 'Closed', mealPeriods: [] }, '12:00')).toThrow(/no meal periods/);
  });
});
