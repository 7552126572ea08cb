/** What a guest is worth, over HTTP against the local runtime: amounts on meals and departures, and the card's figures by role. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

async function checkIn(email: string, room: string, at: string): Promise<string> {
  expect(
    (await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at, guest: { title: 'Mr', lastName: 'Pareto', email } } })).status,
  ).toBe(202);
  await api.settle();
  return (await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`)).body.guests[0].guestId as string;
}

describe('what a guest is worth', () => {
  it('shows the desk stays, nights and spend over 12 and 36 months from the PMS and the POS, never the restaurant', async () => {
    const email = 'pareto.value@example.com';
    let guestId = await checkIn(email, '2201', '2023-09-10T14:00:00+07:00');
    const departure = { propertyId: 'bangkok', guestId, at: '2023-09-12T11:00:00+07:00', nights: 2, roomRevenue: 8400, currency: 'THB' };
    expect((await api.call('POST', '/v1/departures', { body: departure })).status).toBe(202);
    await api.settle();
    guestId = await checkIn(email, '2201', '2025-06-07T14:00:00+07:00');
    const meal = { propertyId: 'bangkok', room: '2201', outlet: 'terrace', table: 'W2', items: ['1 x coffee'], at: '2025-06-08T07:30:00+07:00', amount: 310.5 };
    expect((await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal })).status).toBe(202);
    await api.settle();

    const at = encodeURIComponent('2025-06-08T09:00:00+07:00');
    const desk = await api.call('GET', `/v1/guests/${guestId}/recognition?at=${at}`);
    expect(desk.body.value).toEqual([
      {
        propertyId: 'bangkok',
        currency: 'THB',
        last12Months: { stays: 1, nights: 0, spend: 310.5 },
        last36Months: { stays: 2, nights: 2, spend: 8710.5 },
      },
    ]);
    const restaurant = await api.call('GET', `/v1/guests/${guestId}/recognition?at=${at}`, { role: 'restaurant' });
    expect(restaurant.status).toBe(200);
    expect(restaurant.body).not.toHaveProperty('value');
    const history = await api.call('GET', `/v1/guests/${guestId}/visits`);
    const kinds = history.body.visits.map((v: { kind: string; amount?: number; roomRevenue?: number }) => [v.kind, v.amount ?? v.roomRevenue ?? null]);
    expect(kinds).toContainEqual(['dining', 310.5]);
    expect(kinds).toContainEqual(['departure', 8400]);
  });

  it('refuses an amount that is negative, has a third decimal or is in another currency, naming the field, and publishes nothing', async () => {
    const guestId = await checkIn('pareto.bad@example.com', '2202', '2025-06-07T14:00:00+07:00');
    const before = api.publishedCount();
    const meal = { propertyId: 'bangkok', guestId, outlet: 'terrace', table: 'W2', items: ['egg'] };
    for (const [body, field] of [
      [{ ...meal, amount: -5 }, 'amount'],
      [{ ...meal, amount: 5.125 }, 'amount'],
      [{ ...meal, amount: 5, currency: 'USD' }, 'currency'],
    ] as const) {
      const answer = await api.call('POST', '/v1/dining', { role: 'restaurant', body });
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.error.fields)).toEqual([field]);
    }
    const departure = await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', guestId, nights: -1 } });
    expect(departure.status).toBe(400);
    expect(Object.keys(departure.body.error.fields)).toEqual(['nights']);
    expect(api.publishedCount()).toBe(before);
  });
});
