/**
 * Arrivals, the names to learn tonight: the PMS publishes reservations on the local bus, the front desk reads
 * tomorrow's list with the cards of the guests we know, and a check-in closes a reservation. Over HTTP, against the
 * local runtime.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalDate } from '#shared/domain/dates';
import { eventSource, reservationCancelled, reservationConfirmed, type EventDefinition } from '#shared/events/guest-events';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = () => toLocalDate(new Date(), 'Asia/Bangkok');
const tomorrow = () => dayAfter(today(), 1);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function publish(definition: EventDefinition, detail: object): Promise<void> {
  const bus = new EventBridgeClient({ endpoint: api.system.busEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'pms', secretAccessKey: 'pms' } });
  await bus.send(
    new PutEventsCommand({
      Entries: [{ Source: eventSource, DetailType: definition.detailType, Detail: JSON.stringify(detail), EventBusName: api.system.eventBusName }],
    }),
  );
}

const confirmation = (reservationId: string, guest: object, overrides: object = {}) => ({
  eventId: `pms-${reservationId}-1`,
  propertyId: 'bangkok',
  at: minutesAgo(60),
  reservationId,
  arrivalDate: tomorrow(),
  departureDate: dayAfter(tomorrow(), 3),
  roomType: 'Deluxe river view',
  guest,
  ...overrides,
});

const lam = { title: 'Mr', firstName: 'Kwok', lastName: 'Lam', email: 'kwok.lam@example.com' };
const novak = { title: 'Ms', firstName: 'Petra', lastName: 'Novak', email: 'petra.novak@example.com', phone: '+420 601 234 567' };
const arrivals = async (query = '', role: 'frontdesk' | 'admin' = 'frontdesk') =>
  api.call('GET', `/v1/arrivals${query}`, { role, ...(role === 'admin' ? { propertyId: 'bangkok' } : {}) });

describe("tomorrow's arrivals", () => {
  it('lists what the PMS confirmed for tomorrow, with the card of a guest we know and the name as reserved of one we do not', async () => {
    // Mr. Lam stayed once before.
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1203', at: '2025-06-07T14:00:00+07:00', guest: lam } });
    await api.settle();
    const lamId = (await api.call('GET', '/v1/guests?email=kwok.lam%40example.com')).body.guests[0].guestId;
    await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', guestId: lamId, at: '2025-06-09T11:00:00+07:00' } });

    await publish(reservationConfirmed, confirmation('R-LAM', { ...lam, email: 'Kwok.Lam@Example.com' }));
    await publish(reservationConfirmed, confirmation('R-NOVAK', novak));
    // A cancellation that reaches us before its confirmation: the reservation ends cancelled all the same.
    await publish(reservationCancelled, { eventId: 'pms-R-GONE-2', propertyId: 'bangkok', at: minutesAgo(10), reservationId: 'R-GONE' });
    await publish(reservationConfirmed, confirmation('R-GONE', { lastName: 'Gone', email: 'gone@example.com' }));
    // Re-sent with changes: the newer confirmation wins (arriving the day after, so not tomorrow).
    await publish(reservationConfirmed, confirmation('R-MOVED', { lastName: 'Moved', email: 'moved@example.com' }));
    await publish(
      reservationConfirmed,
      confirmation(
        'R-MOVED',
        { lastName: 'Moved', email: 'moved@example.com' },
        { eventId: 'pms-R-MOVED-2', at: minutesAgo(5), arrivalDate: dayAfter(tomorrow(), 1) },
      ),
    );
    await api.settle();

    const list = await arrivals();
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ propertyId: 'bangkok', date: tomorrow() });
    expect(list.body.arrivals.map((a: { reservationId: string }) => a.reservationId)).toEqual(['R-LAM', 'R-NOVAK']);
    const [known, stranger] = list.body.arrivals;
    expect(known).toMatchObject({ status: 'expected', salutation: 'Mr. Lam', guestId: lamId, room: null, roomType: 'Deluxe river view' });
    expect(known.recognition).toMatchObject({ guestId: lamId, salutation: 'Mr. Lam', stays: { count: 1 }, contact: { email: 'kwok.lam@example.com' } });
    expect(stranger).toMatchObject({
      status: 'expected',
      salutation: 'Ms. Novak',
      fullName: 'Petra Novak',
      guestId: null,
      recognition: null,
      guest: { email: 'petra.novak@example.com', phone: '+420 601 234 567' },
    });
    // A reservation creates no guest.
    expect((await api.call('GET', '/v1/guests?email=petra.novak%40example.com')).body.guests).toEqual([]);
    // The PMS's profile id is not the front desk's to see.
    expect(JSON.stringify(list.body)).not.toContain('pmsProfileId');

    expect((await arrivals(`?date=${dayAfter(tomorrow(), 1)}`)).body.arrivals.map((a: { reservationId: string }) => a.reservationId)).toEqual(['R-MOVED']);

    // The card the list showed is a read of Mr. Lam, on record; a guest we do not know is no one's read.
    const accesses = (await api.call('GET', `/v1/guests/${lamId}/accesses`, { role: 'admin' })).body.accesses;
    expect(accesses.map((a: { route: string }) => a.route)).toContain('GET /v1/arrivals');
  });

  it('shows a reservation as arrived, in its room, once a check-in names it, and a known guest checked in without naming it too', async () => {
    const checkIn = await api.call('POST', '/v1/check-ins', {
      body: {
        propertyId: 'bangkok',
        room: '1507',
        reservationId: 'R-NOVAK',
        guest: { title: 'Ms', lastName: 'Novak', firstName: 'Petra', email: 'petra.novak@example.com' },
      },
    });
    expect(checkIn.status).toBe(202);
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '1203', guest: lam } });
    await api.settle();
    const list = (await arrivals()).body.arrivals;
    expect(list.map((a: { reservationId: string; status: string; room: string | null }) => [a.reservationId, a.status, a.room])).toEqual([
      ['R-LAM', 'arrived', '1203'],
      ['R-NOVAK', 'arrived', '1507'],
    ]);
    // She is a guest now: her card comes with the arrival.
    expect(list[1].recognition).toMatchObject({ salutation: 'Ms. Novak', inHouse: { room: '1507' } });
  });

  it("is the front desk's and the admins', for their own property only", async () => {
    expect((await api.call('GET', '/v1/arrivals', { role: 'restaurant' })).status).toBe(403);
    expect((await api.call('GET', '/v1/arrivals', { role: 'floor' })).status).toBe(403);
    expect((await api.call('GET', '/v1/arrivals?propertyId=bangkok', { propertyId: 'chiangmai' })).status).toBe(403);
    expect((await api.call('GET', '/v1/arrivals', { propertyId: 'chiangmai' })).body.arrivals).toEqual([]);
    expect((await api.call('GET', '/v1/arrivals', { role: 'admin' })).status).toBe(400);
    expect((await api.call('GET', '/v1/arrivals?propertyId=bangkok', { role: 'admin' })).body.arrivals).toHaveLength(2);
  });

  it.each([
    ['a date that is not one', '?date=2031-02-30', 'query.date'],
    ['an unknown property', '?propertyId=paris', 'query.propertyId'],
    ['an unknown parameter', '?day=tomorrow', 'query.day'],
  ])('refuses %s, naming the field', async (_what, query, field) => {
    const answer = await arrivals(query);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toContain(field);
  });

  it("parks a PMS's reservation that fails its contract, naming the field, and lists nothing", async () => {
    await publish(reservationConfirmed, confirmation('R-BACKWARDS', { lastName: 'Backwards', email: 'backwards@example.com' }, { departureDate: today() }));
    await api.settle();
    const letters = readFileSync(join(api.system.dataDir, 'dead-letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(letters.at(-1)).toMatchObject({ functionName: 'record-reservation-confirmed', error: expect.stringContaining('detail.departureDate') });
    expect((await arrivals()).body.arrivals.map((a: { reservationId: string }) => a.reservationId)).not.toContain('R-BACKWARDS');
  });

  it("exports a known guest's reservation and erases it with them", async () => {
    const lamId = (await api.call('GET', '/v1/guests?email=kwok.lam%40example.com')).body.guests[0].guestId;
    const exported = await api.call('GET', `/v1/guests/${lamId}/export`, { role: 'admin' });
    expect(exported.body.reservations).toEqual([expect.objectContaining({ reservationId: 'R-LAM' })]);
    const erased = await api.call('DELETE', `/v1/guests/${lamId}`, { role: 'admin' });
    expect(erased.body.erased.reservations).toBe(1);
    expect((await arrivals()).body.arrivals.map((a: { reservationId: string }) => a.reservationId)).toEqual(['R-NOVAK']);
  });
});

describe('reservations posted by a PMS that cannot publish', () => {
  const postedAt = minutesAgo(30);
  const posted = (overrides: object = {}) => ({
    eventId: 'pms-post-R-POST-1',
    propertyId: 'bangkok',
    at: postedAt,
    reservationId: 'R-POST',
    arrivalDate: dayAfter(tomorrow(), 5),
    departureDate: dayAfter(tomorrow(), 7),
    guest: { title: 'Dr', lastName: 'Okafor', email: 'okafor@example.com' },
    ...overrides,
  });
  const listedOn = async (date: string) =>
    (await arrivals(`?date=${date}`)).body.arrivals.map((a: { reservationId: string; salutation: string }) => `${a.reservationId} ${a.salutation}`);

  it('lists a reservation posted over HTTP, accepts its retry once, and refuses its event id for other content', async () => {
    const first = await api.call('POST', '/v1/reservations', { body: posted() });
    expect(first).toMatchObject({ status: 202, body: { eventId: 'pms-post-R-POST-1' } });
    await api.settle();
    const published = api.publishedCount();
    expect((await api.call('POST', '/v1/reservations', { body: posted() })).status).toBe(202);
    expect(api.publishedCount()).toBe(published);
    expect(await listedOn(dayAfter(tomorrow(), 5))).toEqual(['R-POST Dr. Okafor']);
    expect((await api.call('POST', '/v1/reservations', { body: posted({ roomType: 'Suite' }) })).status).toBe(409);
  });

  it('takes it off the list once cancelled over HTTP', async () => {
    const cancelled = await api.call('POST', '/v1/reservations/R-POST/cancellation', { body: { eventId: 'pms-post-R-POST-2', propertyId: 'bangkok' } });
    expect(cancelled.status).toBe(202);
    await api.settle();
    expect(await listedOn(dayAfter(tomorrow(), 5))).toEqual([]);
  });

  it.each([
    ['a departure before the arrival', { departureDate: dayAfter(tomorrow(), 4) }, 'departureDate'],
    ['no surname', { guest: { email: 'nameless@example.com' } }, 'guest.lastName'],
    ['a reservation id with a space', { reservationId: 'R 1' }, 'reservationId'],
    ['an unknown field', { nights: 2 }, 'nights'],
  ])('refuses %s, naming the field, and publishes nothing', async (_what, overrides, field) => {
    const published = api.publishedCount();
    const answer = await api.call('POST', '/v1/reservations', { body: posted({ eventId: `pms-bad-${field}`, ...overrides }) });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toContain(field);
    expect(api.publishedCount()).toBe(published);
  });

  it("refuses the restaurant and another property's desk", async () => {
    expect((await api.call('POST', '/v1/reservations', { role: 'restaurant', body: posted({ eventId: 'pms-post-other-1' }) })).status).toBe(403);
    expect((await api.call('POST', '/v1/reservations', { propertyId: 'chiangmai', body: posted({ eventId: 'pms-post-other-2' }) })).status).toBe(403);
  });
});
