import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

/** Every line anything in this process logs: the functions, the local gateway and the bus. */
const logged: string[] = [];
const capture = (...parts: unknown[]) =>
  logged.push(parts.map((p) => (p instanceof Error ? `${p.message} ${p.stack}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' '));

let api: TestSystem;

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
  // Powertools Logger and Metrics write through a console of their own, straight to the process's streams.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => capture(String(chunk)) > 0) as typeof stream.write);
  }
  api = await startTestSystem({ log: { info: capture, error: capture } });
});
afterAll(async () => {
  await api?.stop();
  vi.restoreAllMocks();
});

const seeded = {
  firstName: 'Thongchai',
  lastName: 'Srisawat',
  email: 'thongchai.srisawat@example.com',
  phone: '+66812345678',
  birthDate: '1961-12-04',
};

describe('logs never contain personal data', () => {
  it('logs no email, phone, birth date or name through a whole story, its errors included', async () => {
    const guest = { title: 'Mr', ...seeded, marketingConsent: true };
    await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '7001', at: '2025-12-01T14:00:00+07:00', guest } });
    await api.settle();
    const { body: card } = await api.call('GET', '/v1/properties/bangkok/rooms/7001/recognition');
    await api.call('POST', '/v1/dining', {
      role: 'restaurant',
      body: { propertyId: 'bangkok', outlet: 'terrace', room: '7001', table: 'W2', items: ['2 x egg'] },
    });
    await api.call('POST', `/v1/guests/${card.guestId}/notes`, {
      body: { category: 'celebration', text: `${seeded.firstName} celebrates on ${seeded.birthDate}` },
    });
    // Bad input carrying the personal data back in: the error names fields, never values.
    await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '7002', guest: { ...guest, email: `${seeded.email}x@`, phone: seeded.phone.slice(0, 5), birthDate: '1961-13-04' } },
    });
    await api.call('POST', '/v1/check-ins', { rawBody: `{"guest": {"lastName": "${seeded.lastName}"` });
    await api.call('GET', `/v1/guests?email=${encodeURIComponent(seeded.email)}`);
    await api.call('GET', `/v1/guests?phone=${encodeURIComponent(seeded.phone)}`);
    await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '7001', at: '2025-12-03T11:00:00+07:00' } });
    await api.settle();
    await api.system.runJob('birthday-greetings', new Date('2026-12-04T02:00:00Z'), 'bangkok');
    await api.call('GET', `/v1/guests/${card.guestId}/export`, { role: 'admin' });
    await api.call('DELETE', `/v1/guests/${card.guestId}`, { role: 'admin' });

    const everything = logged.join('\n').toLowerCase();
    // The capture sees the gateway's request lines and the functions' own logs.
    expect(everything).toContain(`/v1/guests/${card.guestId.toLowerCase()}/notes`);
    expect(everything).toContain('"message":"event handled"');
    for (const value of Object.values(seeded)) expect(everything).not.toContain(value.toLowerCase());
  });
});
