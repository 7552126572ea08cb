/**
 * A property's top guests by spend, over HTTP against the local runtime: meals with amounts, the daily value-segments
 * job run for a day as its schedule would, the admins' list, and the card's tag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
const guests: { name: string; guestId: string; spend: number }[] = [];
const runAt = new Date('2026-03-01T21:30:00Z'); // 2 March 04:30 in Bangkok
const route = 'GET /v1/properties/{propertyId}/top-guests';

beforeAll(async () => {
  api = await startTestSystem();
  // Ten guests with one stay and one meal each: the top 20% of them are the two who spent the most.
  const spends = [1_200, 9_800, 3_400, 450, 7_700, 2_100, 600, 5_300, 880, 1_500];
  for (const [i, spend] of spends.entries()) {
    const name = `Rank${String.fromCharCode(65 + i)}`;
    const room = `31${String(i).padStart(2, '0')}`;
    const email = `${name.toLowerCase()}@top.example.com`;
    const checkIn = { propertyId: 'bangkok', room, at: '2026-02-20T14:00:00+07:00', guest: { title: 'Ms', lastName: name, email } };
    expect((await api.call('POST', '/v1/check-ins', { body: checkIn })).status).toBe(202);
    await api.settle();
    const meal = { propertyId: 'bangkok', room, outlet: 'terrace', table: 'W2', items: ['1 x coffee'], at: '2026-02-21T19:30:00+07:00', amount: spend };
    expect((await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal })).status).toBe(202);
    await api.settle();
    const found = await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`);
    guests.push({ name, guestId: found.body.guests[0].guestId, spend });
  }
}, 120_000);
afterAll(() => api?.stop());

const byName = (name: string) => guests.find((g) => g.name === name)!.guestId;
const topGuests = (query = '', options: { role?: 'admin' | 'frontdesk'; propertyId?: string } = {}) =>
  api.call('GET', `/v1/properties/bangkok/top-guests${query}`, { role: 'admin', ...options });

describe("a property's top guests", () => {
  it('answers no run before the first one', async () => {
    const answer = await topGuests();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ propertyId: 'bangkok', currency: 'THB', topShare: 0.2, run: null, guests: [], cursor: null });
  });

  it('lists, after the daily run, the top 20% by spend with their evidence, a page at a time, and records the read', async () => {
    const report = (await api.system.runJob('value-segments', runAt, 'bangkok')) as { date: string; population: number; top: number; joined: string[] };
    expect(report).toMatchObject({ date: '2026-03-02', population: 10, top: 2, joined: [byName('RankB'), byName('RankE')].sort() });

    const first = await topGuests('?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.run).toEqual({ date: '2026-03-02', at: runAt.toISOString(), population: 10, withSpend: 10, count: 2 });
    expect(first.body.guests).toEqual([
      {
        rank: 1,
        guestId: byName('RankB'),
        salutation: 'Ms. RankB',
        fullName: 'RankB',
        last12Months: { stays: 1, nights: 0, spend: 9_800 },
        last36Months: { stays: 1, nights: 0, spend: 9_800 },
        activeMonths: 1,
        lastActiveOn: '2026-02-21',
        quintiles: { recency: 5, frequency: 5, spend: 5 },
      },
    ]);
    const second = await topGuests(`?limit=1&cursor=${first.body.cursor}`);
    expect(second.body.guests.map((g: { rank: number; guestId: string }) => [g.rank, g.guestId])).toEqual([[2, byName('RankE')]]);
    expect(second.body.cursor).toBeNull();

    const accesses = await api.call('GET', `/v1/guests/${byName('RankB')}/accesses`, { role: 'admin' });
    expect(accesses.body.accesses.filter((a: { route: string }) => a.route === route)).toHaveLength(1);
    const notShown = await api.call('GET', `/v1/guests/${byName('RankA')}/accesses`, { role: 'admin' });
    expect(notShown.body.accesses.filter((a: { route: string }) => a.route === route)).toEqual([]);
  });

  it('gives the same list when the day is run again', async () => {
    const before = await topGuests();
    const again = (await api.system.runJob('value-segments', runAt, 'bangkok')) as { joined: string[]; left: string[] };
    expect(again).toMatchObject({ joined: [], left: [] });
    expect((await topGuests()).body).toEqual(before.body);
  });

  it("tags the top guest's card at the desk with its evidence, never at the restaurant", async () => {
    const at = encodeURIComponent('2026-03-02T09:00:00+07:00');
    const desk = await api.call('GET', `/v1/guests/${byName('RankB')}/recognition?at=${at}`);
    expect(desk.body.tags).toContainEqual({
      tag: 'top-spend',
      kind: 'automatic',
      evidence: { propertyId: 'bangkok', since: '2026-03-02', spend: 9_800, months: 12, currency: 'THB' },
    });
    const restaurant = await api.call('GET', `/v1/guests/${byName('RankB')}/recognition?at=${at}`, { role: 'restaurant' });
    expect(restaurant.body.tags.map((t: { tag: string }) => t.tag)).not.toContain('top-spend');
    const notTop = await api.call('GET', `/v1/guests/${byName('RankC')}/recognition?at=${at}`);
    expect(notTop.body.tags.map((t: { tag: string }) => t.tag)).not.toContain('top-spend');
    // The visit history staff read does not list the segmentation's entries.
    const history = await api.call('GET', `/v1/guests/${byName('RankB')}/visits`);
    expect(history.body.visits.map((v: { kind: string }) => v.kind)).toEqual(['dining', 'stay']);
  });

  it('refuses the desk, an admin of another property, a property that does not exist and a cursor it did not give', async () => {
    expect((await topGuests('', { role: 'frontdesk' })).status).toBe(403);
    expect((await topGuests('', { propertyId: 'chiangmai' })).status).toBe(403);
    const unknown = await api.call('GET', '/v1/properties/atlantis/top-guests', { role: 'admin' });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.error.fields)).toEqual(['propertyId']);
    const forged = await topGuests(`?cursor=${Buffer.from(JSON.stringify({ propertyId: 'chiangmai', date: '2026-03-02', rank: 1 })).toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(Object.keys(forged.body.error.fields)).toEqual(['query.cursor']);
  });
});
