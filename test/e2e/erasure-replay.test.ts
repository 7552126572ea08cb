/**
 * Forgetting is permanent, end to end: a check-in that dead-lettered before the guest was erased is redriven after
 * the erasure, and nothing of the guest comes back.
 */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventSource, guestCheckedIn } from '#shared/events/guest-events';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

it('discards a redriven check-in from before the erasure, so the guest is not recreated', async () => {
  const guest = { title: 'Ms', lastName: 'Forget', email: 'forget.redrive@example.com', phone: '+66 81 555 0101' };
  await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room: '610', at: '2025-06-07T14:00:00+07:00', guest } });
  await api.settle();
  const [found] = (await api.call('GET', `/v1/guests?email=${encodeURIComponent(guest.email)}`)).body.guests;

  // The same guest's check-in at Chiang Mai, a day later, never made it: the bus parked it as a dead letter.
  const parked = {
    version: '0',
    id: randomUUID(),
    'detail-type': guestCheckedIn.detailType,
    source: eventSource,
    account: '000000000000',
    time: '2025-06-08T07:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventId: 'parked-check-in-1', propertyId: 'chiangmai', at: '2025-06-08T14:00:00+07:00', room: '201', guest },
  };
  appendFileSync(
    join(api.system.dataDir, 'dead-letters.jsonl'),
    `${JSON.stringify({ event: parked, functionName: 'record-check-in', error: 'stopped', attempts: 3, failedAt: new Date().toISOString() })}\n`,
  );

  expect((await api.call('DELETE', `/v1/guests/${found.guestId}`, { role: 'admin' })).status).toBe(200);
  const report = await api.system.bus.redrive();
  await api.settle();

  // Handled (as discarded), so it leaves the dead letters.
  expect(report).toEqual({ succeeded: 1, failed: [] });
  expect((await api.call('GET', `/v1/guests?email=${encodeURIComponent(guest.email)}`)).body.guests).toEqual([]);
  expect((await api.call('GET', `/v1/guests?phone=${encodeURIComponent(guest.phone)}`)).body.guests).toEqual([]);
  expect((await api.call('GET', '/v1/properties/chiangmai/rooms/201/recognition', { role: 'admin' })).status).toBe(404);
});
