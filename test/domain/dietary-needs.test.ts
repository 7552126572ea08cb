import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allergens, diets, findAllergenWarnings, type Allergen } from '#shared/domain/dietary-needs';
import { buildRecognitionCard } from '#shared/domain/recognition-card';
import { guestDietaryNeedsRecorded, parseEvent } from '#shared/events/guest-events';
import { InvalidInputError } from '#shared/errors';
import { aCheckIn, aDietaryNeeds, checkInEntry, dietaryEntry, profileOf } from '#test/support/builders';

const guestId = 'g_yuWei0000000000000000';
const checkIn = checkInEntry(aCheckIn());
const items = (...names: string[]) => names.map((name) => ({ name, quantity: 1 }));

describe('an item that names a recorded allergen is flagged', () => {
  it("flags 'egg' in 'one egg' and in 'Eggs Benedict', with the allergen and the word", () => {
    expect(findAllergenWarnings(items('sandwich', 'one egg', 'coffee'), ['egg'])).toEqual([{ item: 'one egg', allergen: 'egg', word: 'egg' }]);
    expect(findAllergenWarnings(items('Eggs Benedict'), ['egg'])).toEqual([{ item: 'Eggs Benedict', allergen: 'egg', word: 'eggs' }]);
  });

  it('matches whole words only, case and accents folded', () => {
    expect(findAllergenWarnings(items('eggplant curry', 'nutmeg latte'), ['egg', 'tree-nuts'])).toEqual([]);
    expect(findAllergenWarnings(items('CRÈME brûlée with ALMONDS'), ['tree-nuts'])).toEqual([
      { item: 'CRÈME brûlée with ALMONDS', allergen: 'tree-nuts', word: 'almonds' },
    ]);
  });

  it('names dishes by what they are made of, not only by the allergen', () => {
    expect(findAllergenWarnings(items('chicken satay'), ['peanuts'])).toHaveLength(1);
    expect(findAllergenWarnings(items('prawn crackers'), ['shellfish'])).toHaveLength(1);
    expect(findAllergenWarnings(items('toast'), ['gluten'])).toHaveLength(1);
    expect(findAllergenWarnings(items('cappuccino'), ['dairy'])).toHaveLength(1);
    expect(findAllergenWarnings(items('miso soup'), ['soy'])).toHaveLength(1);
    expect(findAllergenWarnings(items('smoked salmon'), ['fish'])).toHaveLength(1);
    expect(findAllergenWarnings(items('hummus'), ['sesame'])).toHaveLength(1);
  });

  it('flags only the allergens the guest has: nothing without allergies', () => {
    expect(findAllergenWarnings(items('one egg', 'toast'), [])).toEqual([]);
    expect(findAllergenWarnings(items('one egg', 'toast'), ['gluten']).map((w) => w.item)).toEqual(['toast']);
  });

  it('flags an item once per allergen it names, in the order of the items', () => {
    expect(findAllergenWarnings(items('crab cake', 'egg'), ['egg', 'shellfish', 'gluten'])).toEqual([
      { item: 'crab cake', allergen: 'shellfish', word: 'crab' },
      { item: 'crab cake', allergen: 'gluten', word: 'cake' },
      { item: 'egg', allergen: 'egg', word: 'egg' },
    ]);
  });

  it('always flags an item named exactly after one of the words of an allergen, whatever else the order holds', () => {
    const allergen = fc.constantFrom(...allergens);
    fc.assert(
      fc.property(allergen, fc.array(fc.constantFrom('coffee', 'rice', 'water', 'tea', 'apple'), { maxLength: 4 }), fc.nat(), (flagged, others, pick) => {
        const words: Record<Allergen, string> = {
          peanuts: 'peanut',
          'tree-nuts': 'almond',
          shellfish: 'shrimp',
          gluten: 'bread',
          dairy: 'milk',
          egg: 'egg',
          soy: 'tofu',
          fish: 'salmon',
          sesame: 'sesame',
        };
        const word = words[flagged];
        const order = items(...others.slice(0, pick % (others.length + 1)), `2 ${word}`, ...others);
        expect(findAllergenWarnings(order, [flagged]).map((w) => w.item)).toEqual([`2 ${word}`]);
      }),
    );
  });
});

