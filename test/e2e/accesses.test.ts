/** Who looked at which guest (case 7): reads and erasures are recorded, and admins list them per guest and per staff member. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#shared/http/caller';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let yu: string;
let ling: string;

/** A token for a named staff member, as the local sign-in gives one. */
const staffToken = (role: Role, subject: string, propertyId = 'bangkok') => api.system.issuer.signToken({ role, propertyId, subject });
const as = async (role: Role, subject: string, propertyId = 'bangkok') => ({ role, propertyId, token: await staffToken(role, subject, propertyId) });

const guestAccesses = (guestId: string, query = '') => api.call('GET', `/v1/guests/${guestId}/accesses${query}`, { role: 'admin' });
const staffAccesses = (subject: string, query = '') => api.call('GET', `/v1/staff/${encodeURIComponent(subject)}/accesses${query}`, { role: 'admin' });

beforeAll(async () => {
  api = await startTestSystem();
  const checkIn = (room: string, firstName: string, email: string) =>
    api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, guest: { title: 'Mr', firstName, lastName: 'Kowalczyk', email } } });
  await checkIn('7101', 'Piotr', 'piotr.k@example.com');
  await checkIn('7102', 'Ling', 'ling.k@example.com');
  await api.settle();
  const found = (await api.call('GET', '/v1/guests?lastName=Kowalczyk', await as('frontdesk', 'setup-desk'))).body.guests;
  yu = found.find((g: { fullName: string }) => g.fullName === 'Piotr Kowalczyk').guestId;
  ling = found.find((g: { fullName: string }) => g.fullName === 'Ling Kowalczyk').guestId;
});
afterAll(() => api?.stop());

