/**
 * Notes edited and deleted in Debian's Chromium against the real local runtime: the restaurant edits its own note and
 * deletes it; the front desk is offered no change to a restaurant's note, and reads both changes in the history.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { openRestaurantGreeting, seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
let guestId: string;
const guest = { title: 'Ms', firstName: 'Nora', lastName: 'Notes', email: 'nora.notes@example.com' };

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '2301', guest } })).status).toBe(202);
  await terminals.settle();
  guestId = (await terminals.call('GET', `/v1/guests?email=${guest.email}`)).body.guests[0].guestId;
  expect(
    (await terminals.call('POST', `/v1/guests/${guestId}/notes`, { role: 'restaurant', body: { category: 'food', text: 'Likes the corner tabel' } })).status,
  ).toBe(202);
  expect(
    (await terminals.call('POST', `/v1/guests/${guestId}/notes`, { role: 'restaurant', body: { category: 'drink', text: 'Green tea, no sugar' } })).status,
  ).toBe(202);
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

describe('notes edited and deleted in a browser', () => {
  it('the restaurant corrects its own note and deletes another; the desk cannot change them and reads who did in the history', async () => {
    const page = await terminals.newPage();
    await openRestaurantGreeting(page, terminals.url, '2301', 'Ms. Notes');
    await page.getByRole('button', { name: 'Edit the note “Likes the corner tabel”' }).click();
    await page.getByLabel('The note, corrected').fill('Likes the corner table');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator('.note-edit').getByRole('button', { name: 'Save the note' }).click();
    await page.locator('.notes li', { hasText: 'Likes the corner table' }).waitFor();
    await page.getByText(/edited by Restaurant/).waitFor();
    await page.getByRole('button', { name: 'Delete the note “Green tea, no sugar”' }).click();
    await page.locator('.notes li', { hasText: 'Green tea, no sugar' }).waitFor({ state: 'detached' });
    await page.context().close();

    await terminals.settle();
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill(guest.email);
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Ms\. Notes/ }).click();
    await desk.locator('.notes li', { hasText: 'Likes the corner table' }).waitFor();
    expect(await desk.getByRole('button', { name: /^Edit the note/ }).count()).toBe(0);
    await desk.getByText('Note edited by Restaurant: “Likes the corner table”').waitFor();
    await desk.getByText('Note deleted by Restaurant').waitFor();
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.context().close();
  });
});
