import { describe, expect, it } from 'vitest';
import { findUsual, recentVisitsConsidered } from '#shared/domain/usual';
import { normaliseOrder, orderKey } from '#shared/domain/guest-profile';
import type { OrderedItem } from '#shared/events/guest-events';

interface TableVisit {
  readonly date: string;
  readonly table: string;
}

/** Visits newest first, one a day going back from `newest`, sitting at the given tables in that order. */
function buildTableVisits(tables: readonly string[], newest = '2025-06-30'): TableVisit[] {
  const start = Date.parse(`${newest}T00:00:00Z`);
  return tables.map((table, index) => ({ date: new Date(start - index * 86_400_000).toISOString().slice(0, 10), table }));
}

function findUsualTable(visits: readonly TableVisit[]) {
  return findUsual(
    visits,
    (visit) => visit.table,
    (table) => table,
  );
}

function findUsualOrder(visits: readonly { date: string; items: readonly OrderedItem[] }[]) {
  return findUsual(visits, (visit) => normaliseOrder(visit.items), orderKey);
}

describe('findUsual', () => {
  it('finds nothing when there is no visit', () => {
    expect(findUsualTable([])).toBeUndefined();
  });

  it('makes a single visit the usual', () => {
    expect(findUsualTable([{ date: '2025-06-08', table: 'W2' }])).toEqual({
      choice: 'W2',
      timesChosen: 1,
      recentVisits: 1,
      lastChosenOn: '2025-06-08',
    });
  });

  it('picks the most frequent choice in the recent visits', () => {
    const usual = findUsualTable(buildTableVisits(['A1', 'W2', 'W2', 'B4', 'W2', 'A1']));
    expect(usual).toMatchObject({ choice: 'W2', timesChosen: 3, recentVisits: 6 });
  });

  it('considers only the 10 most recent visits', () => {
    const recent = ['A1', 'A1', 'A1', 'A1', 'B2', 'B2', 'B2', 'C3', 'C3', 'C3'];
    const older = ['D4', 'D4', 'D4', 'D4', 'D4', 'D4'];
    const usual = findUsualTable(buildTableVisits([...recent, ...older]));
    expect(recentVisitsConsidered).toBe(10);
    expect(usual).toMatchObject({ choice: 'A1', timesChosen: 4, recentVisits: 10 });
  });

  it('a tie goes to the most recent choice', () => {
    const usual = findUsualTable(buildTableVisits(['B4', 'W2', 'W2', 'B4']));
    expect(usual).toMatchObject({ choice: 'B4', timesChosen: 2 });
  });

  it('a tie goes to the most recent choice whatever order the tallies were made in', () => {
    const usual = findUsualTable(buildTableVisits(['C3', 'W2', 'C3', 'W2', 'A1']));
    expect(usual).toMatchObject({ choice: 'C3', timesChosen: 2 });
  });

  it('dates the evidence from the latest visit that made the winning choice', () => {
    const visits = [
      { date: '2025-06-10', table: 'B4' },
      { date: '2025-06-09', table: 'W2' },
      { date: '2025-06-08', table: 'B4' },
      { date: '2025-06-07', table: 'W2' },
      { date: '2025-06-06', table: 'W2' },
    ];
    expect(findUsualTable(visits)).toEqual({ choice: 'W2', timesChosen: 3, recentVisits: 5, lastChosenOn: '2025-06-09' });
  });
});

describe('the usual order', () => {
  const sandwichCoffeeEgg = [
    { name: 'sandwich', quantity: 1 },
    { name: 'coffee', quantity: 1 },
    { name: 'egg', quantity: 1 },
  ];

  it('treats the same items and quantities in any order as the same order', () => {
    const reordered = [
      { name: 'egg', quantity: 1 },
      { name: 'sandwich', quantity: 1 },
      { name: 'coffee', quantity: 1 },
    ];
    expect(orderKey(normaliseOrder(reordered))).toBe(orderKey(normaliseOrder(sandwichCoffeeEgg)));
  });

  it('counts orders in a different item order as one choice', () => {
    const usual = findUsualOrder([
      { date: '2025-06-10', items: [{ name: 'tea', quantity: 1 }] },
      { date: '2025-06-09', items: sandwichCoffeeEgg },
      { date: '2025-06-08', items: [...sandwichCoffeeEgg].reverse() },
    ]);
    expect(usual).toEqual({
      choice: [
        { name: 'coffee', quantity: 1 },
        { name: 'egg', quantity: 1 },
        { name: 'sandwich', quantity: 1 },
      ],
      timesChosen: 2,
      recentVisits: 3,
      lastChosenOn: '2025-06-09',
    });
  });

  it('does not take lemon Diet Coke for Diet Coke', () => {
    const dietCoke = normaliseOrder([{ name: 'Diet Coke', quantity: 1 }]);
    const lemonDietCoke = normaliseOrder([{ name: 'lemon Diet Coke', quantity: 1 }]);
    expect(orderKey(lemonDietCoke)).not.toBe(orderKey(dietCoke));
  });

  it('does not take two eggs for one egg', () => {
    const twoEggs = normaliseOrder([{ name: 'egg', quantity: 2 }]);
    const oneEgg = normaliseOrder([{ name: 'egg', quantity: 1 }]);
    expect(orderKey(twoEggs)).not.toBe(orderKey(oneEgg));
  });

  it('keeps the original drink the usual after one visit with the new flavour', () => {
    const usual = findUsualOrder([
      { date: '2025-06-10', items: [{ name: 'lemon Diet Coke', quantity: 1 }] },
      { date: '2025-06-09', items: [{ name: 'Diet Coke', quantity: 1 }] },
      { date: '2025-06-08', items: [{ name: 'Diet Coke', quantity: 1 }] },
    ]);
    expect(usual).toMatchObject({ choice: [{ name: 'Diet Coke', quantity: 1 }], timesChosen: 2 });
  });

  it('merges duplicate items by adding their quantities', () => {
    expect(
      normaliseOrder([
        { name: 'egg', quantity: 1 },
        { name: 'coffee', quantity: 1 },
        { name: 'egg', quantity: 1 },
      ]),
    ).toEqual([
      { name: 'coffee', quantity: 1 },
      { name: 'egg', quantity: 2 },
    ]);
  });

  it('treats an egg listed twice as the same order as two eggs', () => {
    const listedTwice = normaliseOrder([
      { name: 'egg', quantity: 1 },
      { name: 'egg', quantity: 1 },
    ]);
    expect(orderKey(listedTwice)).toBe(orderKey(normaliseOrder([{ name: 'egg', quantity: 2 }])));
  });
});
