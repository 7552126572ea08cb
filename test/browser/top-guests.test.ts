/**
 * The admins' "Top guests" view in Debian's Chromium against the real local runtime: after the daily run, an admin
 * sees the property's top guest by spend with the figures it rests on, and opens their card, which carries the tag.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { seriousAccessibilityViolations, signIn, startBrowserSystem, type BrowserSystem } from './browser-system.ts';

// A whole story in a real browser on two busy cores: a limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let terminals: BrowserSystem;
const runAt = new Date();
const day = (daysAgo: number) => new Date(runAt.getTime() - daysAgo * 86_400_000).toISOString();
const runDate = runAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });

/** Chromium writes "THB 9,800" with a no-break space. */
const withPlainSpaces = (text: string) => text.replace(/\u00a0/g, ' ');

beforeAll(async () => {
  terminals = await startBrowserSystem({ dynamoDbEndpoint: inject('dynamoDbEndpoint') });
  // Five guests with a meal each: the top 20% is the one who spent the most.
  for (const [i, [lastName, amount]] of (
    [
      ['Spendwell', 9_800],
      ['Modest', 1_200],
      ['Thrifty', 300],
      ['Average', 2_400],
      ['Frugal', 650],
    ] as const
  ).entries()) {
    const room = `41${i}`;
    const guest = { title: 'Ms', lastName, email: `${lastName.toLowerCase()}@top.example.com` };
    expect((await terminals.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at: day(3), guest } })).status).toBe(202);
    await terminals.settle();
    const meal = { propertyId: 'bangkok', room, outlet: 'terrace', table: 'W2', items: ['1 x coffee'], at: day(2), amount };
    expect((await terminals.call('POST', '/v1/dining', { role: 'restaurant', body: meal })).status).toBe(202);
    await terminals.settle();
  }
  await terminals.system.runJob('value-segments', runAt, 'bangkok');
});

afterAll(async () => {
  await terminals?.stop();
});

describe('top guests in a browser', () => {
  it('an admin sees the top guest by spend with its evidence and opens the card, tagged', async () => {
    const admin = await terminals.newPage();
    await signIn(admin, terminals.url, { role: 'admin', name: 'Malee' });
    await admin.getByRole('link', { name: /^Front desk/ }).click();
    await admin.getByRole('link', { name: 'Top guests' }).click();
    const row = admin.getByRole('row', { name: /Ms\. Spendwell/ });
    await row.waitFor();
    expect(await admin.locator('table.top-guests caption').textContent()).toBe(`1 of 5 guests with spend, ranked on ${runDate}`);
    // Rank, then spend over 12 and 36 months, stays and nights, the scores, when last seen.
    expect((await row.getByRole('cell').allTextContents()).map(withPlainSpaces)).toEqual([
      '1',
      'THB 9,800',
      'THB 9,800',
      'stays 1, nights 0',
      'R5 F5 S5',
      new Date(day(2)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' }),
    ]);
    expect(await admin.getByRole('row', { name: /Ms\. Modest/ }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);

    await row.getByRole('link', { name: 'Ms. Spendwell' }).click();
    const tags = admin.locator('.guest-card').getByRole('list', { name: 'Tags' });
    await tags.waitFor();
    expect(withPlainSpaces(await tags.innerText())).toContain(`Top 20% by spend: THB 9,800 in the last 12 months; in the top since ${runDate}`);
    await admin.context().close();
  });

  it('the front desk has no Top guests tab', async () => {
    const desk = await terminals.newPage();
    await signIn(desk, terminals.url, { role: 'frontdesk', name: 'Somchai' });
    await desk.getByRole('link', { name: 'Find a guest' }).waitFor();
    expect(await desk.getByRole('link', { name: 'Top guests' }).count()).toBe(0);
    await desk.context().close();
  });
});
