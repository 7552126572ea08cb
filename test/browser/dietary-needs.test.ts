/**
 * Allergies and dietary needs in Debian's Chromium against the real local runtime: the restaurant records an egg
 * allergy, sees it first on the card, is warned when the usual breakfast names egg and must confirm before saving;
 * the front desk sees it on the card and in the history; the floor never does.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { openRestaurantGreeting, seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const guest = { title: 'Mr', firstName: 'Kofi', lastName: 'Mensah', email: 'kofi.mensah.browser@example.com' };

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1601', guest } })).status).toBe(202);
  await terminals.settle();
  const breakfast = { propertyId: 'bangkok', room: '1601', outlet: 'terrace', mealPeriod: 'breakfast', table: 'B5', items: ['1 x toast', '2 x fried egg'] };
  expect((await terminals.call('POST', '/v1/dining', { role: 'restaurant', body: breakfast })).status).toBe(202);
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

describe('allergies and dietary needs in a browser', () => {
  it('the restaurant records an egg allergy, sees it first, and must confirm a breakfast that names egg before it is saved', async () => {
    const page = await terminals.newPage();
    await openRestaurantGreeting(page, terminals.url, '1601', 'Mr. Mensah');
    expect(await page.locator('.dietary-alert').count()).toBe(0);

    await page.getByText('Record allergies and dietary needs').click();
    await page.getByRole('checkbox', { name: 'Egg' }).check();
    await page.getByRole('checkbox', { name: 'Halal' }).check();
    await page.getByLabel(/Anything else/).fill('Severe: carries an EpiPen');
    await page.getByRole('button', { name: 'Save allergies and diet' }).click();
    await page.getByText('Allergies and diet saved.').waitFor();
    const alert = page.getByRole('region', { name: 'Allergies and dietary needs' });
    await alert.waitFor();
    expect((await alert.innerText()).split(/\n+/)).toEqual(['Allergies: Egg', 'Diet: Halal', 'Severe: carries an EpiPen']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Breakfast/ }).click();
    // The meal entry says it too, before anything is typed.
    expect(await page.locator('.meal .meal-allergies').innerText()).toBe('Allergies: Egg');
    await page.getByRole('button', { name: 'The same as last time' }).click();
    const warning = page.locator('.allergen-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('“fried egg”: Egg');
    // The item's row names the allergen too.
    expect(await page.getByRole('listitem').filter({ hasText: 'fried egg' }).locator('.badge.allergen').innerText()).toBe('Egg');
    expect(await page.getByRole('button', { name: 'Record the meal', exact: true }).isDisabled()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Taking the egg off the order takes the warning away; putting it back asks again.
    await page.getByRole('button', { name: 'Remove fried egg' }).click();
    expect(await warning.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record the meal', exact: true }).isDisabled()).toBe(false);
    await page.getByLabel('Add an item').fill('Eggs Benedict');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await page.locator('.allergen-warning').innerText()).toContain('“Eggs Benedict”: Egg');
    await page.getByRole('button', { name: 'Checked: record the meal' }).click();
    await page.getByRole('button', { name: 'Record the meal', exact: true }).click();
    await page.getByText('Meal recorded for Mr. Mensah.').waitFor();
    await page.context().close();
  });

  it('the front desk sees the allergy on the card and who stated it in the history; the floor never sees it', async () => {
    await terminals.settle();
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill(guest.email);
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Mr\. Mensah/ }).click();
    await desk.getByRole('region', { name: 'Allergies and dietary needs' }).waitFor();
    expect(await desk.locator('.guest-card .dietary-alert').innerText()).toContain('Allergies: Egg');
    await desk.getByText('Allergies and diet stated: Egg, Halal').waitFor();
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.context().close();

    const floor = await terminals.newPage();
    await signIn(floor, terminals.url, { role: 'floor', name: 'Niran' });
    await floor.getByRole('heading', { name: 'Choose your floors' }).waitFor();
    await floor.getByRole('button', { name: 'Floor 16', exact: true }).click();
    await floor.getByText('Mr. Mensah').first().waitFor();
    const html = await floor.content();
    for (const secret of ['EpiPen', 'Halal', 'Allergies']) expect(html).not.toContain(secret);
    await floor.context().close();
  });
});
