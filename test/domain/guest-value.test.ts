import { describe, expect, it } from 'vitest';
import { foldHistory } from '#shared/domain/guest-profile';
import { addToMonth, figuresOver, monthNumberOf, monthOfNumber } from '#shared/domain/guest-value';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { diningRecordedSchema, guestDepartedSchema } from '#shared/events/guest-events';
import { aCheckIn, aDeparture, aDining, checkInEntry, departureEntry, diningEntry } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';

describe('stays, nights and spend on the profile', () => {
  it('counts a stay in its check-in month, its nights and room revenue in the departure month, and a meal in its month', () => {
    const profile = foldHistory(guestId, [
      checkInEntry(aCheckIn({ at: '2025-06-28T14:00:00+07:00' })),
      diningEntry(aDining(guestId, { at: '2025-06-29T07:30:00+07:00', amount: 450.5 })),
      departureEntry(aDeparture(guestId, { at: '2025-07-02T11:00:00+07:00', nights: 4, roomRevenue: 18_000 })),
    ])!;
    expect(profile.value).toEqual({
      bangkok: [
        { month: '2025-06', stays: 1, nights: 0, spend: 45_050 },
        { month: '2025-07', stays: 0, nights: 4, spend: 1_800_000 },
      ],
    });
  });

  it("counts the nights between the stay's dates when the PMS gives none", () => {
    const profile = foldHistory(guestId, [
      checkInEntry(aCheckIn({ at: '2025-06-07T14:00:00+07:00' })),
      departureEntry(aDeparture(guestId, { at: '2025-06-10T11:00:00+07:00' })),
    ])!;
    expect(profile.value).toEqual({ bangkok: [{ month: '2025-06', stays: 1, nights: 3, spend: 0 }] });
  });

  it("dates a month in the property's time zone", () => {
    // 31 May 20:00 UTC is 1 June 03:00 in Bangkok.
    const profile = foldHistory(guestId, [checkInEntry(aCheckIn({ at: '2025-05-31T20:00:00Z' }))])!;
    expect(profile.value?.bangkok?.[0]?.month).toBe('2025-06');
  });

  it('keeps only the 36 months up to the newest at any property, and a month of slack', () => {
    let value = addToMonth(undefined, 'bangkok', '2020-01', { spend: 100 });
    value = addToMonth(value, 'chiangmai', '2020-02', { stays: 1 });
    value = addToMonth(value, 'bangkok', '2023-01', { spend: 200 });
    expect(value).toEqual({
      bangkok: [
        { month: '2020-01', stays: 0, nights: 0, spend: 100 },
        { month: '2023-01', stays: 0, nights: 0, spend: 200 },
      ],
      chiangmai: [{ month: '2020-02', stays: 1, nights: 0, spend: 0 }],
    });
    value = addToMonth(value, 'bangkok', '2023-02', { stays: 1 });
    expect(value?.bangkok?.map((m) => m.month)).toEqual(['2023-01', '2023-02']);
    expect(value?.chiangmai?.map((m) => m.month)).toEqual(['2020-02']);
    value = addToMonth(value, 'bangkok', '2023-03', { stays: 1 });
    expect(Object.keys(value!)).toEqual(['bangkok']);
  });

  it('keeps months of another property apart', () => {
    const value = addToMonth(addToMonth(undefined, 'bangkok', '2025-01', { stays: 1 }), 'chiangmai', '2025-02', { stays: 1 });
    expect(Object.keys(value!)).toEqual(['bangkok', 'chiangmai']);
  });

  it('counts months from January 2000 both ways', () => {
    expect(monthNumberOf('2026-11')).toBe(322);
    expect(monthOfNumber(322)).toBe('2026-11');
    expect(monthOfNumber(monthNumberOf('2000-01'))).toBe('2000-01');
  });
});

