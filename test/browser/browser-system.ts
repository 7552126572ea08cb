/**
 * The staff terminals in a real browser against the real local runtime: builds the app, starts the whole system on
 * free ports serving it, and launches Debian's Chromium through playwright-core. Used by the browser tests and by
 * `npm run screenshots`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalSystem, type LocalSystem } from '#local/system';
import { buildWeb } from '../../web/build.ts';

export const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const quiet = { info: () => {}, error: () => {} };

export interface BrowserSystem {
  readonly system: LocalSystem;
  readonly url: string;
  readonly browser: Browser;
  /** Calls the API as a member of staff of a property (bangkok unless named). */
  call(method: string, path: string, options?: { role?: string; propertyId?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /**
   * A fresh page (its own context: storage, cookies) at 1024x768, the terminals' smallest screen. `liveRelay`: the
   * test points the app at a relay of its own instead of the live channel, which the app's CSP (rightly) refuses, so
   * that page runs without the CSP.
   */
  newPage(options?: { liveRelay?: boolean }): Promise<Page>;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowserSystem({ dynamoDbEndpoint }: { dynamoDbEndpoint?: string } = {}): Promise<BrowserSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guest-recognition-browser-'));
  const web = await buildWeb({ outdir: join(dataDir, 'web') });
  const system = await startLocalSystem({
    httpPort: 0,
    busPort: 0,
    sesPort: 0,
    ...(dynamoDbEndpoint ? { dynamoDbEndpoint } : {}),
    tableName: `browser-${randomBytes(6).toString('hex')}`,
    dataDir,
    staffAppDir: web.outdir,
    retry: { retryAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    log: quiet,
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
  const tokens = new Map<string, Promise<string>>();
  return {
    system,
    url: system.apiUrl,
    browser,
    async call(method, path, { role = 'frontdesk', propertyId = 'bangkok', body } = {}) {
      const key = `${role}:${propertyId}`;
      if (!tokens.has(key)) tokens.set(key, system.issuer.signToken({ role, propertyId }));
      const response = await fetch(`${system.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await tokens.get(key)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async newPage({ liveRelay = false } = {}) {
      const context = await browser.newContext({
        viewport: { width: 1024, height: 768 },
        locale: 'en-GB',
        timezoneId: 'Asia/Bangkok',
        ...(liveRelay ? { bypassCSP: true } : {}),
      });
      return context.newPage();
    },
    settle: () => system.bus.drain(),
    async stop() {
      await browser.close();
      await system.stop();
    },
  };
}

/** Signs in through the local sign-in page, as a member of staff would. */
export async function signIn(
  page: Page,
  url: string,
  { role, propertyId = 'bangkok', name }: { role: string; propertyId?: string; name: string },
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Role').selectOption(role);
  await page.getByLabel('Property').selectOption(propertyId);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The restaurant host Malee signs in and looks up the guest in `room`, as at the door: until their greeting shows. */
export async function openRestaurantGreeting(page: Page, url: string, room: string, salutation: string): Promise<void> {
  await signIn(page, url, { role: 'restaurant', name: 'Malee' });
  await page.getByLabel('Room number').fill(room);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('heading', { name: salutation }).waitFor();
}

/** axe-core's serious and critical findings on the page as it is now (none expected). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** Mr. Yu's first stay, as in the story: June 2025 in 1203, breakfast at W2, then home. */
export const mrYu = {
  email: 'yu.wei@example.com',
  phone: '+852 9123 4567',
  guest: {
    title: 'Mr',
    firstName: 'Wei',
    lastName: 'Yu',
    email: 'yu.wei@example.com',
    phone: '+852 9123 4567',
    birthDate: '1968-11-02',
    language: 'zh-Hant',
    marketingConsent: true,
  },
};

/** Types Mr. Yu's check-in into room 1507 at the desk, without sending it. */
export async function fillMrYuCheckIn(page: Page): Promise<void> {
  await page.getByLabel('Room', { exact: true }).fill('1507');
  await page.getByLabel('Title').fill('Mr');
  await page.getByLabel('First name').fill('Wei');
  await page.getByLabel('Last name').fill('Yu');
  await page.getByLabel('Email', { exact: true }).fill(mrYu.email);
}

/** On the restaurant's greeting for Mr. Yu: chooses breakfast and waits for his usual W2 and order to be offered. */
export async function showMrYuUsualBreakfast(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Breakfast/ }).click();
  await page.getByText('Your usual seat, W2?').waitFor();
  await page.getByText('The same as last time: 1 coffee, 1 egg, 1 sandwich?').waitFor();
}

export async function seedMrYuFirstStay(browserSystem: BrowserSystem): Promise<string> {
  const checkIn = await browserSystem.call('POST', '/v1/check-ins', {
    body: { propertyId: 'bangkok', room: '1203', at: '2025-06-07T14:05:00+07:00', guest: mrYu.guest },
  });
  if (checkIn.status !== 202) throw new Error(`seeding the check-in answered ${checkIn.status}`);
  await browserSystem.settle();
  const dining = await browserSystem.call('POST', '/v1/dining', {
    role: 'restaurant',
    body: {
      propertyId: 'bangkok',
      room: '1203',
      outlet: 'terrace',
      mealPeriod: 'breakfast',
      table: 'W2',
      items: ['1 x sandwich', 'coffee', { name: 'egg', quantity: 1 }],
      partySize: 1,
      amount: 450,
      at: '2025-06-08T07:32:00+07:00',
    },
  });
  if (dining.status !== 202) throw new Error(`seeding the meal answered ${dining.status}`);
  await browserSystem.settle();
  const departure = await browserSystem.call('POST', '/v1/departures', {
    body: { propertyId: 'bangkok', room: '1203', at: '2025-06-09T11:00:00+07:00', nights: 2, roomRevenue: 9000 },
  });
  if (departure.status !== 202) throw new Error(`seeding the departure answered ${departure.status}`);
  await browserSystem.settle();
  return dining.body.guestId as string;
}
