/** Reservations carry names and contacts: nothing about them is logged, on the bus, over HTTP or on error. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toLocalDate } from '#shared/domain/dates';
import { startTestSystem, type TestSystem } from './local-system.ts';

/** Every line anything in this process logs: the functions, the local gateway and the bus. */
const logged: string[] = [];
const capture = (...parts: unknown[]) =>
  logged.push(parts.map((p) => (p instanceof Error ? `${p.message} ${p.stack}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' '));

let api: TestSystem;

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => capture(String(chunk)) > 0) as typeof stream.write);
  }
  api = await startTestSystem({ log: { info: capture, error: capture } });
});
afterAll(async () => {
  await api?.stop();
  vi.restoreAllMocks();
});

const seeded = { firstName: 'Wiroj', lastName: 'Chaiyaporn', email: 'wiroj.chaiyaporn@example.com', phone: '+66819876543' };
const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('logs never contain personal data', () => {
  it('logs no name, email or phone of a reservation through its story, its errors included', async () => {
    const tomorrow = dayAfter(toLocalDate(new Date(), 'Asia/Bangkok'), 1);
    const reservation = {
      eventId: 'pms-logs-1',
      propertyId: 'bangkok',
      reservationId: 'R-LOGS',
      arrivalDate: tomorrow,
      departureDate: dayAfter(tomorrow, 2),
      guest: { title: 'Mr', ...seeded },
    };
    expect((await api.call('POST', '/v1/reservations', { body: reservation })).status).toBe(202);
    // Bad input carrying the data back in: the error names fields, never values.
    await api.call('POST', '/v1/reservations', {
      body: { ...reservation, eventId: 'pms-logs-2', departureDate: '2000-01-01', guest: { ...reservation.guest, email: `${seeded.email}x@` } },
    });
    await api.call('POST', '/v1/reservations', { body: { ...reservation, roomType: 'Suite' } });
    await api.settle();
    expect((await api.call('GET', '/v1/arrivals')).body.arrivals).toHaveLength(1);
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '7101', reservationId: 'R-LOGS', guest: { title: 'Mr', ...seeded } } });
    await api.settle();
    await api.call('POST', '/v1/reservations/R-LOGS/cancellation', { body: { propertyId: 'bangkok' } });
    await api.settle();

    const everything = logged.join('\n').toLowerCase();
    expect(everything).toContain('"message":"event handled"');
    expect(everything).toContain('reservationconfirmed');
    for (const value of Object.values(seeded)) expect(everything).not.toContain(value.toLowerCase());
  });
});