describe('the figures over 12 and 36 months', () => {
  const months = [
    { month: '2023-01', stays: 1, nights: 2, spend: 100_000 },
    { month: '2025-01', stays: 1, nights: 3, spend: 250_050 },
    { month: '2025-11', stays: 2, nights: 5, spend: 10 },
  ];

  it('count the current month and the ones before it', () => {
    expect(figuresOver(months, '2025-12', 12)).toEqual({ stays: 3, nights: 8, spend: 2500.6 });
    expect(figuresOver(months, '2025-12', 36)).toEqual({ stays: 4, nights: 10, spend: 3500.6 });
    expect(figuresOver(months, '2026-10', 12)).toEqual({ stays: 2, nights: 5, spend: 0.1 });
    expect(figuresOver(months, '2026-11', 12)).toEqual({ stays: 0, nights: 0, spend: 0 });
  });

  it("show on the card per property, in the property's currency, as of the moment it is read", () => {
    const profile = foldHistory(guestId, [
      checkInEntry(aCheckIn({ at: '2024-03-01T14:00:00+07:00' })),
      departureEntry(aDeparture(guestId, { at: '2024-03-03T11:00:00+07:00', roomRevenue: 9000 })),
      checkInEntry(aCheckIn({ at: '2025-06-07T14:00:00+07:00' })),
      diningEntry(aDining(guestId, { at: '2025-06-08T07:30:00+07:00', amount: 380.25 })),
    ])!;
    const card = buildRecognitionCard(profile, { now: new Date('2025-06-08T09:00:00+07:00') });
    expect(card.value).toEqual([
      {
        propertyId: 'bangkok',
        currency: 'THB',
        last12Months: { stays: 1, nights: 0, spend: 380.25 },
        last36Months: { stays: 2, nights: 2, spend: 9380.25 },
      },
    ]);
  });
});

describe('amounts on events', () => {
  const meal = { eventId: 'meal-0001', propertyId: 'bangkok', at: '2025-06-08T07:30:00+07:00', guestId, outlet: 'terrace', table: 'W2', items: ['egg'] };
  const departure = { eventId: 'out-00001', propertyId: 'bangkok', at: '2025-06-09T11:00:00+07:00', guestId };
  const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((i) => i.path.join('.'));

  it('accepts an amount of at most 2 decimals in the property currency, and no amount at all', () => {
    expect(diningRecordedSchema.safeParse({ ...meal, amount: 1250.5, currency: 'THB' }).success).toBe(true);
    expect(diningRecordedSchema.safeParse({ ...meal, amount: 0 }).success).toBe(true);
    expect(diningRecordedSchema.safeParse(meal).success).toBe(true);
    expect(guestDepartedSchema.safeParse({ ...departure, nights: 3, roomRevenue: 12_000, currency: 'THB' }).success).toBe(true);
  });

  it('names the field of a negative amount, a third decimal, or a currency the property does not record in', () => {
    expect(fieldsOf(diningRecordedSchema.safeParse({ ...meal, amount: -1 }))).toEqual(['amount']);
    expect(fieldsOf(diningRecordedSchema.safeParse({ ...meal, amount: 12.345 }))).toEqual(['amount']);
    expect(fieldsOf(diningRecordedSchema.safeParse({ ...meal, amount: 12, currency: 'USD' }))).toEqual(['currency']);
    expect(fieldsOf(diningRecordedSchema.safeParse({ ...meal, amount: 12, currency: 'baht' }))).toEqual(['currency']);
    expect(fieldsOf(diningRecordedSchema.safeParse({ ...meal, currency: 'THB' }))).toEqual(['currency']);
    expect(fieldsOf(guestDepartedSchema.safeParse({ ...departure, nights: -1 }))).toEqual(['nights']);
    expect(fieldsOf(guestDepartedSchema.safeParse({ ...departure, nights: 1.5 }))).toEqual(['nights']);
    expect(fieldsOf(guestDepartedSchema.safeParse({ ...departure, roomRevenue: 0.001 }))).toEqual(['roomRevenue']);
    expect(fieldsOf(guestDepartedSchema.safeParse({ ...departure, roomRevenue: 10, currency: 'EUR' }))).toEqual(['currency']);
  });
});
