/**
 * `npm run demo`: plays the Oriental Hotel story against the running system (`npm start` in another terminal),
 * over HTTP, the way the terminals would, and prints what the front desk and the restaurant see.
 *
 * Mr. Yu stays in June last year and has breakfast at the table by the second window; a year later he checks in
 * again, and the restaurant greets him with his usual table and his usual breakfast. Then he leaves, business
 * takes him elsewhere, and three years later, on his birthday, the daily job sends him the Oriental's card.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from './jwt.ts';
import { readOutbox } from './ses.ts';
import { readRunningEnvironment, runJobAgainstRunningSystem, scheduledJobs } from './running-system.ts';

const api = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const run = randomBytes(3).toString('hex');
const year = new Date().getUTCFullYear();
const today = new Date().toISOString().slice(0, 10);

type Role = 'frontdesk' | 'restaurant';

async function call(role: Role, method: string, path: string, body?: unknown): Promise<any> {
  const token = await signToken({ role, propertyId: 'bangkok', subject: `demo-${role}` });
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const payload = await response.json().catch(() => undefined);
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(payload)}`);
  return { status: response.status, body: payload };
}

/** The recorders work asynchronously (the bus delivers the event); wait until the change can be read. */
async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function vacantRooms(count: number): Promise<string[]> {
  const { body } = await call('frontdesk', 'GET', '/v1/properties/bangkok/in-house');
  const taken = new Set(body.guests.map((g: { room: string }) => g.room));
  const rooms: string[] = [];
  for (let floor = 12; rooms.length < count; floor++) {
    for (let n = 1; n <= 20 && rooms.length < count; n++) {
      const room = `${floor}${String(n).padStart(2, '0')}`;
      if (!taken.has(room)) rooms.push(room);
    }
  }
  return rooms;
}

function show(title: string, value: unknown) {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\n${JSON.stringify(value, null, 2)}`);
}

try {
  await fetch(`${api}/v1/health`);
} catch {
  console.error(`Nothing answers at ${api}: start the system first with \`npm start\` (in another terminal).`);
  process.exit(1);
}

const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
// He leaves in two days; his birthday is the day after, so three years on he has been away exactly three years.
const departure = addDays(new Date(), 2);
const birthday = addDays(departure, 1).toISOString().slice(5, 10);
const guest = { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: `mr.yu.${run}@example.com`, birthDate: `1968-${birthday}`, language: 'en', marketingConsent: true };
const [firstRoom, secondRoom] = await vacantRooms(2);

console.log(`Playing the Mr. Yu story against ${api} (guest ${guest.email}).`);
console.log(`\n1. ${year - 1}-06-07: the front desk checks Mr. Yu in to room ${firstRoom} (his first stay).`);
const firstCheckIn = await call('frontdesk', 'POST', '/v1/check-ins', { propertyId: 'bangkok', room: firstRoom, at: `${year - 1}-06-07T14:05:00+07:00`, guest });
show('front desk: check-in answer', firstCheckIn.body);
const guestId = await waitFor('the check-in', async () => {
  const card = await call('frontdesk', 'GET', `/v1/properties/bangkok/rooms/${firstRoom}/recognition`);
  return card.status === 200 && card.body.fullName === 'Wei Yu' && card.body.stays.count === 1 ? (card.body.guestId as string) : undefined;
});

console.log(`\n2. ${year - 1}-06-08: breakfast at the Terrace, the seat by the second window (W2): one sandwich, one coffee, one egg.`);
await call('restaurant', 'POST', '/v1/dining', {
  propertyId: 'bangkok',
  outlet: 'terrace',
  room: firstRoom,
  table: 'W2',
  items: ['1 x sandwich', '1 x coffee', '1 x egg'],
  partySize: 1,
  at: `${year - 1}-06-08T07:32:00+07:00`,
});
await call('frontdesk', 'POST', `/v1/guests/${guestId}/notes`, { category: 'food', text: 'Ate only the bananas from the fruit basket', at: `${year - 1}-06-08T18:00:00+07:00` });

console.log(`\n3. ${year - 1}-06-09: he departs.`);
await call('frontdesk', 'POST', '/v1/departures', { propertyId: 'bangkok', room: firstRoom, at: `${year - 1}-06-09T11:00:00+07:00` });
await waitFor('the departure', async () => {
  const card = await call('frontdesk', 'GET', `/v1/guests/${guestId}/recognition`);
  return card.body.inHouse === null && card.body.notes.length === 1 && card.body.dining.length === 1 ? true : undefined;
});

console.log(`\n4. ${today}: a year later, he checks in again (room ${secondRoom}). The front desk sees at once who he is:`);
const secondCheckIn = await call('frontdesk', 'POST', '/v1/check-ins', { propertyId: 'bangkok', room: secondRoom, guest: { ...guest, email: guest.email.toUpperCase() } });
show('front desk: check-in answer ("welcome back")', secondCheckIn.body);
await waitFor('the second check-in', async () => {
  const card = await call('frontdesk', 'GET', `/v1/properties/bangkok/rooms/${secondRoom}/recognition`);
  return card.status === 200 && card.body.guestId === guestId ? true : undefined;
});

console.log('\n5. That evening the floor staff learn the names of the guests in house:');
const inHouse = await call('frontdesk', 'GET', '/v1/properties/bangkok/in-house');
show('in-house list', inHouse.body.guests.filter((g: { guestId: string }) => g.guestId === guestId));

console.log('\n6. Next morning he steps out of the lift; the restaurant host looks up his room:');
const card = await call('restaurant', 'GET', `/v1/properties/bangkok/rooms/${secondRoom}/recognition?outlet=terrace&mealPeriod=breakfast`);
show('restaurant: recognition card', card.body);
const [breakfast] = card.body.dining;
const items = breakfast.usualOrder.choice.map((i: { name: string; quantity: number }) => `${i.quantity} ${i.name}`).join(', ');
console.log(
  `\n"Good morning, ${card.body.salutation}. Your usual seat by the window, ${breakfast.usualTable.choice}? ` +
    `(last on ${breakfast.usualTable.lastChosenOn}) ... The same as last time: ${items}?"`,
);

console.log(`\n7. ${departure.toISOString().slice(0, 10)}: he departs. Business takes him elsewhere for three years.`);
await call('frontdesk', 'POST', '/v1/departures', { propertyId: 'bangkok', room: secondRoom, at: departure.toISOString() });
await waitFor('the second departure', async () => ((await call('frontdesk', 'GET', `/v1/guests/${guestId}/recognition`)).body.inHouse === null ? true : undefined));

const birthdayRun = new Date(`${departure.getUTCFullYear() + 3}-${birthday}T02:00:00Z`);
console.log(`\n8. ${birthdayRun.toISOString()}: the daily birthday job runs (npm run --silent job -- birthday-greetings --at ${birthdayRun.toISOString()}).`);
const report = await runJobAgainstRunningSystem(scheduledJobs.find((j) => j.name === 'birthday-greetings')!, birthdayRun);
console.log(`   sent ${report.sent.length}, skipped ${report.skipped.length}`);
const sesEndpoint = readRunningEnvironment().AWS_ENDPOINT_URL_SES!;
const mail = (await readOutbox(sesEndpoint)).filter((m) => m.destination.to.some((to) => to.includes(guest.email))).at(-1);
show('the email in the outbox', mail ? { from: mail.from, to: mail.destination.to, subject: mail.subject } : 'none');
console.log(`\n${mail?.body.text ?? ''}\n(The outbox: ${sesEndpoint}/)`);
