/**
 * Tags in Debian's Chromium against the real local runtime: the restaurant sets VIP with one tap and sees who set it;
 * the desk sees it and the derived "Regular" tag with its evidence, and who changed what in the history.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { openRestaurantGreeting, seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const guest = { title: 'Mr', firstName: 'Ravi', lastName: 'Tagger', email: 'ravi.tagger@example.com' };

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  // Two stays in the last months and a third now: a regular.
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  for (const [arrived, left] of [
    [300, 298],
    [120, 118],
  ] as const) {
    expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '2101', at: day(arrived), guest } })).status).toBe(202);
    await terminals.settle();
    expect((await terminals.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '2101', at: day(left) } })).status).toBe(202);
    await terminals.settle();
  }
  expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '2101', at: day(1), guest } })).status).toBe(202);
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

describe('tags in a browser', () => {
  it('the restaurant sets VIP with one tap; the desk sees it and the derived Regular tag, each with its evidence', async () => {
    const page = await terminals.newPage();
    await openRestaurantGreeting(page, terminals.url, '2101', 'Mr. Tagger');
    const tags = page.getByRole('list', { name: 'Tags' });
    expect(await tags.innerText()).toContain('Regular: 3 stays in 24 months');
    await page.getByRole('group', { name: 'Set or remove a tag' }).getByRole('button', { name: 'VIP' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: /^VIP: set by Restaurant/ })
      .waitFor();
    expect(await page.getByRole('button', { name: 'VIP' }).getAttribute('aria-pressed')).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.context().close();

    await terminals.settle();
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill(guest.email);
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Mr\. Tagger/ }).click();
    const deskTags = desk.locator('.guest-card').getByRole('list', { name: 'Tags' });
    await deskTags.waitFor();
    expect(await deskTags.innerText()).toMatch(/VIP: set by Restaurant[\s\S]*Regular: 3 stays in 24 months/);
    await desk.getByText('VIP set by Restaurant').waitFor();
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.context().close();
  });
});
