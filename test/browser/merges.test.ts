/**
 * Possible duplicates at the front desk in Debian's Chromium against the real local runtime: a guest checks in again
 * giving only the phone of her first stay, so the desk keeps two profiles and lists them; an admin merges the second
 * into the first, sees both stays on the first one's card, and undoes it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const phone = '+66 81 234 5678';
const firstStay = { title: 'Ms', firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.com', phone };
// The same phone and nothing else: a phone alone never names a guest, so this starts a profile of its own.
const secondStay = { title: 'Ms', firstName: 'Anne', lastName: 'Lee', phone };

async function expectAccepted(call: Promise<{ status: number; body: unknown }>): Promise<void> {
  const answer = await call;
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  await terminals.settle();
}

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  await expectAccepted(
    terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1001', at: '2025-05-02T14:00:00+07:00', guest: firstStay } }),
  );
  await expectAccepted(terminals.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '1001', at: '2025-05-04T11:00:00+07:00' } }));
  await expectAccepted(terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1002', guest: secondStay } }));
});

afterAll(async () => {
  await terminals?.stop();
});

async function openDuplicates(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Possible duplicates' }).click();
  await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
}

/** The column of the pair showing this guest, found by the link to their card (a merge may change the names shown). */
function guestColumn(pair: Locator, guestId: string): Locator {
  return pair.locator('.duplicate-guest', { has: pair.page().locator(`a[href="/desk/guests/${guestId}"]`) });
}

describe('possible duplicates in a browser', () => {
  it('is offered to admins only', async () => {
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).waitFor();
    expect(await desk.getByRole('link', { name: 'Possible duplicates' }).count()).toBe(0);
    await desk.context().close();
  });

  it('an admin merges the second profile into the first, sees both stays on the card, and undoes it', async () => {
    const [ann] = (await terminals.call('GET', `/v1/guests?email=${encodeURIComponent(firstStay.email)}`)).body.guests;
    const anne = (await terminals.call('GET', '/v1/properties/bangkok/rooms/1002/recognition')).body;
    expect(ann.guestId).not.toBe(anne.guestId);

    const admin = await terminals.newPage();
    await signIn(admin, terminals.url, { role: 'admin', name: 'Ploy' });
    await admin.getByRole('link', { name: /^Front desk/ }).click();
    await openDuplicates(admin);

    const pair = admin.getByRole('article', { name: 'Same phone +66812345678' });
    await pair.waitFor();
    expect(await pair.innerText()).toContain('The Riverside, Bangkok');
    expect(await guestColumn(pair, ann.guestId).innerText()).toMatch(/Ms\. Lee\s+Ann Lee\s+1 stay/);
    expect(await guestColumn(pair, anne.guestId).innerText()).toMatch(/Ms\. Lee\s+Anne Lee\s+1 stay/);
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);

    // Nothing changes until the admin confirms, and cancelling leaves the pair as it was.
    await pair.getByRole('button', { name: 'Keep Ann Lee, merge Anne Lee into it' }).click();
    const question = pair.getByRole('alertdialog');
    expect(await question.innerText()).toContain('Merge Anne Lee into Ann Lee?');
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(await pair.getByRole('alertdialog').count()).toBe(0);

    await pair.getByRole('button', { name: 'Keep Ann Lee, merge Anne Lee into it' }).click();
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await pair.getByRole('alertdialog').getByRole('button', { name: 'Merge', exact: true }).click();
    await pair.getByRole('button', { name: 'Undo merge' }).waitFor();
    expect(await pair.locator('.duplicate-outcome').innerText()).toMatch(/merged into/);
    expect(await guestColumn(pair, anne.guestId).innerText()).toContain('Merged into');
    expect(await guestColumn(pair, ann.guestId).innerText()).not.toContain('Merged into');
    expect(await pair.getByRole('button', { name: /^Keep / }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);

    // The survivor's card holds both stays.
    await guestColumn(pair, ann.guestId).getByRole('link').click();
    await admin.locator('.guest-card .badges').getByText('2 stays').waitFor();

    await openDuplicates(admin);
    await pair.getByRole('button', { name: 'Undo merge' }).click();
    const undo = pair.getByRole('alertdialog');
    expect(await undo.innerText()).toMatch(/^Undo the merge of .+ into .+\?/);
    await undo.getByRole('button', { name: 'Undo merge' }).click();
    await pair.getByRole('button', { name: 'Keep Ann Lee, merge Anne Lee into it' }).waitFor();
    await pair.getByRole('button', { name: 'Keep Anne Lee, merge Ann Lee into it' }).waitFor();
    expect(await pair.getByText(/merged into/i).count()).toBe(0);

    // Apart again: the first profile has its one stay.
    await guestColumn(pair, ann.guestId).getByRole('link').click();
    await admin.locator('.guest-card .full-name', { hasText: 'Ann Lee' }).waitFor();
    await admin.locator('.guest-card .badges').getByText('1 stay', { exact: true }).waitFor();
    await admin.context().close();
  });
});
