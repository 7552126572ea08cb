/** Walk-in diners: named like a guest at check-in, recognised at their next visit, over HTTP against the local runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

const walkIn = { title: 'Ms', firstName: 'Anong', lastName: 'Srisuk', email: 'anong.walkin@example.com' };
const meal = (overrides: object = {}) => ({
  propertyId: 'bangkok',
  outlet: 'terrace',
  table: 'T4',
  items: ['1 x pad thai', '1 x lime soda'],
  at: '2025-06-08T19:30:00+07:00',
  diner: walkIn,
  ...overrides,
});
const lookup = (query: Record<string, string>, role: 'restaurant' | 'frontdesk' = 'restaurant') =>
  api.call('GET', `/v1/diners?${new URLSearchParams(query)}`, { role });

describe('a walk-in diner', () => {
  it('is unknown at a first visit, recorded, and recognised with the usual at the next', async () => {
    expect((await lookup({ lastName: 'Srisuk', email: walkIn.email })).status).toBe(404);
    const first = await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal() });
    expect(first).toMatchObject({ status: 202, body: { guestId: null } });
    await api.settle();

    const card = await lookup({ lastName: 'SRISUK', email: ' Anong.Walkin@example.com ' });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ salutation: 'Ms. Srisuk', status: 'walk-in', stays: { count: 0, firstStayOn: null }, inHouse: null });
    expect(card.body.dining[0]).toMatchObject({ outlet: 'terrace', mealPeriod: 'dinner', usualTable: { choice: 'T4' } });
    // The restaurant never sees contact details, even those it typed.
    expect(JSON.stringify(card.body)).not.toContain('anong.walkin');

    const second = await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal({ at: '2025-07-08T19:30:00+07:00' }) });
    expect(second.body.guestId).toBe(card.body.guestId);
    await api.settle();
    const again = await lookup({ lastName: 'Srisuk', email: walkIn.email });
    expect(again.body.dining[0].usualTable).toMatchObject({ choice: 'T4', timesChosen: 2 });
  });

  it('becomes a hotel guest when checking in with the same email and surname', async () => {
    const known = (await lookup({ lastName: 'Srisuk', email: walkIn.email })).body.guestId;
    const checkIn = await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '808', guest: { lastName: 'Srisuk', email: walkIn.email } },
    });
    expect(checkIn.body).toMatchObject({ guestId: known, returning: true });
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${known}/recognition`)).body).toMatchObject({ status: 'first-stay', inHouse: { room: '808' } });
  });

  it('is not found by another surname, nor by a phone alone', async () => {
    await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal({ diner: { lastName: 'Phone', phone: '+66 81 999 0000' } }) });
    await api.settle();
    expect((await lookup({ lastName: 'Other', email: walkIn.email })).status).toBe(404);
    expect((await lookup({ lastName: 'Phone', phone: '+66819990000' })).status).toBe(404);
  });

  it.each([
    ['no email or phone', { diner: { lastName: 'Nobody' } }, 'diner.email'],
    ['a diner and a room', { room: '808' }, 'room'],
    ['an email the mailer could not send to', { diner: { lastName: 'Bad', email: 'bad@localhost' } }, 'diner.email'],
    ['an unknown diner field', { diner: { ...walkIn, vip: true } }, 'diner.vip'],
  ])('refuses a meal with %s, naming the field, and publishes nothing', async (_what, overrides, field) => {
    const published = api.publishedCount();
    const answer = await api.call('POST', '/v1/dining', { role: 'restaurant', body: meal(overrides) });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toContain(field);
    expect(api.publishedCount()).toBe(published);
  });

  it("may not be looked up at another property's outlet", async () => {
    expect(
      (await api.call('GET', `/v1/diners?${new URLSearchParams({ propertyId: 'chiangmai', lastName: 'Srisuk', email: walkIn.email })}`, { role: 'restaurant' }))
        .status,
    ).toBe(403);
  });
});
