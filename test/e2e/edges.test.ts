/**
 * Promises at the edges, over HTTP against the local runtime: a terminal's event id is its own and cannot be
 * hijacked, a retry is answered as accepted, and identity never rewrites someone else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSource, guestCheckedIn, guestNoteAdded } from '#shared/events/guest-events';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

const checkIn = (eventId: string, room: string, lastName: string, email: string) => ({
  eventId,
  propertyId: 'bangkok',
  room,
  at: '2025-06-07T14:00:00+07:00',
  guest: { title: 'Mr', lastName, email },
});

describe('event ids', () => {
  it('answers a retried check-in 202 again, with the guest, and publishes nothing more', async () => {
    const body = checkIn('desk-7-000001', '701', 'Retry', 'retry@example.com');
    expect((await api.call('POST', '/v1/check-ins', { body })).status).toBe(202);
    await api.settle();
    const published = api.publishedCount();
    const again = await api.call('POST', '/v1/check-ins', { body });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ eventId: 'desk-7-000001', guestId: expect.stringMatching(/^g_/) });
    expect(api.publishedCount()).toBe(published);
  });

  it('answers a retry without a time as the same event, taking the time recorded', async () => {
    const { at: _at, ...body } = checkIn('desk-7-000002', '702', 'Untimed', 'untimed@example.com');
    expect((await api.call('POST', '/v1/check-ins', { body })).status).toBe(202);
    await api.settle();
    expect((await api.call('POST', '/v1/check-ins', { body })).status).toBe(202);
  });

  it('refuses the same id with other content (409), and publishes nothing', async () => {
    await api.call('POST', '/v1/check-ins', { body: checkIn('desk-7-000003', '703', 'First', 'first.use@example.com') });
    await api.settle();
    const published = api.publishedCount();
    const reuse = await api.call('POST', '/v1/check-ins', { body: checkIn('desk-7-000003', '704', 'Second', 'second.use@example.com') });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('conflict');
    expect(api.publishedCount()).toBe(published);
  });

  it("records another property's event with the same id as its own", async () => {
    await api.call('POST', '/v1/check-ins', { body: checkIn('desk-7-000004', '705', 'Bangkok', 'bkk.same.id@example.com') });
    const other = await api.call('POST', '/v1/check-ins', {
      propertyId: 'chiangmai',
      body: { ...checkIn('desk-7-000004', '201', 'Chiangmai', 'cnx.same.id@example.com'), propertyId: 'chiangmai' },
    });
    expect(other.status).toBe(202);
    await api.settle();
    expect((await api.call('GET', '/v1/guests?email=cnx.same.id%40example.com', { propertyId: 'chiangmai' })).body.guests).toHaveLength(1);
  });

  it("parks a hotel system's event that reuses a recorded key with other content, saying why", async () => {
    await api.call('POST', '/v1/check-ins', { body: checkIn('desk-7-000005', '706', 'Parked', 'parked@example.com') });
    await api.settle();
    const { guestId } = (await api.call('GET', '/v1/guests?email=parked%40example.com')).body.guests[0];
    const bus = new EventBridgeClient({
      endpoint: api.system.busEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const note = {
      eventId: 'desk-7-000005',
      propertyId: 'bangkok',
      at: '2025-06-08T09:00:00+07:00',
      guestId,
      category: 'food',
      text: 'Bananas',
      author: { role: 'frontdesk', subject: 'pms' },
    };
    await bus.send(
      new PutEventsCommand({
        Entries: [{ Source: eventSource, DetailType: guestNoteAdded.detailType, Detail: JSON.stringify(note), EventBusName: api.system.eventBusName }],
      }),
    );
    await api.settle();
    const letters = readFileSync(join(api.system.dataDir, 'dead-letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(letters.at(-1)).toMatchObject({ functionName: 'record-note', error: expect.stringMatching(/recorded before with other content/) });
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.notes).toEqual([]);
  });
});

describe('one contract for the bus and for HTTP', () => {
  it.each([
    ['a business time in 2099', { at: '2099-01-01T10:00:00+07:00', guest: { lastName: 'Future', email: 'future@example.com' } }, 'detail.at'],
    [
      'a birth date after the publication',
      { at: '2025-06-07T14:00:00+07:00', guest: { lastName: 'Unborn', email: 'unborn@example.com', birthDate: '2090-01-01' } },
      'detail.guest.birthDate',
    ],
    ['year 0000', { at: '0000-01-01T00:00:00Z', guest: { lastName: 'Ancient', email: 'ancient@example.com' } }, 'detail.at'],
  ])("parks a hotel system's check-in with %s, naming the field, and records nothing", async (_what, fields, field) => {
    const bus = new EventBridgeClient({
      endpoint: api.system.busEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const detail = { eventId: `pms-${field}-${fields.guest.lastName}`, propertyId: 'bangkok', room: '801', ...fields };
    await bus.send(
      new PutEventsCommand({
        Entries: [{ Source: eventSource, DetailType: guestCheckedIn.detailType, Detail: JSON.stringify(detail), EventBusName: api.system.eventBusName }],
      }),
    );
    await api.settle();
    const letters = readFileSync(join(api.system.dataDir, 'dead-letters.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(letters.at(-1)).toMatchObject({ functionName: 'record-check-in', error: expect.stringContaining(field) });
    expect((await api.call('GET', `/v1/guests?email=${encodeURIComponent(fields.guest.email)}`)).body.guests).toEqual([]);
  });

  it('refuses the same over HTTP, publishing nothing', async () => {
    const published = api.publishedCount();
    const answer = await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '802', at: '0000-01-01T00:00:00Z', guest: { lastName: 'Ancient' } },
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.error.fields)).toEqual(['at']);
    expect(api.publishedCount()).toBe(published);
  });
});

describe('identity never rewrites someone else', () => {
  it('starts a new profile for a phone alone under another surname; the first guest is untouched and an admin sees the pair', async () => {
    const known = { title: 'Ms', lastName: 'Chaiyo', email: 'chaiyo@example.com', phone: '+66 81 222 3333', birthDate: '1980-03-04' };
    await api.call('POST', '/v1/check-ins', {
      propertyId: 'chiangmai',
      body: { propertyId: 'chiangmai', room: '202', at: '2025-06-07T14:00:00+07:00', guest: known },
    });
    await api.settle();
    const answer = await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '707', at: '2025-06-08T14:00:00+07:00', guest: { lastName: 'Somsak', phone: '+66812223333' } },
    });
    expect(answer.body).toMatchObject({ guestId: null, returning: false, recognition: null });
    await api.settle();

    const [first] = (await api.call('GET', '/v1/guests?email=chaiyo%40example.com', { propertyId: 'chiangmai' })).body.guests;
    const card = (await api.call('GET', `/v1/guests/${first.guestId}/recognition`, { propertyId: 'chiangmai' })).body;
    expect(card).toMatchObject({ fullName: 'Chaiyo', inHouse: { propertyId: 'chiangmai', room: '202' }, contact: { birthDate: '1980-03-04' } });
    const pairs = (await api.call('GET', '/v1/possible-duplicates', { role: 'admin' })).body.possibleDuplicates;
    expect(pairs).toContainEqual(
      expect.objectContaining({
        propertyId: 'bangkok',
        guestIds: expect.arrayContaining([first.guestId]),
        sharedKey: { kind: 'phone', value: '+66812223333' },
      }),
    );
    expect((await api.call('GET', '/v1/possible-duplicates', { role: 'frontdesk' })).status).toBe(403);
  });

  it('welcomes back a guest of another property by email and surname, showing no contact detail that property recorded', async () => {
    const guest = { title: 'Dr', lastName: 'Visitor', email: 'visitor@example.com', phone: '+66 81 444 5555', birthDate: '1975-09-10', language: 'th' };
    await api.call('POST', '/v1/check-ins', {
      propertyId: 'chiangmai',
      body: { propertyId: 'chiangmai', room: '203', at: '2025-05-01T14:00:00+07:00', guest },
    });
    await api.settle();
    const answer = await api.call('POST', '/v1/check-ins', {
      body: { propertyId: 'bangkok', room: '708', at: '2025-06-08T14:00:00+07:00', guest: { lastName: 'Visitor', email: 'visitor@example.com' } },
    });
    expect(answer.body).toMatchObject({ returning: true, recognition: { salutation: 'Dr. Visitor', stays: { count: 1, firstStayOn: null } } });
    expect(answer.body.recognition.contact).toEqual({ email: 'visitor@example.com', phone: null, language: null, birthDate: null, marketingConsent: false });
    expect(answer.body.recognition.inHouse).toBeNull();
  });
});
