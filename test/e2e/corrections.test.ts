/** Profile corrections and consent at the desk over HTTP against the local runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

async function checkIn(email: string, room: string): Promise<string> {
  const answer = await api.call('POST', '/v1/check-ins', {
    body: {
      propertyId: 'bangkok',
      room,
      at: '2025-06-07T14:00:00+07:00',
      guest: { title: 'Mr', firstName: 'Jon', lastName: 'Smyth', email, marketingConsent: true },
    },
  });
  expect(answer.status).toBe(202);
  await api.settle();
  return (await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`)).body.guests[0].guestId as string;
}

const correct = (guestId: string, body: object, role: 'frontdesk' | 'restaurant' | 'admin' = 'frontdesk', propertyId?: string) =>
  api.call('POST', `/v1/guests/${guestId}/corrections`, { role, ...(propertyId ? { propertyId } : {}), body });

describe('corrections at the front desk', () => {
  it('correct name and contact, shown on the card and the in-house list, each in the history with who and when', async () => {
    const guestId = await checkIn('jon.smyth@example.com', '1701');
    const answer = await correct(guestId, {
      changes: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com', language: 'en' },
      at: '2025-06-08T09:00:00+07:00',
    });
    expect(answer).toMatchObject({ status: 202, body: { eventId: expect.any(String) } });
    await api.settle();

    const card = await api.call('GET', `/v1/guests/${guestId}/recognition`);
    expect(card.body).toMatchObject({ salutation: 'Mr. Smith', fullName: 'John Smith', contact: { email: 'john.smith@example.com', language: 'en' } });
    expect(
      (await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'floor' })).body.guests.find((g: { room: string }) => g.room === '1701'),
    ).toMatchObject({ salutation: 'Mr. Smith' });
    // The corrected email finds the guest; the restaurant never sees it.
    expect((await api.call('GET', '/v1/guests?email=john.smith@example.com')).body.guests[0].guestId).toBe(guestId);
    expect(JSON.stringify((await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' })).body)).not.toContain('john.smith@');

    const history = await api.call('GET', `/v1/guests/${guestId}/visits`);
    expect(history.body.visits[0]).toMatchObject({
      kind: 'correction',
      at: '2025-06-08T09:00:00+07:00',
      propertyId: 'bangkok',
      changes: { lastName: 'Smith' },
      author: { role: 'frontdesk' },
    });
  });

  it('record consent withdrawn and given again at the desk', async () => {
    const guestId = await checkIn('consent.desk@example.com', '1702');
    await correct(guestId, { changes: { marketingConsent: false }, at: '2025-06-08T09:00:00+07:00' });
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.contact.marketingConsent).toBe(false);
    await correct(guestId, { changes: { marketingConsent: true }, at: '2025-06-08T10:00:00+07:00' });
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.contact.marketingConsent).toBe(true);
  });

  it('are for the front desk and admins only, at a property that knows the guest', async () => {
    const guestId = await checkIn('who.corrects@example.com', '1703');
    expect((await correct(guestId, { changes: { title: 'Dr' } }, 'restaurant')).status).toBe(403);
    expect((await correct(guestId, { changes: { title: 'Dr' } }, 'frontdesk', 'chiangmai')).status).toBe(404);
    expect((await correct(guestId, { changes: { title: 'Dr' }, propertyId: 'bangkok' }, 'admin')).status).toBe(202);
  });

  it('refuse bad input, naming the field, and publish nothing', async () => {
    const guestId = await checkIn('bad.fix@example.com', '1704');
    const before = api.publishedCount();
    const bad = await correct(guestId, { changes: { email: 'nope', lastName: null } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['changes.email', 'changes.lastName']);
    expect((await correct(guestId, { changes: {} })).body.error.fields).toHaveProperty('changes');
    expect(api.publishedCount()).toBe(before);
  });
});
