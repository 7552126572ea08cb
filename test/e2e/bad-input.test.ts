import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '#shared/domain/unsubscribe-token';
import type { Role } from '#shared/http/caller';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let guestId: string;

beforeAll(async () => {
  api = await startTestSystem();
  await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '101', guest: { lastName: 'Known', email: 'known@example.com' } } });
  await api.settle();
  guestId = (await api.call('GET', '/v1/properties/bangkok/rooms/101/recognition')).body.guestId;
});
afterAll(() => api?.stop());

const checkIn = { propertyId: 'bangkok', room: '1203', guest: { lastName: 'Yu' } };
const dining = { propertyId: 'bangkok', outlet: 'terrace', room: '101', table: 'W2', items: ['coffee'] };
const departure = { propertyId: 'bangkok', room: '101' };
const note = { category: 'food', text: 'Bananas only' };

type Case = [name: string, body: unknown, field: string];

/** A POST with the body and content type exactly as given (`call` always sends JSON as application/json). */
async function postRaw(path: string, { role = 'frontdesk', contentType, body }: { role?: Role; contentType?: string; body: string }) {
  const token = await api.system.issuer.signToken({ role, propertyId: 'bangkok' });
  const response = await fetch(`${api.system.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) },
    // Bytes, not a string: fetch would label a string text/plain on its own.
    body: new TextEncoder().encode(body),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const badBodies: Record<string, { path: () => string; role?: 'restaurant'; valid: unknown; cases: Case[] }> = {
  'POST /v1/check-ins': {
    path: () => '/v1/check-ins',
    valid: checkIn,
    cases: [
      ['a missing last name', { ...checkIn, guest: {} }, 'guest.lastName'],
      ['a room of the wrong type', { ...checkIn, room: 1203 }, 'room'],
      ['an unknown field', { ...checkIn, vip: true }, 'vip'],
      ['an unknown guest field', { ...checkIn, guest: { lastName: 'Yu', passport: 'X1' } }, 'guest.passport'],
      ['a time without offset', { ...checkIn, at: '2025-06-08T07:30:00' }, 'at'],
      ['an impossible birth date', { ...checkIn, guest: { lastName: 'Yu', birthDate: '2023-02-29' } }, 'guest.birthDate'],
      ['a bad email', { ...checkIn, guest: { lastName: 'Yu', email: 'not-an-email' } }, 'guest.email'],
      ['a local phone number', { ...checkIn, guest: { lastName: 'Yu', phone: '02 659 9000' } }, 'guest.phone'],
      ['an unknown property', { ...checkIn, propertyId: 'paris' }, 'propertyId'],
      ['a consent that is not a boolean', { ...checkIn, guest: { lastName: 'Yu', marketingConsent: 'yes' } }, 'guest.marketingConsent'],
    ],
  },
  'POST /v1/dining': {
    path: () => '/v1/dining',
    role: 'restaurant',
    valid: dining,
    cases: [
      ['no items', { ...dining, items: [] }, 'items'],
      ['an item of the wrong type', { ...dining, items: [42] }, 'items[0]'],
      ['a quantity of zero', { ...dining, items: [{ name: 'egg', quantity: 0 }] }, 'items[0].quantity'],
      ['a control character in an item', { ...dining, items: ['2 x egg\u0000'] }, 'items[0]'],
      ['neither room nor guest id', { propertyId: 'bangkok', outlet: 'terrace', table: 'W2', items: ['coffee'] }, 'room'],
      ['both room and guest id', { ...dining, guestId: 'g_aaaaaaaaaaaaaaaaaaaaaaaa' }, 'room'],
      ['an unknown outlet', { ...dining, outlet: 'rooftop' }, 'outlet'],
      ['an unknown meal period', { ...dining, mealPeriod: 'brunch' }, 'mealPeriod'],
      ['a bad date', { ...dining, at: '2025-13-01T07:30:00+07:00' }, 'at'],
      ['a missing table', { ...dining, table: undefined }, 'table'],
      ['a party size that is not a whole number', { ...dining, partySize: 1.5 }, 'partySize'],
    ],
  },
  'POST /v1/departures': {
    path: () => '/v1/departures',
    valid: departure,
    cases: [
      ['a missing property', { room: '101' }, 'propertyId'],
      ['a malformed guest id', { propertyId: 'bangkok', guestId: 'guest-1' }, 'guestId'],
      ['an unknown field', { ...departure, bill: 100 }, 'bill'],
    ],
  },
  'POST /v1/guests/{guestId}/notes': {
    path: () => `/v1/guests/${guestId}/notes`,
    role: 'restaurant',
    valid: note,
    cases: [
      ['an unknown category', { ...note, category: 'gossip' }, 'category'],
      ['an empty text', { ...note, text: '   ' }, 'text'],
      ['a text that is too long', { ...note, text: 'x'.repeat(501) }, 'text'],
      ['a control character in the text', { ...note, text: 'Bananas\u0000only' }, 'text'],
      ['an unknown field', { ...note, author: 'me' }, 'author'],
    ],
  },
};

describe('bad input is refused with 400 naming the field, and nothing is published', () => {
  for (const [route, { path, role, valid, cases }] of Object.entries(badBodies)) {
    describe(route, () => {
      it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'application/json; charset=latin1', undefined])(
        'refuses a JSON body sent as %s (415)',
        async (contentType) => {
          const before = api.publishedCount();
          const response = await postRaw(path(), { ...(role ? { role } : {}), ...(contentType ? { contentType } : {}), body: JSON.stringify(valid) });
          expect(response.status).toBe(415);
          expect(response.body.error).toEqual({
            code: 'unsupported_media_type',
            message: expect.any(String),
            fields: { 'headers.content-type': 'must be application/json' },
          });
          expect(api.publishedCount()).toBe(before);
        },
      );

      it.each(cases)('refuses %s', async (_name, body, field) => {
        const before = api.publishedCount();
        const response = await api.call('POST', path(), { ...(role ? { role } : {}), body });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('invalid_input');
        expect(Object.keys(response.body.error.fields)).toContain(field);
        expect(api.publishedCount()).toBe(before);
      });

      it('refuses malformed JSON', async () => {
        const before = api.publishedCount();
        const response = await api.call('POST', path(), { ...(role ? { role } : {}), rawBody: '{"propertyId": "bangkok",' });
        expect(response.status).toBe(400);
        expect(response.body.error.fields).toEqual({ body: 'must be valid JSON' });
        expect(api.publishedCount()).toBe(before);
      });

      it('refuses an oversized body', async () => {
        const before = api.publishedCount();
        const response = await api.call('POST', path(), { ...(role ? { role } : {}), body: { padding: 'x'.repeat(20_000) } });
        expect(response.status).toBe(400);
        expect(Object.keys(response.body.error.fields)).toEqual(['body']);
        expect(api.publishedCount()).toBe(before);
      });

      it('refuses a missing body', async () => {
        const before = api.publishedCount();
        const response = await api.call('POST', path(), { ...(role ? { role } : {}) });
        expect(response.status).toBe(400);
        expect(api.publishedCount()).toBe(before);
      });
    });
  }

  it.each([
    ['check-ins', '/v1/check-ins', undefined, `{"propertyId":"bangkok","room":"1203","guest":{"lastName":"Yu"},"__proto__":{"role":"admin"}}`, '__proto__'],
    [
      'check-ins',
      '/v1/check-ins',
      undefined,
      `{"propertyId":"bangkok","room":"1203","guest":{"lastName":"Yu","constructor":{"name":"x"}}}`,
      'guest.constructor',
    ],
    ['check-ins', '/v1/check-ins', undefined, `{"propertyId":"bangkok","room":"1203","guest":{"lastName":"Yu","__proto__":{}}}`, 'guest.__proto__'],
    [
      'dining',
      '/v1/dining',
      'restaurant',
      `{"propertyId":"bangkok","outlet":"terrace","room":"101","table":"W2","items":[{"name":"egg","toString":"x"}]}`,
      'items[0].toString',
    ],
    ['departures', '/v1/departures', undefined, `{"propertyId":"bangkok","room":"101","hasOwnProperty":true}`, 'hasOwnProperty'],
    ['notes', '/v1/guests/{id}/notes', 'restaurant', `{"category":"food","text":"Bananas","valueOf":1}`, 'valueOf'],
  ] as const)('%s refuses a key every object inherits: %s', async (_route, path, role, body, field) => {
    const before = api.publishedCount();
    const response = await postRaw(path.replace('{id}', guestId), { ...(role ? { role } : {}), contentType: 'application/json', body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(Object.keys(response.body.error.fields)).toContain(field);
    expect(api.publishedCount()).toBe(before);
  });

  it('accepts JSON labelled with its UTF-8 charset', async () => {
    const response = await postRaw(`/v1/guests/${guestId}/notes`, {
      role: 'restaurant',
      contentType: 'application/json; charset=UTF-8',
      body: JSON.stringify({ ...note, text: 'Labelled' }),
    });
    expect(response.status).toBe(202);
    await api.settle();
  });

  it('unsubscribes by a form post or a bodiless one-click, whatever the content type (the body is not read)', async () => {
    const signingKey = readFileSync(join(api.system.dataDir, 'unsubscribe-signing-key'), 'utf8').trim();
    const path = `/v1/unsubscribe?token=${signUnsubscribeToken({ guestId }, signingKey)}`;
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', undefined]) {
      const before = api.publishedCount();
      const response = await fetch(`${api.system.apiUrl}${path}`, {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        body: new TextEncoder().encode('List-Unsubscribe=One-Click'),
      });
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 200 });
      await api.settle();
      expect(api.publishedCount()).toBe(before + 1);
    }
  });

  it.each([
    ['an unknown meal period', '/v1/guests/{id}/recognition?mealPeriod=brunch', 'query.mealPeriod'],
    ['an unknown meal period at an outlet', '/v1/guests/{id}/recognition?outlet=terrace&mealPeriod=brunch', 'query.mealPeriod'],
    ['a meal period the outlet does not serve', '/v1/guests/{id}/recognition?propertyId=chiangmai&outlet=lanna&mealPeriod=breakfast', 'query.mealPeriod'],
    ['an unknown meal period for a room', '/v1/properties/bangkok/rooms/101/recognition?mealPeriod=brunch', 'query.mealPeriod'],
    ['a property id ending in CR LF', '/v1/properties/bangkok%0d%0a/in-house', 'propertyId'],
    ['a property id ending in a space', '/v1/properties/bangkok%20/in-house', 'propertyId'],
    ["a room's property id ending in CR LF", '/v1/properties/bangkok%0d%0a/rooms/101/recognition', 'propertyId'],
    ['a room ending in a space', '/v1/properties/bangkok/rooms/101%20/recognition', 'room'],
    ['a room ending in CR LF', '/v1/properties/bangkok/rooms/101%0d%0a/recognition', 'room'],
    ['a guest id ending in a space', '/v1/guests/{id}%20/recognition', 'guestId'],
    ['a guest id ending in CR LF', '/v1/guests/{id}%0d%0a/recognition', 'guestId'],
    ['a guest id ending in a space, in the history', '/v1/guests/{id}%20/visits', 'guestId'],
    ['an unknown outlet', '/v1/guests/{id}/recognition?outlet=rooftop&propertyId=bangkok', 'query.outlet'],
    ['an unknown query parameter', '/v1/guests/{id}/recognition?colour=red', 'query.colour'],
    ['a query parameter every object inherits', '/v1/guests/{id}/recognition?constructor=x', 'query.constructor'],
    ['another query parameter every object inherits', '/v1/guests/{id}/visits?toString=1', 'query.toString'],
    ['a query parameter named __proto__', '/v1/guests/{id}/recognition?__proto__=x', 'query.__proto__'],
    ['a bad instant', '/v1/guests/{id}/recognition?at=yesterday', 'query.at'],
    ['a malformed guest id', '/v1/guests/not-an-id/recognition', 'guestId'],
    ['an unknown property', '/v1/properties/paris/in-house', 'propertyId'],
    ['a search without email or phone', '/v1/guests', 'query.email'],
    ['a search by a bad email', '/v1/guests?email=nope', 'query.email'],
  ])('GET refuses %s', async (_name, path, field) => {
    const response = await api.call('GET', path.replace('{id}', guestId));
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields)).toContain(field);
  });

  it('refuses a note for a guest id ending in a space or CR LF, publishing nothing', async () => {
    const before = api.publishedCount();
    for (const suffix of ['%20', '%0d%0a']) {
      const response = await api.call('POST', `/v1/guests/${guestId}${suffix}/notes`, { role: 'restaurant', body: note });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.error.fields)).toContain('guestId');
    }
    expect(api.publishedCount()).toBe(before);
  });
});

describe('notes over several lines', () => {
  it('accepts a note with line breaks and shows it as written', async () => {
    const text = 'Ate only the bananas.\nPrefers a high floor.';
    expect((await api.call('POST', `/v1/guests/${guestId}/notes`, { body: { category: 'room', text } })).status).toBe(202);
    await api.settle();
    const card = await api.call('GET', `/v1/guests/${guestId}/recognition`);
    expect(card.body.notes.map((n: { text: string }) => n.text)).toContain(text);
  });
});

describe('times and retries', () => {
  it('refuses a time in the future and a birth date in the future, publishing nothing', async () => {
    const before = api.publishedCount();
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    const late = await api.call('POST', '/v1/dining', { role: 'restaurant', body: { ...dining, at: future } });
    expect(late.status).toBe(400);
    expect(late.body.error.fields).toEqual({ at: 'must not be in the future' });
    const unborn = await api.call('POST', '/v1/check-ins', { body: { ...checkIn, room: '1299', guest: { lastName: 'Yu', birthDate: '2999-01-01' } } });
    expect(unborn.body.error.fields).toEqual({ 'guest.birthDate': 'must not be in the future' });
    expect(api.publishedCount()).toBe(before);
  });

  it("answers 409 to a departure before the stay's check-in", async () => {
    const response = await api.call('POST', '/v1/departures', { body: { ...departure, at: '2000-01-01T10:00:00+07:00' } });
    expect(response.status).toBe(409);
  });

  it('records a request retried with the same eventId once', async () => {
    const body = { ...dining, table: 'R9', eventId: 'terminal-7:order-0001', at: '2025-05-05T12:00:00+07:00' };
    const first = await api.call('POST', '/v1/dining', { role: 'restaurant', body });
    const retry = await api.call('POST', '/v1/dining', { role: 'restaurant', body });
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.body.eventId).toBe('terminal-7:order-0001');
    await api.settle();
    const card = await api.call('GET', `/v1/guests/${guestId}/recognition?outlet=terrace&mealPeriod=lunch`);
    expect(card.body.dining[0].usualTable).toMatchObject({ choice: 'R9', recentVisits: 1 });
  });
});

describe('requests that cannot be served', () => {
  it('names a bad outlet (400) before looking for the guest', async () => {
    const response = await api.call('POST', '/v1/dining', { role: 'restaurant', body: { ...dining, room: '999', outlet: 'rooftop' } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual({ outlet: 'is not an outlet of bangkok' });
  });

  it('answers 404 for dining in a vacant room, and publishes nothing', async () => {
    const before = api.publishedCount();
    const response = await api.call('POST', '/v1/dining', { role: 'restaurant', body: { ...dining, room: '999' } });
    expect(response.status).toBe(404);
    expect(api.publishedCount()).toBe(before);
  });

  it('answers 404 for an unknown guest and for a vacant room', async () => {
    expect((await api.call('GET', '/v1/guests/g_aaaaaaaaaaaaaaaaaaaaaaaa/recognition')).status).toBe(404);
    expect((await api.call('GET', '/v1/properties/bangkok/rooms/999/recognition')).status).toBe(404);
  });

  it('answers 409 when checking a second guest into an occupied room', async () => {
    const response = await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '101', guest: { lastName: 'Other' } } });
    expect(response.status).toBe(409);
  });
});

describe('who may call what', () => {
  it('answers 401 without a token, or with one that is not valid, and 200 for health without one', async () => {
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { token: 'not.a.jwt' })).status).toBe(401);
    const expired = await api.system.issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', expiresIn: -60 });
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { token: expired })).status).toBe(401);
    expect((await api.call('GET', '/v1/health', { token: null })).body).toEqual({ status: 'ok' });
  });

  it('answers 403 to a role the route does not allow, and publishes nothing', async () => {
    const before = api.publishedCount();
    const response = await api.call('POST', '/v1/check-ins', { role: 'restaurant', body: checkIn });
    expect(response.status).toBe(403);
    expect((await api.call('GET', '/v1/guests?email=known%40example.com', { role: 'restaurant' })).status).toBe(403);
    expect(api.publishedCount()).toBe(before);
  });

  it('answers 403 to a token for another property', async () => {
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { propertyId: 'chiangmai' })).status).toBe(403);
    expect((await api.call('POST', '/v1/departures', { propertyId: 'chiangmai', body: departure })).status).toBe(403);
  });

  it('refuses a group-wide or unknown property in the token of anyone but an admin (401)', async () => {
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'restaurant', propertyId: '*' })).status).toBe(401);
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { propertyId: 'paris' })).status).toBe(401);
  });

  it('lets a group-wide admin read any property', async () => {
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'admin' })).status).toBe(200);
  });
});
