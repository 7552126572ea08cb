import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import { localAudience, localIssuer } from '#local/jwt';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diningRecorded, eventSource } from '#shared/events/guest-events';
import { cardFieldsByRole } from '#shared/use-cases/guest-visibility';
import { aDining } from '#test/support/builders';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let guestId: string;

const guest = {
  pmsProfileId: 'PMS-778899',
  title: 'Mr',
  firstName: 'Wei',
  lastName: 'Yu',
  email: 'private.yu@example.com',
  phone: '+85291230000',
  birthDate: '1968-06-20',
  marketingConsent: true,
};
const secrets = [guest.email, guest.phone, '1968', guest.pmsProfileId];

beforeAll(async () => {
  api = await startTestSystem();
  await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5001', at: '2025-06-07T14:00:00+07:00', guest } });
  await api.settle();
  guestId = (await api.call('GET', '/v1/properties/bangkok/rooms/5001/recognition')).body.guestId;
  await api.call('POST', '/v1/dining', {
    role: 'restaurant',
    body: { propertyId: 'bangkok', outlet: 'terrace', room: '5001', table: 'W2', items: ['coffee'], at: '2025-06-08T07:30:00+07:00' },
  });
  await api.call('POST', `/v1/guests/${guestId}/notes`, { role: 'restaurant', body: { category: 'food', text: 'Bananas only' } });
  await api.settle();
});
afterAll(() => api?.stop());

const randomGuestId = () => `g_${randomBytes(18).toString('base64url')}`;

describe('each role sees an explicit allow-list of fields', () => {
  it.each([
    ['restaurant', `/v1/guests/{id}/recognition`],
    ['restaurant', '/v1/properties/bangkok/rooms/5001/recognition?outlet=terrace'],
    ['frontdesk', `/v1/guests/{id}/recognition`],
    ['frontdesk', '/v1/properties/bangkok/rooms/5001/recognition'],
    ['admin', `/v1/guests/{id}/recognition`],
  ] as const)('%s reads exactly its fields from %s', async (role, path) => {
    const response = await api.call('GET', path.replace('{id}', guestId), { role });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([...cardFieldsByRole[role]].sort());
  });

  it('never shows the restaurant an email, phone, birth date or year, or PMS id', async () => {
    for (const path of [`/v1/guests/${guestId}/recognition`, '/v1/properties/bangkok/rooms/5001/recognition', '/v1/properties/bangkok/in-house']) {
      const text = JSON.stringify((await api.call('GET', path, { role: 'restaurant' })).body);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('shows the front desk the contact details and birthday, and the admin the PMS ids too', async () => {
    const desk = (await api.call('GET', `/v1/guests/${guestId}/recognition`)).body;
    expect(desk.contact).toEqual({ email: guest.email, phone: guest.phone, language: null, birthDate: guest.birthDate, marketingConsent: true });
    const admin = (await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'admin' })).body;
    expect(admin.identifiers).toEqual({ pmsProfileIds: ['bangkok:PMS-778899'] });
  });

  it('lists the in-house guests with names and rooms only', async () => {
    const { body } = await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'restaurant' });
    expect(Object.keys(body.guests[0]).sort()).toEqual(['checkedInAt', 'fullName', 'guestId', 'propertyId', 'room', 'salutation']);
  });
});

describe('the search and check-in answers follow the same allow-lists', () => {
  it('shows the front desk a search result with contact details, and the check-in card with its fields', async () => {
    const { body } = await api.call('GET', `/v1/guests?email=${encodeURIComponent(guest.email)}`);
    expect(Object.keys(body.guests[0]).sort()).toEqual(['email', 'fullName', 'guestId', 'inHouse', 'phone', 'salutation', 'stays']);
    const checkIn = await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5001', guest } });
    expect(Object.keys(checkIn.body).sort()).toEqual(['eventId', 'guestId', 'recognition', 'returning']);
    expect(Object.keys(checkIn.body.recognition).sort()).toEqual([...cardFieldsByRole.frontdesk].sort());
  });
});

