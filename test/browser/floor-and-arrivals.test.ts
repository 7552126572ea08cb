/**
 * The floor and the restaurant's arrivals in Debian's Chromium against the real local runtime: the floor tells The
 * Terrace Mr. Yu is coming down and the restaurant terminal already open there shows it, with his usual; walk-ins
 * recognised on their second visit; the restaurant says when its live channel is down and comes back by itself.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import {
  mrYu,
  seedMrYuFirstStay,
  seriousAccessibilityViolations,
  showMrYuUsualBreakfast,
  signIn,
  startBrowserSystem,
  type BrowserSystem,
} from './browser-system.ts';

// Whole stories in a real browser: on two busy cores (the suite runs beside them) one may take longer than the
// default 30 s. A limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  await seedMrYuFirstStay(terminals);
  // Back a year later, in the same room as his first stay.
  const checkIn = await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1203', guest: mrYu.guest } });
  expect(checkIn.status).toBe(202);
  const neighbour = await terminals.call('POST', '/v1/check-ins', {
    body: { propertyId: 'bangkok', room: '0912', guest: { title: 'Ms', firstName: 'Anong', lastName: 'Chaiyaporn' } },
  });
  expect(neighbour.status).toBe(202);
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function openTheTerrace(page: Page) {
  await signIn(page, terminals.url, { role: 'restaurant', name: 'Malee' });
  await page.getByRole('heading', { name: 'Arrivals' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

const secretsOfMrYu = [mrYu.email, '9123', '85291234567', '1968', 'W2', 'sandwich'];

describe('the floor and the restaurant arrivals', () => {
  it('the floor says Mr. Yu is coming down; The Terrace shows it, offers W2 and the usual breakfast, and clears it when he is seated', async () => {
    const restaurant = await terminals.newPage();
    await openTheTerrace(restaurant);
    await restaurant.getByText('Nobody is on the way down.').waitFor();
    await expectAccessible(restaurant);

    const floor = await terminals.newPage();
    await signIn(floor, terminals.url, { role: 'floor', name: 'Niran' });
    await floor.getByRole('heading', { name: 'Choose your floors' }).waitFor();
    await expectAccessible(floor);
    await floor.getByRole('button', { name: 'Floor 12', exact: true }).click();
    await floor.getByRole('heading', { name: 'Floor 12' }).waitFor();
    const row = floor.getByRole('listitem').filter({ hasText: '1203' });
    await expect(row.innerText()).resolves.toMatch(/1203[\s\S]*Mr\. Yu[\s\S]*Wei Yu/);
    // Only the chosen floor: Ms. Chaiyaporn in 0912 is on floor 9.
    expect(await floor.getByText('Chaiyaporn').count()).toBe(0);
    await expectAccessible(floor);

    await row.getByRole('button', { name: /^Coming down to The Terrace/ }).click();
    await floor.getByText('The Terrace has been told').waitFor();
    await expectAccessible(floor);
    const floorHtml = await floor.content();
    for (const secret of secretsOfMrYu) expect(floorHtml).not.toContain(secret);

    const notice = restaurant.getByRole('button', { name: /Mr\. Yu, room 1203, is coming down/ });
    await notice.waitFor();
    await expectAccessible(restaurant);
    await notice.click();
    await restaurant.getByRole('heading', { name: 'Mr. Yu' }).waitFor();
    await showMrYuUsualBreakfast(restaurant);
    await expectAccessible(restaurant);

    await restaurant.getByRole('button', { name: 'Seated: Mr. Yu, room 1203' }).click();
    await restaurant.getByText('Nobody is on the way down.').waitFor();
    expect(await restaurant.getByText('is coming down').count()).toBe(0);
    // The greeting stays: the host seats him and records the meal.
    await restaurant.getByRole('heading', { name: 'Mr. Yu' }).waitFor();
    await restaurant.context().close();

    // The floor remembers its floors for the rest of the shift (the tab), and still shows no card details.
    await floor.reload();
    await floor.getByRole('heading', { name: 'Floor 12' }).waitFor();
    await floor.getByText('Mr. Yu').waitFor();
    const reloadedHtml = await floor.content();
    for (const secret of secretsOfMrYu) expect(reloadedHtml).not.toContain(secret);
    await floor.context().close();
  });

  it('a walk-in is welcomed at a first visit and recognised, with the usual table, at the second', async () => {
    const email = 'nok.srisawat@example.com';
    const page = await terminals.newPage();
    await openTheTerrace(page);
    await page.getByRole('button', { name: 'Walk-in (not staying)' }).click();
    await page.getByLabel('Last name').fill('Srisawat');
    await page.getByLabel('First name').fill('Nok');
    await page.getByLabel('Title').fill('Ms');
    await page.getByLabel('Email or phone').fill(email);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Have we seen you before?' }).click();
    await page.getByText('First visit: welcome').waitFor();
    await page.getByRole('heading', { name: 'Ms. Srisawat' }).waitFor();
    // Once used, the contact is shown nowhere.
    expect(await page.content()).not.toContain(email);
    await expectAccessible(page);

    await page.getByLabel('Table').fill('G7');
    await page.getByLabel('Add an item').fill('iced lemon tea');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Record the meal' }).click();
    await page.getByText('Meal recorded for Ms. Srisawat.').waitFor();
    await terminals.settle();

    await page.getByRole('button', { name: 'Walk-in (not staying)' }).click();
    await page.getByLabel('Last name').fill('Srisawat');
    await page.getByLabel('Email or phone').fill(email);
    await page.getByRole('button', { name: 'Have we seen you before?' }).click();
    await page.getByText('Known from the restaurant').waitFor();
    await page.getByRole('heading', { name: 'Ms. Srisawat' }).waitFor();
    await page.getByText('Your usual seat, G7?').waitFor();
    await page.getByText('The same as last time: 1 iced lemon tea?').waitFor();
    expect(await page.content()).not.toContain(email);
    await expectAccessible(page);
    await page.context().close();
  });

  it('says the restaurant is offline while the live channel is down, reconnects by itself, and hears notices again', async () => {
    // The terminal reaches the live channel through a relay the test can cut: /config.json names the relay, for this
    // page only.
    const relay = await startRelay(new URL(terminals.system.liveUrl).port);
    const page = await terminals.newPage({ liveRelay: true });
    await page.route('**/config.json', (route) => route.fulfill({ json: { signIn: { kind: 'local' }, live: { url: `ws://127.0.0.1:${relay.port}` } } }));
    await openTheTerrace(page);

    await relay.stop();
    await page.getByRole('status').filter({ hasText: 'Offline: reconnecting…' }).waitFor();
    await expectAccessible(page);

    await relay.start();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const notice = await terminals.call('POST', '/v1/notices', { role: 'floor', body: { propertyId: 'bangkok', room: '0912', outlet: 'terrace' } });
    expect(notice.status).toBe(202);
    await page.getByRole('button', { name: /Ms\. Chaiyaporn, room 0912, is coming down/ }).waitFor();
    await relay.stop();
    await page.context().close();
  });
});

/** A TCP relay to the live channel on a fixed port, that can be stopped (dropping every connection) and started again. */
async function startRelay(targetPort: string) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server?.close(() => resolve());
      }),
  };
}
