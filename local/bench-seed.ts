/**
 * Seeds guests for `npm run bench` through the real store (recordCheckIn, recordDining, recordNote,
 * recordDeparture), with stories like a hotel group's: most guests stay once and eat twice; some return; one in fifty
 * is a regular (10 stays at both properties, 70 meals over the 7 outlet/meal pairs, 20 notes); the first guest is at
 * the profile's bound (the same meals and 100 long notes). Birthdays are spread over the year; most guests give an
 * email and marketing consent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { properties } from '#shared/config/properties';
import type { GuestRecorder } from '#shared/ports';
import { newGuestId } from '#shared/store/dynamo-guest-store';

export type Story = 'one-stay' | 'returning' | 'regular' | 'bound';

export interface SeededGuest {
  readonly index: number;
  readonly guestId: string;
  readonly story: Story;
}

/** Hands the store's new guest ids to whoever recorded the check-in, also when many guests are seeded at once. */
export function createGuestIdCapture() {
  const slot = new AsyncLocalStorage<{ guestId?: string }>();
  return {
    newGuestId(): string {
      const guestId = newGuestId();
      const current = slot.getStore();
      if (current) current.guestId = guestId;
      return guestId;
    },
    async capture(work: () => Promise<unknown>): Promise<string | undefined> {
      const current: { guestId?: string } = {};
      await slot.run(current, work);
      return current.guestId;
    },
  };
}

export type GuestIdCapture = ReturnType<typeof createGuestIdCapture>;

export function storyOf(index: number): Story {
  if (index === 0) return 'bound';
  if (index % 50 === 1) return 'regular';
  if (index % 10 === 2) return 'returning';
  return 'one-stay';
}

const surnames = [
  'Yu',
  'Tanaka',
  'Smith',
  'Nguyen',
  'Müller',
  'Srisai',
  'Kim',
  'Garcia',
  'Rossi',
  'Dubois',
  'Chen',
  'Okafor',
  'Novak',
  'Haddad',
  'Silva',
  'Larsen',
];
const firstNames = ['Wei', 'Yuki', 'Anna', 'Minh', 'Lukas', 'Somchai', 'Jisoo', 'Lucia', 'Marco', 'Claire', 'Mei', 'Chidi', 'Petra', 'Omar', 'João', 'Ingrid'];
const titles = ['Mr', 'Ms', 'Mrs', 'Dr'];
const menu = [
  'coffee',
  'egg',
  'sandwich',
  'tom yum',
  'green curry',
  'pad thai',
  'mango sticky rice',
  'khao soi',
  'orange juice',
  'croissant',
  'fruit plate',
  'iced tea',
];
const noteTexts = [
  'Ate only the bananas from the fruit basket',
  'Prefers a quiet table away from the kitchen door',
  'Allergic to peanuts: tell the kitchen every time',
  'Likes the newspaper in Chinese with breakfast',
  'Celebrating a wedding anniversary this stay',
];

/** Every outlet and meal period of every property: the 7 pairs a regular eats at. */
const diningPairs = properties.flatMap((property) =>
  property.outlets.flatMap((outlet) => outlet.mealPeriods.map((period) => ({ propertyId: property.id, outlet: outlet.id, mealPeriod: period.name }))),
);
const mealTime: Record<string, string> = { breakfast: '07:30', lunch: '12:30', dinner: '19:30' };

const day = (base: number, offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);

/** The guest a seeded index names: the same details each time, so a later check-in with them names the same guest. */
export function guestDetails(index: number) {
  const monthDay = new Date(Date.UTC(1972, 0, 1) + ((index * 37) % 366) * 86_400_000).toISOString().slice(5, 10);
  const withEmail = index % 5 !== 4;
  return {
    title: titles[index % titles.length]!,
    firstName: firstNames[(index * 7) % firstNames.length]!,
    lastName: surnames[index % surnames.length]!,
    ...(withEmail ? { email: `guest${index}@example.com` } : { phone: `+6681${String(index).padStart(7, '0')}` }),
    ...(index % 10 !== 9 ? { birthDate: `${1950 + (index % 50)}-${monthDay}` } : {}),
    language: index % 3 ? 'en' : 'th',
    marketingConsent: index % 10 < 7,
  };
}