describe('tokens the API refuses (401)', () => {
  async function signWith(key: Parameters<SignJWT['sign']>[0], kid: string, claims: { iss?: string; aud?: string; exp?: number }) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ role: 'admin', propertyId: '*' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('probe')
      .setIssuer(claims.iss ?? localIssuer)
      .setAudience(claims.aud ?? localAudience)
      .setIssuedAt(now - 60)
      .setExpirationTime(claims.exp ?? now + 600)
      .sign(key);
  }

  it('refuses another issuer, another audience, an expired token, a wrong key and alg none', async () => {
    const privateKey = createPrivateKey(readFileSync(join(api.system.dataDir, 'jwt', 'private.pem'), 'utf8'));
    const kid = await calculateJwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }) as never);
    const valid = await signWith(privateKey, kid, {});
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const [header, payload] = valid.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url')}.${payload}.`;
    const refused = {
      'another issuer': await signWith(privateKey, kid, { iss: 'https://issuer.example.com' }),
      'another audience': await signWith(privateKey, kid, { aud: 'someone-else' }),
      expired: await signWith(privateKey, kid, { exp: Math.floor(Date.now() / 1000) - 5 }),
      'a wrong key': await signWith(intruder, kid, {}),
      'alg none': unsigned,
      'a tampered payload': `${header}.${Buffer.from(JSON.stringify({ role: 'admin', propertyId: '*', iss: localIssuer, aud: localAudience, exp: 9999999999 })).toString('base64url')}.${valid.split('.')[2]}`,
    };
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', { token: valid })).status).toBe(200);
    for (const [what, token] of Object.entries(refused)) {
      expect({ what, status: (await api.call('GET', '/v1/properties/bangkok/in-house', { token })).status }).toEqual({ what, status: 401 });
    }
  });
});

