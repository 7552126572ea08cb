/** Allergies and dietary needs over HTTP against the local runtime: recorded, on every card, by role and property, exported and erased. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

async function checkIn(email: string, room: string, propertyId = 'bangkok'): Promise<string> {
  const answer = await api.call('POST', '/v1/check-ins', {
    propertyId,
    body: { propertyId, room, at: '2025-06-07T14:00:00+07:00', guest: { title: 'Ms', lastName: 'Okafor', email } },
  });
  expect(answer.status).toBe(202);
  await api.settle();
  const found = await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`, { propertyId });
  return found.body.guests[0].guestId as string;
}

const needs = (guestId: string, body: object, role: 'frontdesk' | 'restaurant' | 'floor' | 'admin' = 'restaurant', propertyId?: string) =>
  api.call('POST', `/v1/guests/${guestId}/dietary-needs`, { role, ...(propertyId ? { propertyId } : {}), body });

describe('allergies and dietary needs', () => {
  it('are recorded by the restaurant and shown on the restaurant and front-desk cards, never to the floor', async () => {
    const guestId = await checkIn('okafor.allergic@example.com', '1401');
    const recorded = await needs(guestId, {
      allergies: ['egg', 'peanuts'],
      diets: ['halal'],
      other: 'Severe: carries an EpiPen',
      at: '2025-06-08T07:00:00+07:00',
    });
    expect(recorded).toMatchObject({ status: 202, body: { eventId: expect.any(String) } });
    await api.settle();

    const restaurant = await api.call('GET', `/v1/guests/${guestId}/recognition?outlet=terrace`, { role: 'restaurant' });
    expect(restaurant.body.dietaryNeeds).toEqual({
      allergies: ['peanuts', 'egg'],
      diets: ['halal'],
      other: 'Severe: carries an EpiPen',
      recordedAt: '2025-06-08T07:00:00+07:00',
      recordedByRole: 'restaurant',
    });
    const desk = await api.call('GET', `/v1/properties/bangkok/rooms/1401/recognition`, { role: 'frontdesk' });
    expect(desk.body.dietaryNeeds.allergies).toEqual(['peanuts', 'egg']);

    // The floor sees names and rooms only.
    const inHouse = await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'floor' });
    expect(JSON.stringify(inHouse.body)).not.toContain('peanuts');
    expect((await needs(guestId, { allergies: ['egg'], diets: [] }, 'floor')).status).toBe(403);
  });

  it('are replaced whole by a newer statement from the desk, cleared by an empty one, and each statement is in the history with who made it', async () => {
    const guestId = await checkIn('okafor.changes@example.com', '1402');
    await needs(guestId, { allergies: ['gluten'], diets: [], at: '2025-06-08T08:00:00+07:00' });
    await needs(guestId, { allergies: [], diets: ['vegan'], at: '2025-06-08T09:00:00+07:00' }, 'frontdesk');
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' })).body.dietaryNeeds).toMatchObject({
      allergies: [],
      diets: ['vegan'],
      recordedByRole: 'frontdesk',
    });

    await needs(guestId, { allergies: [], diets: [], at: '2025-06-08T10:00:00+07:00' }, 'frontdesk');
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' })).body.dietaryNeeds).toBeNull();
    const history = await api.call('GET', `/v1/guests/${guestId}/visits`);
    expect(
      history.body.visits
        .filter((v: { kind: string }) => v.kind === 'dietary')
        .map((v: { diets: string[]; author: { role: string } }) => [v.diets, v.author.role]),
    ).toEqual([
      [[], 'frontdesk'],
      [['vegan'], 'frontdesk'],
      [[], 'restaurant'],
    ]);
  });

  it('follow the guest to another property of the group, where the guest is known', async () => {
    const guestId = await checkIn('okafor.travels@example.com', '1403');
    await needs(guestId, { allergies: ['shellfish'], diets: [] });
    await api.settle();
    // Not known at Chiang Mai yet: neither the card nor the statement is for its staff.
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant', propertyId: 'chiangmai' })).status).toBe(404);
    expect((await needs(guestId, { allergies: [], diets: [] }, 'restaurant', 'chiangmai')).status).toBe(404);
    await checkIn('okafor.travels@example.com', '201', 'chiangmai');
    const there = await api.call('GET', `/v1/guests/${guestId}/recognition?outlet=garden`, { role: 'restaurant', propertyId: 'chiangmai' });
    expect(there.body.dietaryNeeds.allergies).toEqual(['shellfish']);
  });

  it('refuse an allergen not on the list, naming the field, and publish nothing', async () => {
    const guestId = await checkIn('okafor.badinput@example.com', '1404');
    const before = api.publishedCount();
    const answer = await needs(guestId, { allergies: ['kiwi'], diets: ['paleo'], other: 'a\u202eb' });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields).sort()).toEqual(['allergies[0]', 'diets[0]', 'other']);
    expect((await needs(guestId, { allergies: ['egg'] })).body.error.fields).toHaveProperty('diets');
    expect(api.publishedCount()).toBe(before);
  });

  it('are recorded once when a terminal retries with the same eventId, and a conflict with other content', async () => {
    const guestId = await checkIn('okafor.retry@example.com', '1405');
    const body = { eventId: 'terminal-diet-0001', allergies: ['sesame'], diets: [], at: '2025-06-08T07:00:00+07:00' };
    expect((await needs(guestId, body)).status).toBe(202);
    await api.settle();
    expect((await needs(guestId, body)).status).toBe(202);
    expect((await needs(guestId, { ...body, allergies: ['fish'] })).status).toBe(409);
  });

  it('are part of the export and erased with the guest', async () => {
    const guestId = await checkIn('okafor.erased@example.com', '1406');
    await needs(guestId, { allergies: ['dairy'], diets: ['kosher'], other: 'No milk in the tea' });
    await api.settle();
    const exported = await api.call('GET', `/v1/guests/${guestId}/export`, { role: 'admin' });
    expect(exported.body.profile.dietaryNeeds).toMatchObject({ allergies: ['dairy'], diets: ['kosher'], other: 'No milk in the tea' });
    expect(exported.body.history.some((h: { kind: string }) => h.kind === 'dietary')).toBe(true);
    expect((await api.call('DELETE', `/v1/guests/${guestId}`, { role: 'admin' })).status).toBe(200);
    expect((await api.call('GET', `/v1/guests/${guestId}/export`, { role: 'admin' })).status).toBe(404);
    expect((await needs(guestId, { allergies: ['egg'], diets: [] }, 'frontdesk')).status).toBe(404);
  });
});
