/**
 * The front desk's arrivals in Debian's Chromium against the real local runtime: tomorrow's reservations from the
 * PMS (published on the local bus) with the card of a guest we know and the name of one we do not, a check-in
 * started from an arrival, another day picked, and tomorrow's arrivals on the names sheet; a guest's allergies and
 * dietary needs on the arrival and on the sheet, and an older note's text in the visit history.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { toLocalDate } from '#shared/domain/dates';
import { eventSource, reservationConfirmed } from '#shared/events/guest-events';
import { mrYu, seedMrYuFirstStay, seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// Whole stories in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;

const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const tomorrow = () => dayAfter(toLocalDate(new Date(), 'Asia/Bangkok'), 1);

async function confirm(reservationId: string, guest: object): Promise<void> {
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
    arrivalDate: tomorrow(),
    departureDate: dayAfter(tomorrow(), 2),
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

let mrYuGuestId: string;

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  mrYuGuestId = await seedMrYuFirstStay(terminals);
  const needs = { allergies: ['egg'], diets: ['halal'], other: 'Severe: no egg in the kitchen', at: '2025-06-08T07:00:00+07:00' };
  expect((await terminals.call('POST', `/v1/guests/${mrYuGuestId}/dietary-needs`, { role: 'restaurant', body: needs })).status).toBe(202);
  const note = { category: 'room', text: 'Asked for a room away from the lift', at: '2025-06-08T18:00:00+07:00' };
  expect((await terminals.call('POST', `/v1/guests/${mrYuGuestId}/notes`, { body: note })).status).toBe(202);
  // In house tonight, allergic to peanuts.
  const mensah = { title: 'Mr', firstName: 'Kofi', lastName: 'Mensah', email: 'kofi.mensah.arrivals@example.com' };
  const checkIn = await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1601', guest: mensah } });
  expect(checkIn.status).toBe(202);
  await terminals.settle();
  const mensahId = (await terminals.call('GET', `/v1/guests?email=${mensah.email}`)).body.guests[0].guestId;
  expect((await terminals.call('POST', `/v1/guests/${mensahId}/dietary-needs`, { body: { allergies: ['peanuts'], diets: [] } })).status).toBe(202);
  await confirm('R-YU', { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: mrYu.email });
  await confirm('R-NOVAK', { title: 'Ms', firstName: 'Petra', lastName: 'Novak', email: 'petra.novak@example.com' });
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

const arrival = (page: Page, salutation: string) => page.getByRole('article', { name: salutation });

describe("the front desk's arrivals", () => {
  it("shows tomorrow's arrivals with the card of a known guest, checks one in from the list, and shows her arrived", async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByRole('link', { name: 'Arrivals' }).click();
    await page.getByRole('heading', { name: 'Arrivals' }).waitFor();
    await expect(page.getByLabel('Arrival date').inputValue()).resolves.toBe(tomorrow());
    await arrival(page, 'Mr. Yu').getByText('Known to us: 1 stay').waitFor();
    await expect(arrival(page, 'Mr. Yu').innerText()).resolves.toContain('What they like: 1 coffee, 1 egg, 1 sandwich (W2)');
    // His allergy and diet, in the card's red box, before anyone reads what he likes.
    const needs = arrival(page, 'Mr. Yu').getByLabel('Allergies and dietary needs');
    await expect(needs.innerText()).resolves.toBe('Allergies: Egg · Diet: Halal · Severe: no egg in the kitchen');
    await expect(arrival(page, 'Ms. Novak').getByLabel('Allergies and dietary needs').count()).resolves.toBe(0);
    await arrival(page, 'Ms. Novak').getByText('First stay with us').waitFor();
    await expectAccessible(page);

    await arrival(page, 'Ms. Novak').getByRole('button', { name: 'Check in Ms. Novak' }).click();
    await page.getByText('Reservation R-NOVAK').waitFor();
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Novak');
    await expect(page.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe('petra.novak@example.com');
    await page.getByLabel('Room', { exact: true }).fill('1402');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByText(/is checked in to room 1402/).waitFor();
    await terminals.settle();

    await page.getByRole('link', { name: 'Arrivals' }).click();
    await arrival(page, 'Ms. Novak').getByText('Arrived: room 1402').waitFor();
    await expect(arrival(page, 'Mr. Yu').getByRole('button', { name: 'Check in Mr. Yu' }).count()).resolves.toBe(1);
    await expectAccessible(page);

    await page.getByLabel('Arrival date').fill(dayAfter(tomorrow(), 1));
    await page.getByText('Nobody is expected on this day.').waitFor();
    await page.context().close();
  });

  it("opens a known arrival's card, whose visit history reads each note's text", async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByRole('link', { name: 'Arrivals' }).click();
    await arrival(page, 'Mr. Yu').getByRole('link', { name: 'Card', exact: true }).click();
    const history = page.getByRole('region', { name: 'Visit history' });
    await history.getByText('Note (Room): “Asked for a room away from the lift”').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('puts those arriving tomorrow on the names sheet, after the guests in house', async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByRole('link', { name: 'Names to learn tonight' }).click();
    const arriving = page.getByRole('table', { name: /Arriving tomorrow/ });
    await arriving.getByRole('row', { name: /Mr\. Yu/ }).waitFor();
    await expect(arriving.getByRole('row', { name: /Mr\. Yu/ }).innerText()).resolves.toContain('1 stay');
    await expect(
      arriving
        .getByRole('row', { name: /Mr\. Yu/ })
        .getByLabel('Allergies and dietary needs')
        .innerText(),
    ).resolves.toBe('Allergies: Egg · Diet: Halal · Severe: no egg in the kitchen');
    const inHouse = page.getByRole('table').first();
    await expect(
      inHouse
        .getByRole('row', { name: /Mr\. Mensah/ })
        .getByLabel('Allergies and dietary needs')
        .innerText(),
    ).resolves.toBe('Allergies: Peanuts');
    // Ms. Novak has arrived: she is on the sheet among the guests in house, not among tomorrow's arrivals.
    await expect(arriving.getByRole('row', { name: /Novak/ }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });
});
