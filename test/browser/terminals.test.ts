/**
 * The staff terminals in Debian's Chromium against the real local runtime: the Mr. Yu story at the desk and in the
 * restaurant, privacy on screen, the names sheet, errors next to their fields, and an expired sign-in mid-form.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import {
  openRestaurantGreeting,
  fillMrYuCheckIn,
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
});

afterAll(async () => {
  await terminals?.stop();
});

/** The desk's story checks him into 1507; a restaurant story run on its own checks him in through the API. */
async function ensureMrYuInHouse() {
  if ((await terminals.call('GET', '/v1/properties/bangkok/rooms/1507/recognition')).status === 200) return;
  const answer = await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1507', guest: mrYu.guest } });
  expect(answer.status).toBe(202);
  await terminals.settle();
}

const todayInBangkok = () => new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function checkInMrYuAtTheDesk(page: Page) {
  await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
  await fillMrYuCheckIn(page);
  // Before anything is sent: the desk already knows him.
  await page.getByText('Welcome back, Mr. Yu: 1 stay, last in June 2025').waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await page.getByText('Mr. Yu is checked in to room 1507.').waitFor();
  await terminals.settle();
}

describe('staff terminals in a browser', () => {
  it('offers only the terminals that exist for the role, each screen free of serious accessibility problems', async () => {
    const page = await terminals.newPage();
    await page.goto(terminals.url);
    await page.getByRole('heading', { name: 'Sign in to a terminal' }).waitFor();
    await expectAccessible(page);
    await signIn(page, terminals.url, { role: 'admin', name: 'Ploy' });
    const tiles = page.getByRole('list').getByRole('link');
    expect(await tiles.allInnerTexts()).toEqual([
      expect.stringContaining('Front desk'),
      expect.stringContaining('Restaurant'),
      expect.stringContaining('Floor'),
    ]);
    await expectAccessible(page);
    await page.context().close();
  });

  it('the desk sees "welcome back" for a returning guest before sending, then the card the check-in returns', async () => {
    const page = await terminals.newPage();
    await checkInMrYuAtTheDesk(page);
    await expect(page.locator('.guest-card .salutation').innerText()).resolves.toBe('Mr. Yu');
    await expect(page.locator('.guest-card').innerText()).resolves.toContain('W2');
    // What he brought the hotel before this stay: his first stay's room and breakfast, within 36 months but not 12.
    const value = await page.locator('.guest-card .guest-value').innerText();
    expect(value).toMatch(/Last 12 months: stays 0, nights 0, spend \D*0\b/);
    expect(value).toMatch(/Last 36 months: stays 1, nights 2, spend \D*9,450/);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'In house' }).click();
    await page.getByRole('cell', { name: '1507' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('row', { name: /1507/ }).getByRole('link', { name: 'Card' }).click();
    await page.getByText('Checked in, room 1507').waitFor();
    await expect(page.locator('.guest-card').innerText()).resolves.toContain(mrYu.email);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Find a guest' }).click();
    await page.getByLabel('Email, phone or last name').fill(mrYu.phone);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: /Mr\. Yu/ }).waitFor();
    await expectAccessible(page);
    // By name too: what a clerk does when the guest says only "Yu".
    await page.getByLabel('Email, phone or last name').fill('yu');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: /Mr\. Yu/ }).waitFor();
    await page.context().close();
  });

  it('the restaurant finds him by room, offers W2 and the usual breakfast, and records "the same as last time"', async () => {
    await ensureMrYuInHouse();
    const page = await terminals.newPage();
    await openRestaurantGreeting(page, terminals.url, '1507', 'Mr. Yu');
    await showMrYuUsualBreakfast(page);
    // One breakfast a year ago: said as it is, not "1 of the last 1 visits".
    await page.getByText('at the one visit, on 8 June 2025').waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'The same as last time' }).click();
    await expect(page.getByLabel('Table').inputValue()).resolves.toBe('W2');
    await page.getByRole('button', { name: 'One more coffee' }).click();
    await page.getByRole('button', { name: 'One fewer coffee' }).click();
    await page.getByRole('button', { name: 'Record the meal' }).click();
    await page.getByText('Meal recorded for Mr. Yu.').waitFor();
    await terminals.settle();

    // The card now counts today's breakfast: the same table and order, twice in two visits.
    await page.getByLabel('Room number').fill('1507');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: /^Breakfast/ }).click();
    await page.getByText(`2 of the last 2 visits, last on ${todayInBangkok()}`).waitFor();
    await page.context().close();
  });

  it('never shows a restaurant user an email or a phone number, anywhere in the app', async () => {
    await ensureMrYuInHouse();
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'restaurant', name: 'Malee' });
    await page.getByLabel('Or a name in house').fill('yu');
    await page.getByRole('button', { name: /Mr\. Yu/ }).click();
    await page.getByRole('heading', { name: 'Mr. Yu' }).waitFor();
    for (const period of ['Breakfast', 'Lunch', 'Dinner']) {
      await page.getByRole('button', { name: new RegExp(`^${period}`) }).click();
      const html = await page.content();
      for (const secret of [mrYu.email, '9123', '85291234567', '1968']) expect(html).not.toContain(secret);
    }
    await page.getByRole('button', { name: 'ไทย' }).click();
    await page.getByRole('heading', { name: 'บันทึกมื้ออาหาร' }).waitFor();
    expect(await page.content()).not.toContain(mrYu.email);
    await page.context().close();
  });

  it('prints the names to learn tonight, one page per 30 guests', async () => {
    for (let index = 0; index < 31; index++) {
      const room = String(200 + index);
      const answer = await terminals.call('POST', '/v1/check-ins', {
        propertyId: 'chiangmai',
        body: { propertyId: 'chiangmai', room, guest: { title: 'Ms', firstName: `Guest${index}`, lastName: `Sheet${String.fromCharCode(65 + (index % 26))}` } },
      });
      expect(answer.status).toBe(202);
    }
    await terminals.settle();
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', propertyId: 'chiangmai', name: 'Kanya' });
    await page.getByRole('link', { name: 'Names to learn tonight' }).click();
    await page.getByRole('cell', { name: '230' }).waitFor();
    expect(await page.locator('.sheet-page').count()).toBe(2);
    expect(await page.locator('.sheet-page').first().locator('tbody tr').count()).toBe(30);
    expect(await page.locator('.sheet-page').first().innerText()).toContain('Ms. SheetA');
    await expectAccessible(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.top-bar').isVisible()).toBe(false);
    expect(await page.evaluate("getComputedStyle(document.querySelector('.sheet-page')).breakAfter")).toBe('page');
    await page.context().close();
  });

  it('the names sheet says what each guest in house likes', async () => {
    await ensureMrYuInHouse();
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByRole('link', { name: 'Names to learn tonight' }).click();
    const row = page.getByRole('row', { name: /1507/ });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/Mr\. Yu[\s\S]*stays[\s\S]*coffee, 1 egg, 1 sandwich \(W2\)/);
    await page.context().close();
  });

  it('shows an API error next to the field it names and keeps everything typed', async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByLabel('Room', { exact: true }).fill('0801');
    await page.getByLabel('Last name').fill('Srisuk');
    await page.getByLabel('Phone').fill('12345');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    const phoneField = page.locator('.field', { has: page.getByLabel('Phone') });
    await phoneField.locator('.field-error').waitFor();
    await expect(phoneField.locator('.field-error').innerText()).resolves.toMatch(/international/i);
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Srisuk');
    await expect(page.getByLabel('Room', { exact: true }).inputValue()).resolves.toBe('0801');
    await expect(page.getByLabel('Phone').inputValue()).resolves.toBe('12345');
    await expectAccessible(page);
    await page.context().close();
  });

  it('after a 401 mid-form, signing in again keeps the form filled and the check-in goes through', async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await page.getByLabel('Room', { exact: true }).fill('0802');
    await page.getByLabel('Title').fill('Khun');
    await page.getByLabel('Last name').fill('Boonmee');
    // The shift's token expires while the form is being filled.
    const expired = await terminals.system.issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', subject: 'Somchai', expiresIn: -60 });
    await page.evaluate(`sessionStorage.setItem('session:token', ${JSON.stringify(expired)})`);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Your sign-in has expired' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Boonmee');
    await expect(page.getByLabel('Room', { exact: true }).inputValue()).resolves.toBe('0802');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByText('Khun Boonmee is checked in to room 0802.').waitFor();
    await page.context().close();
  });

  it('chooses an outlet when the property has several, and serves the app in Thai on request', async () => {
    const page = await terminals.newPage();
    await signIn(page, terminals.url, { role: 'restaurant', propertyId: 'chiangmai', name: 'Kanya' });
    await page.getByRole('heading', { name: 'Choose your outlet' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Lanna Dining Room (dinner)' }).click();
    await page.getByLabel('Room number').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ไทย' }).click();
    await page.getByLabel('เลขห้อง').waitFor();
    await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('th');
    await expectAccessible(page);
    await page.context().close();
  });
});
