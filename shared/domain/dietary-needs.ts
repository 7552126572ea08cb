/**
 * Allergies and dietary needs: a fixed list the whole group shares, so a restaurant can rely on what the front desk
 * recorded (and the other way round), plus free text for what the list cannot say ("severe: carries an EpiPen").
 * Pure: the vocabulary, and the rule that tells the host an item of a meal names one of the guest's allergens.
 */

export const allergens = ['peanuts', 'tree-nuts', 'shellfish', 'gluten', 'dairy', 'egg', 'soy', 'fish', 'sesame'] as const;
export type Allergen = (typeof allergens)[number];

export const diets = ['vegetarian', 'vegan', 'halal', 'kosher'] as const;
export type Diet = (typeof diets)[number];

/** What the card holds: the latest statement of the guest's needs (a new one replaces it whole). */
export interface DietaryNeeds {
  /** In the list's order, each once. */
  readonly allergies: readonly Allergen[];
  readonly diets: readonly Diet[];
  readonly other?: string;
  /** When they were stated (business time), and by which role. */
  readonly recordedAt: string;
  readonly recordedByRole: string;
}

/** Each in the list's order, once: the same statement in any order gives the same needs. */
export function orderedAllergies(list: readonly Allergen[]): Allergen[] {
  return allergens.filter((allergen) => list.includes(allergen));
}

export function orderedDiets(list: readonly Diet[]): Diet[] {
  return diets.filter((diet) => list.includes(diet));
}

/**
 * Words that name each allergen on a menu, in English, singular (a plural `s`/`es` is matched too). Deliberately
 * broad: a warning the host reads and dismisses costs a second; a missed one can cost a life.
 */
export const allergenWords: Readonly<Record<Allergen, readonly string[]>> = {
  peanuts: ['peanut', 'groundnut', 'satay'],
  'tree-nuts': ['nut', 'almond', 'cashew', 'walnut', 'pecan', 'hazelnut', 'pistachio', 'macadamia', 'praline', 'marzipan', 'nutella', 'pesto'],
  shellfish: ['shellfish', 'shrimp', 'prawn', 'crab', 'lobster', 'oyster', 'mussel', 'clam', 'scallop', 'langoustine', 'crayfish'],
  gluten: [
    'gluten',
    'wheat',
    'flour',
    'bread',
    'toast',
    'pasta',
    'noodle',
    'croissant',
    'pancake',
    'waffle',
    'sandwich',
    'bagel',
    'muffin',
    'cake',
    'pastry',
    'pastries',
    'barley',
    'rye',
    'couscous',
    'brioche',
    'danish',
    'cereal',
    'granola',
  ],
  dairy: ['dairy', 'milk', 'cheese', 'butter', 'cream', 'yogurt', 'yoghurt', 'latte', 'cappuccino', 'custard', 'ghee'],
  egg: ['egg', 'omelette', 'omelet', 'mayonnaise', 'mayo', 'benedict', 'meringue', 'frittata'],
  soy: ['soy', 'soya', 'tofu', 'edamame', 'miso', 'tempeh'],
  fish: ['fish', 'salmon', 'tuna', 'cod', 'anchovy', 'anchovies', 'sardine', 'mackerel', 'trout', 'haddock', 'halibut', 'sashimi'],
  sesame: ['sesame', 'tahini', 'hummus', 'houmous'],
};

/** Lower case, accents folded, split into words: "Œufs Bénédicte" -> ["œufs", "benedicte"]. */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function namesWord(word: string, term: string): boolean {
  return word === term || word === `${term}s` || word === `${term}es`;
}

export interface AllergenWarning {
  /** The item as typed. */
  readonly item: string;
  readonly allergen: Allergen;
  /** The word of the item that names it. */
  readonly word: string;
}

/**
 * The items that name one of the allergens, each with the allergen and the word: 'egg' in "one egg" or "Eggs
 * Benedict", never in "eggplant" (whole words only). Items in their order, allergens in the list's.
 */
export function findAllergenWarnings(items: readonly { readonly name: string }[], allergies: readonly Allergen[]): AllergenWarning[] {
  return items.flatMap((item) => {
    const words = wordsOf(item.name);
    return orderedAllergies(allergies).flatMap((allergen): AllergenWarning[] => {
      const word = words.find((w) => allergenWords[allergen].some((term) => namesWord(w, term)));
      return word ? [{ item: item.name, allergen, word }] : [];
    });
  });
}
