/**
 * `npm run screenshots`: every terminal screen at 1024x768 (the floor's and the restaurant's arrivals and walk-ins
 * too), with the Mr. Yu story seeded, then Ms. Brandt's (a peanut allergy, a tag, back after a year away and her
 * answer to "What kept you away?"), tomorrow's reservations and two possible duplicates, written to docs/
 * (or to the folder given as the first argument). Starts a system of its own, with its own DynamoDB Local.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { readOutbox } from '#local/ses';
import { toLocalDate } from '#shared/domain/dates';
import { eventSource, reservationConfirmed } from '#shared/events/guest-events';
import { startDynamoDbLocal } from '#local/dynamodb';
import { projectRoot } from '#local/paths';
import { fillMrYuCheckIn, mrYu, seedMrYuFirstStay, showMrYuUsualBreakfast, signIn, startBrowserSystem } from './browser-system.ts';

const outdir = resolve(process.argv[2] ?? join(projectRoot, 'docs'));
mkdirSync(outdir, { recursive: true });
const dynamoDb = await startDynamoDbLocal();
const terminals = await startBrowserSystem({ dynamoDbEndpoint: dynamoDb.endpoint });
try {
  await seedMrYuFirstStay(terminals);
  await terminals.call('POST', '/v1/check-ins', {
    body: { propertyId: 'bangkok', room: '0912', guest: { title: 'Ms', firstName: 'Anong', lastName: 'Chaiyaporn', language: 'th' } },
  });
  await terminals.settle();
  const anong = await terminals.call('GET', '/v1/properties/bangkok/rooms/0912/recognition');
  await terminals.call('POST', `/v1/guests/${anong.body.guestId}/notes`, { body: { category: 'food', text: 'Ate only the bananas from the fruit basket' } });
  await terminals.settle();
  const shot = (page: import('playwright-core').Page, name: string) => page.screenshot({ path: join(outdir, `${name}.png`) });

  const desk = await terminals.newPage();
  await desk.goto(terminals.url);
  await desk.getByLabel('Your name').fill('Somchai');
  await shot(desk, 'sign-in');
  await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
  await fillMrYuCheckIn(desk);
  await desk.getByText('Welcome back, Mr. Yu').waitFor();
  await shot(desk, 'desk-check-in-welcome-back');
  await desk.getByRole('button', { name: 'Check in', exact: true }).click();
  await desk.getByText('is checked in to room 1507').waitFor();
  await shot(desk, 'desk-checked-in-card');
  await terminals.settle();
  await desk.getByRole('link', { name: 'In house' }).click();
  await desk.getByRole('cell', { name: '1507' }).waitFor();
  await shot(desk, 'desk-in-house');
  await desk.getByRole('row', { name: /1507/ }).getByRole('link', { name: 'Card' }).click();
  await desk.getByRole('heading', { name: 'Visit history' }).waitFor();
  await desk.getByText('Checked in, room 1507').waitFor();
  await shot(desk, 'desk-guest-card');
  await desk.getByRole('link', { name: 'Find a guest' }).click();
  await desk.getByLabel('Email, phone or last name').fill(mrYu.phone);
  await desk.getByRole('button', { name: 'Search' }).click();
  await desk.getByRole('link', { name: /Mr\. Yu/ }).waitFor();
  await shot(desk, 'desk-find-a-guest');
  await desk.getByRole('link', { name: 'Names to learn tonight' }).click();
  await desk.getByRole('cell', { name: '1507' }).waitFor();
  await shot(desk, 'desk-names-to-learn');

  const admin = await terminals.newPage();
  await signIn(admin, terminals.url, { role: 'admin', name: 'Ploy' });
  await admin.getByRole('heading', { name: 'Choose a terminal' }).waitFor();
  await shot(admin, 'terminal-chooser');

  const restaurant = await terminals.newPage();
  await signIn(restaurant, terminals.url, { role: 'restaurant', name: 'Malee' });
  await restaurant.getByLabel('Room number').fill('1507');
  await restaurant.getByRole('button', { name: 'Find' }).click();
  await showMrYuUsualBreakfast(restaurant);
  await shot(restaurant, 'restaurant-greeting');
  await restaurant.getByRole('button', { name: 'The same as last time' }).click();
  await shot(restaurant, 'restaurant-same-as-last-time');
  await restaurant.getByRole('button', { name: 'ไทย' }).click();
  await shot(restaurant, 'restaurant-thai');
  await restaurant.getByRole('button', { name: 'English' }).click();
  await restaurant.getByRole('button', { name: 'Record the meal' }).click();
  await restaurant.getByText('Meal recorded for Mr. Yu.').waitFor();
  await terminals.settle();
  await restaurant.getByRole('button', { name: /^Breakfast/ }).click();
  await shot(restaurant, 'restaurant-meal-recorded');

  // The floor tells The Terrace who is coming down; the host, already there, sees it at once.
  const host = await terminals.newPage();
  await signIn(host, terminals.url, { role: 'restaurant', name: 'Malee' });
  await host.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  const floor = await terminals.newPage();
  await signIn(floor, terminals.url, { role: 'floor', name: 'Niran' });
  await floor.getByRole('button', { name: 'Floor 9', exact: true }).click();
  await floor.getByRole('button', { name: 'Floor 15', exact: true }).click();
  await floor
    .getByRole('listitem')
    .filter({ hasText: '1507' })
    .getByRole('button', { name: /^Coming down to The Terrace/ })
    .click();
  await floor.getByText('The Terrace has been told').waitFor();
  await shot(floor, 'floor-coming-down');
  await host.getByRole('button', { name: /Mr\. Yu, room 1507, is coming down/ }).click();
  await host.getByRole('heading', { name: 'Mr. Yu' }).waitFor();
  await host.locator('.arrival-usual').filter({ hasNotText: 'Loading' }).waitFor();
  await shot(host, 'restaurant-arrivals');

  await host.getByRole('button', { name: 'Walk-in (not staying)' }).click();
  await host.getByLabel('Last name').fill('Srisawat');
  await host.getByLabel('First name').fill('Nok');
  await host.getByLabel('Title').fill('Ms');
  await host.getByLabel('Email or phone').fill('nok.srisawat@example.com');
  await shot(host, 'restaurant-walk-in');
  await host.getByRole('button', { name: 'Have we seen you before?' }).click();
  await host.getByText('First visit: welcome').waitFor();
  await shot(host, 'restaurant-walk-in-first-visit');

  // Ms. Brandt: one stay in March 2025 with a breakfast, the "we miss you" email a year later and her answer, back in
  // house today; the restaurant recorded her peanut allergy and the desk that she is celebrating.
  const brandt = { title: 'Ms', firstName: 'Helena', lastName: 'Brandt', email: 'helena.brandt@example.com', marketingConsent: true, language: 'en' };
  await pastStay('2201', brandt, '2025-03-10T14:00:00+07:00', '2025-03-12T11:00:00+07:00', {
    mealPeriod: 'breakfast',
    table: 'T4',
    items: ['1 x jasmine tea', '1 x mango sticky rice', '1 x fruit plate'],
    partySize: 1,
    at: '2025-03-11T08:10:00+07:00',
  });
  await terminals.system.runJob('lapsed-guests', new Date('2026-03-12T02:30:00Z'), 'bangkok');
  const [missYou] = (await readOutbox(terminals.system.sesEndpoint)).filter((mail) => mail.destination.to.some((to) => to.includes(brandt.email)));
  const surveyLink = /https?:\/\/[^\s"<>]+\/v1\/absence-survey\?token=[\w.-]+/.exec(missYou?.body.text ?? '')?.[0];
  if (!surveyLink) throw new Error('no "we miss you" email with a survey link for Ms. Brandt');
  const answered = await fetch(surveyLink, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ reason: 'stayed-elsewhere', text: 'The new office is across the river, so I stayed nearer to it' }).toString(),
  });
  if (!answered.ok) throw new Error(`answering the survey answered ${answered.status}`);
  await terminals.settle();
  await expectAccepted(terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1104', guest: brandt } }));
  await terminals.settle();
  const brandtCard = await terminals.call('GET', '/v1/properties/bangkok/rooms/1104/recognition');
  const brandtId = brandtCard.body.guestId as string;
  await expectAccepted(
    terminals.call('POST', `/v1/guests/${brandtId}/dietary-needs`, {
      role: 'restaurant',
      body: { allergies: ['peanuts'], diets: [], other: 'Severe: carries an EpiPen' },
    }),
  );
  await expectAccepted(terminals.call('POST', `/v1/guests/${brandtId}/tags`, { body: { tag: 'celebration', set: true } }));
  await terminals.settle();

  const greeter = await terminals.newPage();
  await signIn(greeter, terminals.url, { role: 'restaurant', name: 'Malee' });
  await greeter.getByLabel('Room number').fill('1104');
  await greeter.getByRole('button', { name: 'Find' }).click();
  await greeter.getByRole('heading', { name: 'Ms. Brandt' }).waitFor();
  await greeter.getByRole('region', { name: 'Allergies and dietary needs' }).waitFor();
  await greeter.getByRole('button', { name: /^Breakfast/ }).click();
  await greeter.getByText('Your usual seat, T4?').waitFor();
  await shot(greeter, 'restaurant-allergy-and-tags');
  await greeter.getByRole('button', { name: 'The same as last time' }).click();
  await greeter.getByLabel('Add an item').fill('Chicken satay');
  await greeter.getByRole('button', { name: 'Add', exact: true }).click();
  await greeter.locator('.allergen-warning').waitFor();
  await greeter.locator('.meal h2').evaluate((heading) => heading.scrollIntoView());
  await shot(greeter, 'restaurant-allergen-warning');

  await desk.getByRole('link', { name: 'Find a guest' }).click();
  await desk.getByLabel('Email, phone or last name').fill(brandt.email);
  await desk.getByRole('button', { name: 'Search' }).click();
  await desk.getByRole('link', { name: /Ms\. Brandt/ }).click();
  await desk.getByRole('heading', { name: 'Why they stayed away' }).waitFor();
  await shot(desk, 'desk-card-allergies-tags-absence');

  // Tomorrow's reservations from the PMS: Mrs. Ellison, who dined with us in September 2025, and two first stays.
  const ellison = { title: 'Mrs', firstName: 'Margaret', lastName: 'Ellison', email: 'margaret.ellison@example.com', language: 'en' };
  await pastStay('1812', ellison, '2025-09-14T15:20:00+07:00', '2025-09-17T11:00:00+07:00', {
    mealPeriod: 'dinner',
    table: 'R1',
    items: ['1 x tom yum soup', '1 x green curry', '2 x Singha beer'],
    partySize: 2,
    at: '2025-09-15T19:30:00+07:00',
  });
  const tomorrow = dayAfter(toLocalDate(new Date(), 'Asia/Bangkok'), 1);
  await confirmReservation('R-20417', tomorrow, { title: 'Mrs', firstName: 'Margaret', lastName: 'Ellison', email: ellison.email });
  await confirmReservation('R-20422', tomorrow, { title: 'Ms', firstName: 'Petra', lastName: 'Novak', email: 'petra.novak@example.com' });
  await confirmReservation('R-20431', tomorrow, { title: 'Mr', firstName: 'Chidi', lastName: 'Okafor', email: 'chidi.okafor@example.com' });
  await terminals.settle();
  await desk.getByRole('link', { name: 'Arrivals' }).click();
  await desk.getByRole('article', { name: 'Mrs. Ellison' }).getByText('Known to us').waitFor();
  await desk.getByRole('article', { name: 'Mr. Okafor' }).waitFor();
  await shot(desk, 'desk-arrivals');

  // Possible duplicates for the admin: Mr. Tanaka came back giving only his phone (merged since), and Mrs. Yu checked
  // in with her husband's phone (another person: left apart).
  const tanaka = { title: 'Mr', firstName: 'Kenji', lastName: 'Tanaka', email: 'kenji.tanaka@example.com', phone: '+81 90 1234 5678' };
  await pastStay('1610', tanaka, '2025-08-10T15:00:00+07:00', '2025-08-12T11:00:00+07:00');
  await expectAccepted(
    terminals.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '1711', guest: { title: 'Mr', firstName: 'Kenji', lastName: 'Tanaka', phone: tanaka.phone } },
    }),
  );
  await terminals.settle();
  const [firstTanaka] = (await terminals.call('GET', `/v1/guests?email=${encodeURIComponent(tanaka.email)}`)).body.guests;
  const secondTanaka = (await terminals.call('GET', '/v1/properties/bangkok/rooms/1711/recognition')).body;
  await expectAccepted(terminals.call('POST', `/v1/guests/${firstTanaka.guestId}/merges`, { role: 'admin', body: { mergedGuestId: secondTanaka.guestId } }));
  await terminals.settle();
  await expectAccepted(
    terminals.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '1508', guest: { title: 'Mrs', firstName: 'Mei', lastName: 'Yu', phone: mrYu.phone } },
    }),
  );
  await terminals.settle();
  await admin.getByRole('link', { name: /^Front desk/ }).click();
  await admin.getByRole('link', { name: 'Possible duplicates' }).click();
  await admin.getByRole('button', { name: 'Undo merge' }).waitFor();
  await admin.getByRole('button', { name: 'Keep Mei Yu, merge Wei Yu into it' }).waitFor();
  await shot(admin, 'desk-possible-duplicates');
  console.log(`screenshots written to ${outdir}`);
} finally {
  await terminals.stop();
  await dynamoDb.stop();
}

/** A stay at Bangkok that is over: the check-in, a meal at the Terrace if given, the departure. */
async function pastStay(room: string, guest: object, checkIn: string, departure: string, meal?: Record<string, unknown>): Promise<void> {
  await expectAccepted(terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at: checkIn, guest } }));
  await terminals.settle();
  if (meal) {
    await expectAccepted(terminals.call('POST', '/v1/dining', { role: 'restaurant', body: { propertyId: 'bangkok', room, outlet: 'terrace', ...meal } }));
    await terminals.settle();
  }
  await expectAccepted(terminals.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room, at: departure } }));
  await terminals.settle();
}

async function expectAccepted(call: Promise<{ status: number }>): Promise<void> {
  const { status } = await call;
  if (status !== 202) throw new Error(`seeding answered ${status}`);
}

function dayAfter(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A reservation as the PMS publishes it on the bus. */
async function confirmReservation(reservationId: string, arrivalDate: string, guest: object): Promise<void> {
  const bus = new EventBridgeClient({
    endpoint: terminals.system.busEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'pms', secretAccessKey: 'pms' },
  });
  const detail = {
    eventId: `pms-${reservationId}`,
    propertyId: 'bangkok',
    at: new Date(Date.now() - 3_600_000).toISOString(),
    reservationId,
    arrivalDate,
    departureDate: dayAfter(arrivalDate, 2),
    roomType: 'Deluxe',
    guest,
  };
  await bus.send(
    new PutEventsCommand({
      Entries: [
        { Source: eventSource, DetailType: reservationConfirmed.detailType, Detail: JSON.stringify(detail), EventBusName: terminals.system.eventBusName },
      ],
    }),
  );
}