/** Records one guest's whole story, in order, and answers the id the store gave them. */
export async function seedGuest(store: GuestRecorder, ids: GuestIdCapture, index: number): Promise<{ guest: SeededGuest; events: number }> {
  const story = storyOf(index);
  const many = story === 'regular' || story === 'bound';
  const stays = many ? 10 : story === 'returning' ? 3 : 1;
  const mealsByStay: { propertyId: string; outlet: string; mealPeriod: string }[][] = Array.from({ length: stays }, () => []);
  if (many) {
    // 10 meals at each of the 7 pairs, each at a stay at the pair's property.
    diningPairs.forEach((pair, p) => {
      const staysHere = Array.from({ length: stays }, (_, s) => s).filter((s) => properties[s % properties.length]!.id === pair.propertyId);
      for (let m = 0; m < 10; m++) mealsByStay[staysHere[(m + p) % staysHere.length]!]!.push(pair);
    });
  } else {
    for (const meals of mealsByStay) meals.push(diningPairs[0]!, { ...diningPairs[0]!, mealPeriod: 'dinner' });
  }
  const notesPerStay = story === 'bound' ? 10 : story === 'regular' ? 2 : 0;
  const base = Date.UTC(2023, 0, 1) + (index % 500) * 86_400_000;
  const details = guestDetails(index);
  let events = 0;
  let guestId: string | undefined;
  const eventId = () => `seed-${index}-${events++}`;
  for (let s = 0; s < stays; s++) {
    const propertyId = many ? properties[s % properties.length]!.id : 'bangkok';
    const arrival = s * 60;
    const room = `S${index}`;
    const checkIn = { eventId: eventId(), propertyId, at: `${day(base, arrival)}T14:00:00+07:00`, room, guest: details };
    const captured = await ids.capture(() => store.recordCheckIn(checkIn));
    guestId ??= captured;
    if (!guestId) throw new Error(`the check-in of guest ${index} gave no guest id`);
    const meals = mealsByStay[s]!;
    for (const [m, meal] of meals.entries()) {
      const items = [menu[(index + m) % menu.length]!, menu[(index + m + 3) % menu.length]!].map((name) => ({ name, quantity: 1 + (m % 2) }));
      await store.recordDining({
        eventId: eventId(),
        propertyId,
        at: `${day(base, arrival + 1 + Math.floor(m / 3))}T${mealTime[meal.mealPeriod]}:00+07:00`,
        guestId,
        outlet: meal.outlet,
        mealPeriod: meal.mealPeriod,
        table: `W${(m % 6) + 1}`,
        items,
        partySize: 1 + (m % 3),
      });
    }
    for (let n = 0; n < notesPerStay; n++) {
      const text = noteTexts[(index + s + n) % noteTexts.length]!;
      await store.recordNote({
        eventId: eventId(),
        propertyId,
        at: `${day(base, arrival + 1)}T21:${String(10 + n).padStart(2, '0')}:00+07:00`,
        guestId,
        category: n % 2 ? 'service' : 'food',
        // At the bound every note is long, as staff sometimes write them.
        text:
          story === 'bound' ? `${text}. ${'Asked again for the same table by the window and the same breakfast as last time. '.repeat(5)}`.slice(0, 480) : text,
        author: { role: 'frontdesk', subject: `clerk-${n % 4}` },
      });
    }
    await store.recordDeparture({ eventId: eventId(), propertyId, at: `${day(base, arrival + 4)}T11:00:00+07:00`, guestId, room });
  }
  return { guest: { index, guestId: guestId!, story }, events };
}

/** Seeds `count` guests, `concurrency` at a time, calling `progress` every half second and at the end. */
export async function seedGuests(
  store: GuestRecorder,
  ids: GuestIdCapture,
  count: number,
  options: { concurrency?: number; progress?: (done: number, events: number) => void } = {},
): Promise<{ guests: SeededGuest[]; events: number }> {
  const guests: SeededGuest[] = [];
  let next = 0;
  let events = 0;
  const timer = setInterval(() => options.progress?.(guests.length, events), 500);
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? 16, count) }, async () => {
        while (next < count) {
          const seeded = await seedGuest(store, ids, next++);
          guests.push(seeded.guest);
          events += seeded.events;
        }
      }),
    );
  } finally {
    clearInterval(timer);
  }
  options.progress?.(guests.length, events);
  return { guests: guests.sort((a, b) => a.index - b.index), events };
}