describe('reads by the front desk and the restaurant', () => {
  beforeAll(async () => {
    const desk = await as('frontdesk', 'Anna K');
    const host = await as('restaurant', 'host-ben');
    expect((await api.call('GET', `/v1/guests/${yu}/recognition`, desk)).status).toBe(200);
    expect((await api.call('GET', `/v1/guests/${yu}/visits`, desk)).status).toBe(200);
    expect((await api.call('GET', '/v1/properties/bangkok/rooms/7101/recognition?outlet=terrace', host)).status).toBe(200);
  });

  it('lists them for the admin per guest, newest first: who, role, property, route, when', async () => {
    const { status, body } = await guestAccesses(yu);
    expect(status).toBe(200);
    expect(body.guestId).toBe(yu);
    const reads = body.accesses.filter((a: { subject: string }) => a.subject !== 'setup-desk');
    expect(reads.map((a: { route: string; role: string; subject: string }) => [a.route, a.role, a.subject])).toEqual([
      ['GET /v1/properties/{propertyId}/rooms/{room}/recognition', 'restaurant', 'host-ben'],
      ['GET /v1/guests/{guestId}/visits', 'frontdesk', 'Anna K'],
      ['GET /v1/guests/{guestId}/recognition', 'frontdesk', 'Anna K'],
    ]);
    for (const access of body.accesses) {
      expect(access).toMatchObject({ guestId: yu, propertyId: 'bangkok' });
      expect(Date.now() - Date.parse(access.at)).toBeGreaterThanOrEqual(0);
    }
    const times = body.accesses.map((a: { at: string }) => a.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('lists them for the admin per staff member; a card read by room names the guest in that room', async () => {
    const { status, body } = await staffAccesses('host-ben');
    expect(status).toBe(200);
    expect(body.subject).toBe('host-ben');
    expect(body.accesses).toEqual([
      expect.objectContaining({ guestId: yu, role: 'restaurant', route: 'GET /v1/properties/{propertyId}/rooms/{room}/recognition' }),
    ]);
    expect((await staffAccesses('Anna K')).body.accesses.map((a: { guestId: string }) => a.guestId)).toEqual([yu, yu]);
  });

  it('records a search once for each guest it shows', async () => {
    const body = (await staffAccesses('setup-desk')).body;
    expect(body.accesses.map((a: { guestId: string }) => a.guestId).sort()).toEqual([yu, ling].sort());
    expect(body.accesses.every((a: { route: string }) => a.route === 'GET /v1/guests')).toBe(true);
  });

  it('pages with an opaque cursor that continues only the list it came from', async () => {
    const first = await guestAccesses(yu, '?limit=1');
    expect(first.body.accesses).toHaveLength(1);
    const second = await guestAccesses(yu, `?limit=1&cursor=${first.body.cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.accesses[0].at <= first.body.accesses[0].at).toBe(true);
    expect(second.body.accesses[0].accessId).not.toBe(first.body.accesses[0].accessId);
    const foreign = await guestAccesses(ling, `?limit=1&cursor=${first.body.cursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toEqual({ 'query.cursor': 'must be the cursor of a previous page' });
    expect((await staffAccesses('host-ben', `?cursor=${first.body.cursor}`)).status).toBe(400);
  });

  it('shows an admin of another property none of them', async () => {
    const { status, body } = await api.call('GET', `/v1/guests/${yu}/accesses`, { role: 'admin', propertyId: 'chiangmai' });
    expect(status).toBe(200);
    expect(body.accesses).toEqual([]);
  });
});

describe('a check-in', () => {
  it("records the returning guest's card it answers with, and nothing for a first stay", async () => {
    const checkIn = async (subject: string) =>
      api.call('POST', '/v1/check-ins', {
        ...(await as('frontdesk', subject)),
        body: { propertyId: 'bangkok', room: '7103', guest: { title: 'Ms', firstName: 'Mara', lastName: 'Kowalczyk', email: 'mara.k@example.com' } },
      });
    expect((await checkIn('desk-first')).body.returning).toBe(false);
    await api.settle();
    expect((await staffAccesses('desk-first')).body.accesses).toEqual([]);
    expect((await api.call('POST', '/v1/departures', { ...(await as('frontdesk', 'desk-first')), body: { propertyId: 'bangkok', room: '7103' } })).status).toBe(
      202,
    );
    await api.settle();

    const again = await checkIn('desk-again');
    expect(again.body.returning).toBe(true);
    expect((await staffAccesses('desk-again')).body.accesses).toEqual([expect.objectContaining({ guestId: again.body.guestId, route: 'POST /v1/check-ins' })]);
  });
});

describe('what is not a read of a guest', () => {
  it('does not record the in-house list, names and rooms only, as a read of each guest', async () => {
    const floor = await as('floor', 'floor-12');
    expect((await api.call('GET', '/v1/properties/bangkok/in-house', floor)).status).toBe(200);
    expect((await staffAccesses('floor-12')).body.accesses).toEqual([]);
  });

  it('does not record a refused read', async () => {
    const stranger = await as('frontdesk', 'stranger', 'chiangmai');
    expect((await api.call('GET', `/v1/guests/${yu}/recognition`, stranger)).status).toBe(404);
    expect((await staffAccesses('stranger')).body.accesses).toEqual([]);
  });
});

describe('who may list, and what they must give', () => {
  it.each(['frontdesk', 'restaurant', 'floor'] as const)('refuses the %s role (403)', async (role) => {
    expect((await api.call('GET', `/v1/guests/${yu}/accesses`, { role })).status).toBe(403);
    expect((await api.call('GET', '/v1/staff/host-ben/accesses', { role })).status).toBe(403);
  });

  it.each([
    ['a subject with a control character', '/v1/staff/host%01ben/accesses', 'subject'],
    ['a subject with a leading space', '/v1/staff/%20host-ben/accesses', 'subject'],
    ['an over-long subject', `/v1/staff/${'x'.repeat(201)}/accesses`, 'subject'],
    ['a malformed guest id', '/v1/guests/not-a-guest/accesses', 'guestId'],
    ['a forged cursor', '/v1/staff/host-ben/accesses?cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['a cursor with other characters', '/v1/staff/host-ben/accesses?cursor=a%2Bb', 'query.cursor'],
    ['a limit of 0', `/v1/guests/g_${'a'.repeat(24)}/accesses?limit=0`, 'query.limit'],
    ['an unknown parameter', '/v1/staff/host-ben/accesses?since=2026-01-01', 'query.since'],
  ])('refuses %s with a 400 naming the field', async (_case, path, field) => {
    const { status, body } = await api.call('GET', path, { role: 'admin' });
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });
});

describe('export and erasure', () => {
  it("includes the guest's accesses in the export, the export itself among them", async () => {
    const admin = await as('admin', 'dpo-maria', '*');
    const { status, body } = await api.call('GET', `/v1/guests/${yu}/export`, admin);
    expect(status).toBe(200);
    expect(body.accesses[0]).toMatchObject({ guestId: yu, role: 'admin', subject: 'dpo-maria', propertyId: '*', route: 'GET /v1/guests/{guestId}/export' });
    expect(body.accesses.map((a: { subject: string }) => a.subject)).toEqual(expect.arrayContaining(['host-ben', 'Anna K']));
  });

  it('records the erasure, and keeps the record of who looked after the guest is gone', async () => {
    const desk = await as('frontdesk', 'desk-before-erasure');
    expect((await api.call('GET', `/v1/guests/${ling}/recognition`, desk)).status).toBe(200);
    const admin = await as('admin', 'dpo-maria', '*');
    expect((await api.call('DELETE', `/v1/guests/${ling}`, admin)).status).toBe(200);
    expect((await api.call('GET', `/v1/guests/${ling}/recognition`, { role: 'admin' })).status).toBe(404);

    const { body } = await guestAccesses(ling);
    expect(body.accesses[0]).toMatchObject({ guestId: ling, route: 'DELETE /v1/guests/{guestId}', role: 'admin', subject: 'dpo-maria' });
    expect(body.accesses.map((a: { subject: string }) => a.subject)).toContain('desk-before-erasure');
    // Nothing personal about the guest in what is kept: ids, roles, routes, times.
    expect(JSON.stringify(body)).not.toMatch(/Ling|Kowalczyk|ling\.k@/);
  });
});