describe('dietary needs on the profile', () => {
  it('holds the latest statement by business time, whole, in the list order', () => {
    const profile = profileOf(
      guestId,
      checkIn,
      dietaryEntry(
        aDietaryNeeds(guestId, {
          at: '2025-06-08T10:00:00+07:00',
          allergies: ['sesame', 'peanuts'],
          diets: ['halal'],
          other: 'Severe: carries an EpiPen',
          author: { role: 'restaurant', subject: 'host-2' },
        }),
      ),
      dietaryEntry(aDietaryNeeds(guestId, { at: '2025-06-08T09:00:00+07:00', allergies: ['egg'] })),
    );
    expect(profile.dietaryNeeds).toEqual({
      allergies: ['peanuts', 'sesame'],
      diets: ['halal'],
      other: 'Severe: carries an EpiPen',
      recordedAt: '2025-06-08T10:00:00+07:00',
      recordedByRole: 'restaurant',
    });
  });

  it('clears them with an empty statement, and the card then says none are recorded', () => {
    const profile = profileOf(
      guestId,
      checkIn,
      dietaryEntry(aDietaryNeeds(guestId)),
      dietaryEntry(aDietaryNeeds(guestId, { at: '2025-06-09T09:00:00+07:00', allergies: [] })),
    );
    expect(profile.dietaryNeeds).toBeUndefined();
    expect(buildRecognitionCard(profile, { now: new Date('2025-06-09T10:00:00+07:00') }).dietaryNeeds).toBeNull();
  });

  it('shows them on the card as recorded', () => {
    const profile = profileOf(guestId, checkIn, dietaryEntry(aDietaryNeeds(guestId, { allergies: ['egg'], diets: ['vegetarian'] })));
    expect(buildRecognitionCard(profile, { now: new Date('2025-06-09T10:00:00+07:00') }).dietaryNeeds).toMatchObject({
      allergies: ['egg'],
      diets: ['vegetarian'],
      recordedByRole: 'frontdesk',
    });
  });

  it('is the same whatever order and repetition the statements arrive in', () => {
    const statement = fc.record({
      hour: fc.integer({ min: 8, max: 20 }),
      allergies: fc.subarray([...allergens]),
      diets: fc.subarray([...diets]),
      other: fc.option(fc.constantFrom('no pork', 'severe'), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 6 }).chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(
              list.map((_, i) => i),
              { minLength: list.length, maxLength: list.length },
            ),
            fc.subarray(list.map((_, i) => i)),
          ),
        ),
        ([list, order, repeated]) => {
          const entries = list.map((s, i) =>
            dietaryEntry(
              aDietaryNeeds(guestId, {
                eventId: `dietary-${i}`,
                at: `2025-06-08T${String(s.hour).padStart(2, '0')}:00:00+07:00`,
                allergies: s.allergies as Allergen[],
                diets: s.diets,
                ...(s.other ? { other: s.other } : {}),
              }),
            ),
          );
          const inOrder = profileOf(guestId, checkIn, ...entries);
          const shuffled = profileOf(guestId, ...[...order, ...repeated].map((i) => entries[i]!), checkIn);
          expect(shuffled).toEqual(inOrder);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the GuestDietaryNeedsRecorded contract', () => {
  const detail = {
    eventId: 'dietary-0001',
    propertyId: 'bangkok',
    at: '2025-06-08T09:00:00+07:00',
    guestId,
    allergies: ['egg'],
    diets: [],
    author: { role: 'frontdesk', subject: 'clerk-1' },
  };
  const published = new Date('2025-06-08T03:00:00Z');

  it('accepts the fixed lists and free text', () => {
    expect(parseEvent(guestDietaryNeedsRecorded, { ...detail, other: 'no pork' }, published)).toMatchObject({ allergies: ['egg'], other: 'no pork' });
  });

  it('names the field of an allergen not on the list, a repeated one, or over-long text', () => {
    const fieldsOf = (bad: object) => {
      try {
        parseEvent(guestDietaryNeedsRecorded, { ...detail, ...bad }, published);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return Object.keys((error as InvalidInputError).fields);
      }
      throw new Error('accepted');
    };
    expect(fieldsOf({ allergies: ['kiwi'] })).toEqual(['allergies[0]']);
    expect(fieldsOf({ allergies: ['egg', 'egg'] })).toEqual(['allergies']);
    expect(fieldsOf({ diets: ['paleo'] })).toEqual(['diets[0]']);
    expect(fieldsOf({ other: 'x'.repeat(201) })).toEqual(['other']);
  });
});