describe('visit history', () => {
  it("pages a guest's history newest first, for the front desk only", async () => {
    // Earlier tests may add to this guest's history; the pages must agree with the whole of it, read at once.
    const whole = (await api.call('GET', `/v1/guests/${guestId}/visits?limit=100`)).body.visits as { kind: string; at: string }[];
    const instants = whole.map((v) => Date.parse(v.at));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
    expect(whole.map((v) => v.kind)).toEqual(expect.arrayContaining(['note', 'dining', 'stay']));
    expect(whole.find((v) => v.kind === 'dining')).toEqual({
      kind: 'dining',
      at: '2025-06-08T07:30:00+07:00',
      propertyId: 'bangkok',
      outlet: 'terrace',
      mealPeriod: 'breakfast',
      table: 'W2',
      items: [{ name: 'coffee', quantity: 1 }],
    });
    const first = await api.call('GET', `/v1/guests/${guestId}/visits?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.visits).toEqual(whole.slice(0, 2));
    const rest = await api.call('GET', `/v1/guests/${guestId}/visits?limit=100&cursor=${first.body.cursor}`);
    expect(rest.body).toEqual({ guestId, visits: whole.slice(2), cursor: null });
    expect((await api.call('GET', `/v1/guests/${guestId}/visits`, { role: 'restaurant' })).status).toBe(403);
    expect((await api.call('GET', `/v1/guests/${guestId}/visits?limit=0`)).body.error.fields).toEqual({
      'query.limit': 'must be a whole number from 1 to 100',
    });
  });
});

/** The month-day (MM-DD) in Bangkok `days` from today. */
function bangkokMonthDay(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(5, 10);
}

/** A birthday far from today; never 29 February, whose 28 February rule is another test's. */
function notTodayMonthDay(): string {
  const monthDay = bangkokMonthDay(100);
  return monthDay === '02-29' ? '03-01' : monthDay;
}

describe('a role that may not see the birth date cannot derive it', () => {
  let notToday: { guestId: string; monthDay: string };
  let today: { guestId: string };

  beforeAll(async () => {
    const monthDay = notTodayMonthDay();
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5301', guest: { lastName: 'Later', birthDate: `1975-${monthDay}` } } });
    await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '5302', guest: { lastName: 'Today', birthDate: `1980-${bangkokMonthDay(0)}` } },
    });
    await api.settle();
    notToday = { guestId: (await api.call('GET', '/v1/properties/bangkok/rooms/5301/recognition')).body.guestId, monthDay };
    today = { guestId: (await api.call('GET', '/v1/properties/bangkok/rooms/5302/recognition')).body.guestId };
  });

  it('tells the restaurant about the birthday of today only, whatever instant it reads the card at', async () => {
    const onTheBirthday = encodeURIComponent(`2024-${notToday.monthDay}T12:00:00+07:00`);
    for (const path of [
      `/v1/guests/${notToday.guestId}/recognition?at=${onTheBirthday}`,
      `/v1/properties/bangkok/rooms/5301/recognition?at=${onTheBirthday}`,
    ]) {
      const restaurant = await api.call('GET', path, { role: 'restaurant' });
      expect(restaurant.status).toBe(200);
      expect(restaurant.body.birthdayToday).toBe(false);
      expect((await api.call('GET', path)).body.birthdayToday).toBe(true);
    }
  });

  it('tells the restaurant when today is the birthday, even reading as of another day', async () => {
    const anotherDay = encodeURIComponent(`2024-${notTodayMonthDay()}T12:00:00+07:00`);
    const restaurant = await api.call('GET', `/v1/guests/${today.guestId}/recognition?at=${anotherDay}`, { role: 'restaurant' });
    expect(restaurant.body.birthdayToday).toBe(true);
    expect((await api.call('GET', `/v1/guests/${today.guestId}/recognition?at=${anotherDay}`)).body.birthdayToday).toBe(false);
  });
});

describe('a guest who stayed at both properties', () => {
  const email = 'traveller@example.com';
  let traveller: string;
  /** Each visit recorded, with the event id and instant its history item is keyed by. */
  const recorded: { propertyId: string; kind: string; at: string; eventId: string }[] = [];

  async function record(kind: string, propertyId: string, role: 'frontdesk' | 'restaurant', path: string, body: Record<string, unknown>) {
    const response = await api.call('POST', path, { role, propertyId, body });
    expect(response.status).toBe(202);
    recorded.push({ propertyId, kind, at: body.at as string, eventId: response.body.eventId });
    await api.settle();
    return response;
  }

  beforeAll(async () => {
    const guest = { lastName: 'Traveller', email };
    await record('stay', 'bangkok', 'frontdesk', '/v1/check-ins', { propertyId: 'bangkok', room: '6001', at: '2025-03-01T14:00:00+07:00', guest });
    traveller = (await api.call('GET', '/v1/properties/bangkok/rooms/6001/recognition')).body.guestId;
    const meal = (propertyId: string, outlet: string, room: string, at: string) => ({ propertyId, outlet, room, table: 'T1', items: ['tea'], at });
    await record('dining', 'bangkok', 'restaurant', '/v1/dining', meal('bangkok', 'terrace', '6001', '2025-03-02T08:00:00+07:00'));
    await record('departure', 'bangkok', 'frontdesk', '/v1/departures', { propertyId: 'bangkok', room: '6001', at: '2025-03-03T11:00:00+07:00' });
    await record('stay', 'chiangmai', 'frontdesk', '/v1/check-ins', { propertyId: 'chiangmai', room: '201', at: '2025-04-01T14:00:00+07:00', guest });
    await record('dining', 'chiangmai', 'restaurant', '/v1/dining', meal('chiangmai', 'garden', '201', '2025-04-02T08:00:00+07:00'));
    await record('note', 'chiangmai', 'restaurant', `/v1/guests/${traveller}/notes`, {
      category: 'food',
      text: 'Northern sausage',
      at: '2025-04-02T09:00:00+07:00',
    });
    await record('departure', 'chiangmai', 'frontdesk', '/v1/departures', { propertyId: 'chiangmai', room: '201', at: '2025-04-03T11:00:00+07:00' });
    await record('stay', 'bangkok', 'frontdesk', '/v1/check-ins', { propertyId: 'bangkok', room: '6002', at: '2025-05-01T14:00:00+07:00', guest });
    await record('dining', 'bangkok', 'restaurant', '/v1/dining', meal('bangkok', 'terrace', '6002', '2025-05-02T08:00:00+07:00'));
    await record('note', 'bangkok', 'restaurant', `/v1/guests/${traveller}/notes`, {
      category: 'food',
      text: 'Tea, no sugar',
      at: '2025-05-02T09:00:00+07:00',
    });
  });

  async function readAllVisits(path: string, options: { role?: 'admin'; propertyId?: string }) {
    const pages: { kind: string; at: string; propertyId: string }[][] = [];
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api.call('GET', `${path}${cursor ? `&cursor=${cursor}` : ''}`, options);
      expect(response.status).toBe(200);
      pages.push(response.body.visits);
      cursor = response.body.cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor && pages.length < 20);
    return { pages, cursors };
  }

  const newestFirst = (visits: typeof recorded) => visits.map((v) => ({ kind: v.kind, at: v.at, propertyId: v.propertyId })).reverse();

  it("shows another property's in-house status in a search only to staff of that property", async () => {
    const search = `/v1/guests?email=${encodeURIComponent(email)}`;
    expect((await api.call('GET', search)).body.guests[0].inHouse).toEqual({ propertyId: 'bangkok', room: '6002' });
    expect((await api.call('GET', search, { role: 'admin' })).body.guests[0].inHouse).toEqual({ propertyId: 'bangkok', room: '6002' });
    const chiangmai = (await api.call('GET', search, { propertyId: 'chiangmai' })).body.guests;
    expect(chiangmai.map((g: { guestId: string }) => g.guestId)).toEqual([traveller]);
    expect(chiangmai[0].inHouse).toBeNull();
  });

  it("fills every page of a property's visit history from its own visits", async () => {
    const { pages, cursors } = await readAllVisits(`/v1/guests/${traveller}/visits?limit=2`, { propertyId: 'bangkok' });
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2]);
    expect(pages.flat().map(({ kind, at, propertyId }) => ({ kind, at, propertyId }))).toEqual(newestFirst(recorded.filter((v) => v.propertyId === 'bangkok')));
    const chiangmaiTimes = recorded.filter((v) => v.propertyId === 'chiangmai').map((v) => new Date(v.at).toISOString());
    for (const cursor of cursors) {
      for (const time of chiangmaiTimes) expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain(time);
    }
  });

  it('shows each property its own visits, and a group-wide admin all of them', async () => {
    const chiangmai = await readAllVisits(`/v1/guests/${traveller}/visits?limit=3`, { propertyId: 'chiangmai' });
    expect(chiangmai.pages.flat().map(({ kind, at, propertyId }) => ({ kind, at, propertyId }))).toEqual(
      newestFirst(recorded.filter((v) => v.propertyId === 'chiangmai')),
    );
    const admin = await readAllVisits(`/v1/guests/${traveller}/visits?limit=4`, { role: 'admin' });
    expect(admin.pages.map((page) => page.length)).toEqual([4, 4, 2]);
    expect(admin.pages.flat().map(({ kind, at, propertyId }) => ({ kind, at, propertyId }))).toEqual(newestFirst(recorded));
  });

  it('refuses (400, query.cursor) a forged, altered or foreign cursor', async () => {
    const path = `/v1/guests/${traveller}/visits?limit=2`;
    const cursorOf = async (guest: string, options: { role?: 'admin'; propertyId?: string }) =>
      (await api.call('GET', `/v1/guests/${guest}/visits?limit=1`, options)).body.cursor as string;
    const chiangmaiStay = recorded.find((v) => v.propertyId === 'chiangmai' && v.kind === 'stay')!;
    const chiangmaiKey = `VISIT#${new Date(chiangmaiStay.at).toISOString()}#stay#${chiangmaiStay.eventId}`;
    const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const bangkokCursor = await cursorOf(traveller, { propertyId: 'bangkok' });
    const forged = {
      'not a cursor at all': 'garbage',
      'characters a cursor never has': encodeURIComponent('a+b/c='),
      "another property's visit, as a raw key": encode(chiangmaiKey),
      "another property's visit, in a forged cursor": encode({ guestId: traveller, sk: chiangmaiKey, propertyId: 'bangkok' }),
      'a key outside the history': encode({ guestId: traveller, sk: 'PROFILE', propertyId: 'bangkok' }),
      'a cut-off cursor': bangkokCursor.slice(0, -4),
      "another property's cursor": await cursorOf(traveller, { propertyId: 'chiangmai' }),
      "a group-wide admin's cursor": await cursorOf(traveller, { role: 'admin' }),
      "another guest's cursor": await cursorOf(guestId, { propertyId: 'bangkok' }),
    };
    expect((await api.call('GET', `${path}&cursor=${bangkokCursor}`)).status).toBe(200);
    for (const [what, cursor] of Object.entries(forged)) {
      const response = await api.call('GET', `${path}&cursor=${cursor}`);
      expect({ what, status: response.status, body: response.body }).toEqual({
        what,
        status: 400,
        body: { error: { code: 'invalid_input', message: expect.any(String), fields: { 'query.cursor': 'must be the cursor of a previous page' } } },
      });
    }
  });
});

describe('a property sees only its own guests', () => {
  it("refuses another property's rooms, in-house list and events (403)", async () => {
    const chiangmai = { propertyId: 'chiangmai' } as const;
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', chiangmai)).status).toBe(403);
    expect((await api.call('GET', '/v1/properties/bangkok/rooms/5001/recognition', chiangmai)).status).toBe(403);
    const before = api.publishedCount();
    const dining = { propertyId: 'bangkok', outlet: 'terrace', room: '5001', table: 'W1', items: ['tea'] };
    expect((await api.call('POST', '/v1/dining', { ...chiangmai, role: 'restaurant', body: dining })).status).toBe(403);
    expect((await api.call('POST', '/v1/departures', { ...chiangmai, body: { propertyId: 'bangkok', room: '5001' } })).status).toBe(403);
    expect(api.publishedCount()).toBe(before);
  });

  it.each(['frontdesk', 'restaurant'] as const)(
    'answers a thousand foreign and random guest ids for a %s at chiangmai exactly like unknown ones',
    async (role) => {
      const ids = [guestId, ...Array.from({ length: 999 }, randomGuestId)];
      const before = api.publishedCount();
      for (let i = 0; i < ids.length; i += 50) {
        const responses = await Promise.all(
          ids
            .slice(i, i + 50)
            .flatMap((id) => [
              api.call('GET', `/v1/guests/${id}/recognition`, { role, propertyId: 'chiangmai' }),
              api.call('POST', `/v1/guests/${id}/notes`, { role, propertyId: 'chiangmai', body: { category: 'other', text: 'probe' } }),
            ]),
        );
        for (const [n, response] of responses.entries()) {
          const id = ids[i + Math.floor(n / 2)]!;
          expect(response.status).toBe(404);
          expect(response.body).toEqual({ error: { code: 'not_found', message: `No guest ${id}` } });
        }
      }
      expect(api.publishedCount()).toBe(before);
    },
  );
});

describe('guest rights', () => {
  it('lets an admin of one property export or erase only guests who stayed there', async () => {
    await api.call('POST', '/v1/check-ins', {
      propertyId: 'chiangmai',
      body: { propertyId: 'chiangmai', room: '101', guest: { lastName: 'Northern', email: 'northern@example.com' } },
    });
    await api.settle();
    const northern = (await api.call('GET', '/v1/properties/chiangmai/rooms/101/recognition', { propertyId: 'chiangmai' })).body.guestId;
    const bangkokAdmin = { role: 'admin', propertyId: 'bangkok' } as const;
    expect((await api.call('GET', `/v1/guests/${northern}/export`, bangkokAdmin)).body).toEqual({
      error: { code: 'not_found', message: `No guest ${northern}` },
    });
    expect((await api.call('DELETE', `/v1/guests/${northern}`, bangkokAdmin)).status).toBe(404);
    expect((await api.call('GET', `/v1/guests/${northern}/export`, { role: 'admin', propertyId: 'chiangmai' })).status).toBe(200);
  });

  it('erases every email a guest ever gave, so an old address later starts exactly one new profile', async () => {
    // The hotel's own profile id recognises the guest whose email changed (a phone alone would start a new profile).
    await api.call('POST', '/v1/check-ins', {
      body: {
        propertyId: 'bangkok',
        room: '5101',
        at: '2025-01-01T14:00:00+07:00',
        guest: { pmsProfileId: 'PMS-MOVER', lastName: 'Mover', email: 'old.address@example.com' },
      },
    });
    await api.settle();
    await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '5101', at: '2025-01-02T11:00:00+07:00' } });
    await api.call('POST', '/v1/check-ins', {
      body: {
        propertyId: 'bangkok',
        room: '5102',
        at: '2025-02-01T14:00:00+07:00',
        guest: { pmsProfileId: 'PMS-MOVER', lastName: 'Mover', email: 'new.address@example.com' },
      },
    });
    await api.settle();
    const id = (await api.call('GET', '/v1/properties/bangkok/rooms/5102/recognition')).body.guestId;
    expect((await api.call('GET', '/v1/guests?email=old.address%40example.com')).body.guests.map((g: { guestId: string }) => g.guestId)).toEqual([id]);

    const erased = await api.call('DELETE', `/v1/guests/${id}`, { role: 'admin' });
    expect(erased.body.erased.identityKeys).toBe(3);
    expect((await api.call('GET', '/v1/guests?email=old.address%40example.com')).body.guests).toEqual([]);

    const returning = { lastName: 'Mover', email: 'old.address@example.com' };
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5103', guest: returning } });
    await api.settle();
    await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '5103' } });
    await api.settle();
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5104', guest: returning } });
    await api.settle();
    const found = (await api.call('GET', '/v1/guests?email=old.address%40example.com')).body.guests;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ stays: 2 });
    expect(found[0].guestId).not.toBe(id);
  });

  it('lets only an admin export or erase', async () => {
    for (const role of ['frontdesk', 'restaurant'] as const) {
      expect((await api.call('GET', `/v1/guests/${guestId}/export`, { role })).status).toBe(403);
      expect((await api.call('DELETE', `/v1/guests/${guestId}`, { role })).status).toBe(403);
    }
  });

  it('exports everything stored about a guest, then erases it so nothing can be read, found or emailed', async () => {
    const email = 'erase.me@example.com';
    await api.call('POST', '/v1/check-ins', {
      body: {
        propertyId: 'bangkok',
        room: '5002',
        at: '2025-07-01T14:00:00+07:00',
        guest: { lastName: 'Erased', email, birthDate: '1970-07-05', marketingConsent: true },
      },
    });
    await api.settle();
    const id = (await api.call('GET', '/v1/properties/bangkok/rooms/5002/recognition')).body.guestId;
    await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '5002', at: '2025-07-03T11:00:00+07:00' } });
    await api.settle();
    await api.system.runJob('birthday-greetings', new Date('2025-07-05T02:00:00Z'), 'bangkok');

    const exported = await api.call('GET', `/v1/guests/${id}/export`, { role: 'admin' });
    expect(exported.status).toBe(200);
    expect(exported.body.profile).toMatchObject({ guestId: id, email, lastName: 'Erased' });
    expect(exported.body.history.map((h: { kind: string }) => h.kind).sort()).toEqual(['departure', 'stay']);
    expect(exported.body.sendLedger).toEqual([expect.objectContaining({ campaign: 'birthday-greetings', period: '2025', status: 'sent' })]);
    expect(exported.body.identityKeys).toEqual([{ kind: 'email', value: email }]);

    const erased = await api.call('DELETE', `/v1/guests/${id}`, { role: 'admin' });
    expect(erased.status).toBe(200);
    // The profile: the card, and its value item at the property (a copy of its months, for the daily segmentation).
    expect(erased.body.erased).toEqual({ profile: 2, history: 2, sendLedger: 1, identityKeys: 1, inHouse: 0, possibleDuplicates: 0, reservations: 0 });

    expect((await api.call('GET', `/v1/guests/${id}/recognition`, { role: 'admin' })).status).toBe(404);
    expect((await api.call('GET', `/v1/guests/${id}/export`, { role: 'admin' })).status).toBe(404);
    expect((await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`)).body.guests).toEqual([]);
    const job = (await api.system.runJob('birthday-greetings', new Date('2026-07-05T02:00:00Z'), 'bangkok')) as {
      sent: { guestId: string }[];
      skipped: { guestId: string }[];
    };
    expect([...job.sent, ...job.skipped].map((g) => g.guestId)).not.toContain(id);

    // A late event for the erased guest is discarded, not applied.
    const bus = new EventBridgeClient({ endpoint: api.system.busEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'pos', secretAccessKey: 'pos' } });
    await bus.send(
      new PutEventsCommand({
        Entries: [{ Source: eventSource, DetailType: diningRecorded.detailType, Detail: JSON.stringify(aDining(id)), EventBusName: api.system.eventBusName }],
      }),
    );
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${id}/recognition`, { role: 'admin' })).status).toBe(404);

    // The same email later starts a new profile.
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '5003', guest: { lastName: 'Erased', email } } });
    await api.settle();
    const again = (await api.call('GET', '/v1/properties/bangkok/rooms/5003/recognition')).body;
    expect(again.guestId).not.toBe(id);
    expect(again.stays.count).toBe(1);
  });
});
