/**
 * The hotel group's properties: the one file an admin edits to add a hotel, an outlet or change meal hours.
 * It is bundled into every function and deployed with the stack, so a change takes effect on the next deploy
 * (and on the next `npm start` locally).
 */

/** A meal period starts at `from` (local time, HH:MM) and lasts until the next period starts. */
export interface MealPeriodBoundary {
  readonly name: string;
  readonly from: string;
}

export interface OutletConfig {
  readonly id: string;
  readonly name: string;
  /** Ordered by `from`; the last period runs past midnight until the first one starts. */
  readonly mealPeriods: readonly MealPeriodBoundary[];
}

export interface PropertyConfig {
  readonly id: string;
  readonly name: string;
  /** IANA time zone: meal periods, stay dates, birthdays and "years away" are evaluated in it. */
  readonly timeZone: string;
  /** Verified SES identity the property's emails are sent from (the stack creates the identity). */
  readonly senderAddress: string;
  /** "We miss you" emails go out when a guest's last stay here ended exactly this many years ago. */
  readonly lapsedAfterYears: readonly number[];
  /** ISO 4217 code the property's PMS and restaurants report amounts in; the card's spend is shown in it. */
  readonly currency: string;
  readonly outlets: readonly OutletConfig[];
}

const standardMealPeriods: readonly MealPeriodBoundary[] = [
  { name: 'breakfast', from: '05:00' },
  { name: 'lunch', from: '11:00' },
  { name: 'dinner', from: '17:00' },
];

export const properties: readonly PropertyConfig[] = [
  {
    id: 'bangkok',
    name: 'The Riverside, Bangkok',
    timeZone: 'Asia/Bangkok',
    senderAddress: 'welcome@bangkok.example.com',
    lapsedAfterYears: [1, 2, 3],
    currency: 'THB',
    outlets: [{ id: 'terrace', name: 'The Terrace (all day)', mealPeriods: standardMealPeriods }],
  },
  {
    id: 'chiangmai',
    name: 'The Riverside, Chiang Mai',
    timeZone: 'Asia/Bangkok',
    senderAddress: 'welcome@chiangmai.example.com',
    lapsedAfterYears: [1, 2, 3],
    currency: 'THB',
    outlets: [
      { id: 'garden', name: 'The Garden (all day)', mealPeriods: standardMealPeriods },
      { id: 'lanna', name: 'Lanna Dining Room (dinner)', mealPeriods: [{ name: 'dinner', from: '17:00' }] },
    ],
  },
];

export function findProperty(propertyId: string): PropertyConfig | undefined {
  return properties.find((p) => p.id === propertyId);
}

/** For ids that were validated on the way in: a miss means the configuration changed under a stored event. */
export function requireProperty(propertyId: string): PropertyConfig {
  const property = findProperty(propertyId);
  if (!property) throw new Error(`property ${propertyId} is not configured`);
  return property;
}
