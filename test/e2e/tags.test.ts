/** Guest tags over HTTP against the local runtime: set and removed by staff, derived with their evidence, by role. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

async function checkIn(email: string, room: string, at: string): Promise<string> {
  expect(
    (await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at, guest: { title: 'Ms', lastName: 'Tagore', email } } })).status,
  ).toBe(202);
  await api.settle();
  return (await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`)).body.guests[0].guestId as string;
}

const tag = (guestId: string, body: object, role: 'frontdesk' | 'restaurant' | 'floor' = 'frontdesk') =>
  api.call('POST', `/v1/guests/${guestId}/tags`, { role, body });

describe('guest tags', () => {
  it('are set and removed by staff and shown on the restaurant and desk cards with who set them and when', async () => {
    const guestId = await checkIn('tagore.vip@example.com', '2001', '2025-06-07T14:00:00+07:00');
    expect((await tag(guestId, { tag: 'vip', set: true, at: '2025-06-08T09:00:00+07:00' }, 'restaurant')).status).toBe(202);
    expect((await tag(guestId, { tag: 'press', set: true, at: '2025-06-08T09:05:00+07:00' })).status).toBe(202);
    expect((await tag(guestId, { tag: 'press', set: false, at: '2025-06-08T09:10:00+07:00' })).status).toBe(202);
    await api.settle();
    for (const role of ['restaurant', 'frontdesk'] as const) {
      const card = await api.call('GET', `/v1/guests/${guestId}/recognition`, { role });
      expect(card.body.tags).toEqual([{ tag: 'vip', kind: 'staff', evidence: { setAt: '2025-06-08T09:00:00+07:00', setByRole: 'restaurant' } }]);
    }
    expect((await tag(guestId, { tag: 'vip', set: false }, 'floor')).status).toBe(403);
    const history = await api.call('GET', `/v1/guests/${guestId}/visits`);
    expect(history.body.visits.filter((v: { kind: string }) => v.kind === 'tag')).toHaveLength(3);
  });

  it("shows the tags the system derives with their evidence: 'regular' and 'long-absence'", async () => {
    const email = 'tagore.regular@example.com';
    let guestId = '';
    for (const [i, month] of ['2023-10', '2024-03', '2025-09'].entries()) {
      guestId = await checkIn(email, '2002', `${month}-10T14:00:00+07:00`);
      if (i < 2) {
        expect((await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', guestId, at: `${month}-12T11:00:00+07:00` } })).status).toBe(202);
        await api.settle();
      }
    }
    const card = await api.call('GET', `/v1/guests/${guestId}/recognition?at=2025-09-11T08:00:00%2B07:00`, { role: 'restaurant' });
    expect(card.body.tags).toEqual([
      { tag: 'regular', kind: 'automatic', evidence: { stays: 3, months: 24 } },
      { tag: 'long-absence', kind: 'automatic', evidence: { daysAway: 547, lastDepartedOn: '2024-03-12' } },
    ]);
  });

  it('refuse a tag outside the vocabulary, naming the field, and publish nothing', async () => {
    const guestId = await checkIn('tagore.bad@example.com', '2003', '2025-06-07T14:00:00+07:00');
    const before = api.publishedCount();
    const answer = await tag(guestId, { tag: 'celebrity', set: true });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toEqual(['tag']);
    expect(api.publishedCount()).toBe(before);
  });
});
