/** The floor staff: the names and rooms of the guests in house, and nothing else. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let guestId: string;
beforeAll(async () => {
  api = await startTestSystem();
  await api.call('POST', '/v1/check-ins', {
    body: {
      propertyId: 'bangkok',
      room: '1203',
      guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: 'floor.yu@example.com', phone: '+852 9123 0000' },
    },
  });
  await api.settle();
  guestId = (await api.call('GET', '/v1/properties/bangkok/rooms/1203/recognition')).body.guestId;
});
afterAll(() => api?.stop());

it('lists the guests in house by name and room, without the time of their stay', async () => {
  const { status, body } = await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'floor' });
  expect(status).toBe(200);
  expect(body.guests).toEqual([{ propertyId: 'bangkok', room: '1203', guestId, salutation: 'Mr. Yu', fullName: 'Wei Yu' }]);
});

it.each([
  ['GET', '/v1/properties/bangkok/rooms/1203/recognition'],
  ['GET', '/v1/guests/{id}/recognition'],
  ['GET', '/v1/guests/{id}/visits'],
  ['GET', '/v1/guests?email=floor.yu%40example.com'],
  ['POST', '/v1/guests/{id}/notes'],
  ['POST', '/v1/dining'],
  ['POST', '/v1/check-ins'],
  ['POST', '/v1/departures'],
])('may not %s %s', async (method, path) => {
  const body = method === 'POST' ? {} : undefined;
  const { status } = await api.call(method, path.replace('{id}', guestId), { role: 'floor', body });
  expect(status).toBe(403);
});

it("may not list another property's guests", async () => {
  expect((await api.call('GET', '/v1/properties/chiangmai/in-house', { role: 'floor' })).status).toBe(403);
});
