/**
 * "What kept you away?" in Debian's Chromium against the real local runtime: the guest answers on the page the
 * "we miss you" email links to (keyboard-usable, no serious accessibility problems), and the front desk reads the
 * answer on the guest's card.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { readOutbox } from '#local/ses';
import { seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const email = 'kept.away.browser@example.com';

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  const guest = { title: 'Ms', firstName: 'Anna', lastName: 'Faraway', email, marketingConsent: true, language: 'en' };
  expect(
    (await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '2201', at: '2025-03-10T14:00:00+07:00', guest } })).status,
  ).toBe(202);
  await terminals.settle();
  expect((await terminals.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '2201', at: '2025-03-12T11:00:00+07:00' } })).status).toBe(202);
  await terminals.settle();
  await terminals.system.runJob('lapsed-guests', new Date('2026-03-12T02:30:00Z'), 'bangkok');
});

afterAll(async () => {
  await terminals?.stop();
});

describe('"What kept you away?" in a browser', () => {
  it('the guest answers on the linked page, and the front desk reads the answer on the card', async () => {
    const [mail] = (await readOutbox(terminals.system.sesEndpoint)).filter((m) => m.destination.to.some((to) => to.includes(email)));
    const link = /https?:\/\/[^\s"<>]+\/v1\/absence-survey\?token=[\w.-]+/.exec(mail!.body.text!)![0];

    const guestPage = await terminals.newPage();
    await guestPage.goto(link);
    await guestPage.getByRole('heading', { name: 'What kept you away?' }).waitFor();
    expect(await seriousAccessibilityViolations(guestPage)).toEqual([]);
    await guestPage.getByLabel('I stayed elsewhere').check();
    await guestPage.getByLabel(/Anything you would like to add/).fill('closer to the office');
    await guestPage.getByRole('button', { name: 'Send my answer' }).click();
    await guestPage.getByRole('heading', { name: 'Thank you for telling us' }).waitFor();
    await guestPage.context().close();

    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill(email);
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Ms\. Faraway/ }).click();
    const month = new Date().toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });
    await desk.getByRole('heading', { name: 'Why they stayed away' }).waitFor();
    expect(await desk.locator('.absence-answer').textContent()).toBe(`Told us in ${month}: stayed elsewhere — closer to the office`);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    // The summary is for admins: the desk has no such tab.
    expect(await desk.getByRole('link', { name: 'Why guests left' }).count()).toBe(0);
    await desk.context().close();

    const admin = await terminals.newPage();
    await signIn(admin, terminals.url, { role: 'admin', name: 'Malee' });
    await admin.getByRole('link', { name: /^Front desk/ }).click();
    await admin.getByRole('link', { name: 'Why guests left' }).click();
    const row = admin.getByRole('row', { name: new RegExp(`^${month}`) });
    await row.waitFor();
    // Month, then each reason (travels less, stayed elsewhere, the price, a disappointing stay, other), then answers.
    expect(await row.getByRole('cell').allTextContents()).toEqual(['0', '1', '0', '0', '0', '1']);
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await admin.context().close();
  });
});
