/** The desk's search by name: every guest of the property with that surname, never another property's. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
  const checkIn = (propertyId: string, room: string, firstName: string, lastName: string, email: string) =>
    api.call('POST', '/v1/check-ins', { propertyId, body: { propertyId, room, guest: { firstName, lastName, email } } });
  await checkIn('bangkok', '301', 'Wei', 'Yu', 'wei.yu@example.com');
  await checkIn('bangkok', '302', 'Ling', 'YU', 'ling.yu@example.com');
  await checkIn('chiangmai', '201', 'Hidden', 'Yu', 'hidden.yu@example.com');
  await checkIn('bangkok', '303', 'Thi', 'Nguyễn', 'thi.nguyen@example.com');
  await api.settle();
});
afterAll(() => api?.stop());

const search = (query: string, propertyId = 'bangkok') => api.call('GET', `/v1/guests?${query}`, { propertyId });

it("finds the property's guests by surname, case folded, sorted by name", async () => {
  const { status, body } = await search('lastName=yu');
  expect(status).toBe(200);
  expect(body.guests.map((g: { fullName: string }) => g.fullName)).toEqual(['Ling YU', 'Wei Yu']);
});

it('folds accents too', async () => {
  expect((await search('lastName=Nguyen')).body.guests.map((g: { fullName: string }) => g.fullName)).toEqual(['Thi Nguyễn']);
});

it("never shows another property's guest", async () => {
  expect((await search('lastName=Yu', 'chiangmai')).body.guests.map((g: { fullName: string }) => g.fullName)).toEqual(['Hidden Yu']);
});

it.each([['lastName=Yu&email=wei.yu%40example.com'], ['lastName='], ['lastName=Y%00u']])('refuses %s, naming the field', async (query) => {
  const answer = await search(query);
  expect(answer.status).toBe(400);
  expect(Object.keys(answer.body.error.fields).every((field) => field.startsWith('query.'))).toBe(true);
});
