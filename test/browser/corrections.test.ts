/**
 * Corrections at the front desk in Debian's Chromium against the real local runtime: the desk corrects a misspelt
 * surname and email and records consent withdrawn; the card, the search and the history show it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const guest = { title: 'Ms', firstName: 'Clare', lastName: 'Donnely', email: 'clare.donnely@exmaple.com', marketingConsent: true };

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1801', guest } })).status).toBe(202);
  await terminals.settle();
});

afterAll(async () => {
  await terminals?.stop();
});

describe('corrections in a browser', () => {
  it('the desk corrects the surname and email and records consent withdrawn; the card and the history show who did it', async () => {
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill(guest.email);
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Ms\. Donnely/ }).click();
    await desk.locator('.guest-card .salutation').waitFor();

    await desk.getByText('Correct the profile or record consent').click();
    const form = desk.locator('.correction-form');
    await form.getByLabel('Last name', { exact: true }).fill('Donnelly');
    await form.getByLabel('Email', { exact: true }).fill('clare.donnelly@example.com');
    await form.getByLabel(/Agrees to marketing emails/).uncheck();
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await form.getByRole('button', { name: 'Save the correction' }).click();
    await desk.getByText('Correction saved.').waitFor();

    await desk.locator('.guest-card .salutation', { hasText: 'Ms. Donnelly' }).waitFor();
    const card = await desk.locator('.guest-card').innerText();
    expect(card).toContain('clare.donnelly@example.com');
    expect(card).toContain('No emails');
    await desk.getByText('Corrected by Front desk: Last name, Email, Marketing emails').waitFor();
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);

    // The corrected address finds her.
    await desk.getByRole('link', { name: 'Find a guest' }).click();
    await desk.getByLabel('Email, phone or last name').fill('clare.donnelly@example.com');
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: /Ms\. Donnelly/ }).waitFor();
    await desk.context().close();
  });
});
