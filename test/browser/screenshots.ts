/**
 * `npm run screenshots`: every terminal screen at 1024x768 (the floor's and the restaurant's arrivals and walk-ins
 * too), with the Mr. Yu story seeded, written to docs/
 * (or to the folder given as the first argument). Starts a system of its own, with its own DynamoDB Local.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  console.log(`screenshots written to ${outdir}`);
} finally {
  await terminals.stop();
  await dynamoDb.stop();
}
