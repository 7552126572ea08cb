import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diningRecorded, eventSource } from '#shared/events/guest-events';
import { aDining } from '#test/support/builders';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;

beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

const mrYu = { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: 'Yu.Wei@Example.com', birthDate: '1970-06-20', language: 'zh-Hant' };

async function checkIn(room: string, at: string, guest: Record<string, unknown> = mrYu) {
  const response = await api.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at, guest } });
  expect(response.status).toBe(202);
  await api.settle();
  return response.body;
}

describe('the Mr. Yu story over HTTP', () => {
  it('greets him at his second stay with his usual table and breakfast from a year before', async () => {
    const first = await checkIn('1203', '2025-06-07T14:05:00+07:00');
    expect(first).toMatchObject({ returning: false, recognition: null });

    const breakfast = await api.call('POST', '/v1/dining', {
      role: 'restaurant',
      body: {
        propertyId: 'bangkok',
        outlet: 'terrace',
        room: '1203',
        table: 'W2',
        items: ['sandwich', 'coffee', '1 x egg'],
        partySize: 1,
        at: '2025-06-08T07:32:00+07:00',
      },
    });
    expect(breakfast.status).toBe(202);
    const departure = await api.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room: '1203', at: '2025-06-09T11:00:00+07:00' } });
    expect(departure.status).toBe(202);
    await api.settle();

    const second = await checkIn('1507', '2026-06-10T15:00:00+07:00', { ...mrYu, email: '  yu.wei@example.COM' });
    expect(second).toMatchObject({ returning: true, guestId: breakfast.body.guestId, recognition: { salutation: 'Mr. Yu', stays: { count: 1 } } });

    const card = await api.call('GET', '/v1/properties/bangkok/rooms/1507/recognition?outlet=terrace&at=2026-06-11T07:40:00%2B07:00', { role: 'restaurant' });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      guestId: breakfast.body.guestId,
      salutation: 'Mr. Yu',
      fullName: 'Wei Yu',
      status: 'returning',
      inHouse: { propertyId: 'bangkok', room: '1507', since: '2026-06-10' },
      stays: { count: 2, firstStayOn: '2025-06-07', lastStay: { departedOn: '2025-06-09' }, daysSinceLastStay: 367 },
      mealPeriod: 'breakfast',
      birthdayToday: false,
    });
    expect(card.body.dining).toEqual([
      {
        propertyId: 'bangkok',
        outlet: 'terrace',
        mealPeriod: 'breakfast',
        usualTable: { choice: 'W2', timesChosen: 1, recentVisits: 1, lastChosenOn: '2025-06-08' },
        usualOrder: {
          choice: [
            { name: 'coffee', quantity: 1 },
            { name: 'egg', quantity: 1 },
            { name: 'sandwich', quantity: 1 },
          ],
          timesChosen: 1,
          recentVisits: 1,
          lastChosenOn: '2025-06-08',
        },
        lastVisit: { date: '2025-06-08', table: 'W2', items: expect.any(Array) },
      },
    ]);

    const inHouse = await api.call('GET', '/v1/properties/bangkok/in-house', { role: 'restaurant' });
    expect(inHouse.body.guests).toContainEqual(expect.objectContaining({ room: '1507', salutation: 'Mr. Yu' }));
    expect(inHouse.body.guests.map((g: { room: string }) => g.room)).not.toContain('1203');

    const found = await api.call('GET', '/v1/guests?email=yu.wei%40example.com');
    expect(found.body.guests).toEqual([expect.objectContaining({ guestId: breakfast.body.guestId, stays: 2 })]);
  });

  it('shows a preference note on every later card, newest first', async () => {
    await checkIn('2001', '2025-03-01T14:00:00+07:00', { title: 'Ms', lastName: 'Bananas', email: 'bananas@example.com' });
    const room = await api.call('GET', '/v1/properties/bangkok/rooms/2001/recognition');
    const guestId = room.body.guestId;
    for (const [text, at] of [
      ['Ate only the bananas from the fruit basket', '2025-03-02T09:00:00+07:00'],
      ['Prefers a high floor', '2025-03-03T09:00:00+07:00'],
    ]) {
      const note = await api.call('POST', `/v1/guests/${guestId}/notes`, { role: 'restaurant', body: { category: 'food', text, at } });
      expect(note.status).toBe(202);
    }
    await api.settle();
    const card = await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' });
    expect(card.body.notes.map((n: { text: string }) => n.text)).toEqual(['Prefers a high floor', 'Ate only the bananas from the fruit basket']);
  });

  it('records an event delivered three times by a hotel system, two at once, exactly once', async () => {
    await checkIn('3001', '2025-05-01T14:00:00+07:00', { lastName: 'Dupont', email: 'dupont@example.com' });
    const { body: card } = await api.call('GET', '/v1/properties/bangkok/rooms/3001/recognition');
    const detail = aDining(card.guestId, { at: '2025-05-02T12:30:00+07:00', table: 'T9' });
    const bus = new EventBridgeClient({ endpoint: api.system.busEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'pos', secretAccessKey: 'pos' } });
    const put = () =>
      bus.send(
        new PutEventsCommand({
          Entries: [{ Source: eventSource, DetailType: diningRecorded.detailType, Detail: JSON.stringify(detail), EventBusName: api.system.eventBusName }],
        }),
      );
    await Promise.all([put(), put()]);
    await put();
    await api.settle();
    const after = await api.call('GET', `/v1/guests/${card.guestId}/recognition?outlet=terrace&mealPeriod=lunch`);
    expect(after.body.dining).toHaveLength(1);
    expect(after.body.dining[0].usualTable).toMatchObject({ choice: 'T9', timesChosen: 1, recentVisits: 1 });
  });

  it('counts a meal that arrives late in the history without making it "last time"', async () => {
    await checkIn('3002', '2025-05-01T14:00:00+07:00', { lastName: 'Late', email: 'late.meal@example.com' });
    const dine = (table: string, at: string) =>
      api.call('POST', '/v1/dining', { role: 'restaurant', body: { propertyId: 'bangkok', outlet: 'terrace', room: '3002', table, items: ['2 x egg'], at } });
    await dine('NEW', '2025-05-03T19:30:00+07:00');
    await api.settle();
    await dine('OLD', '2025-05-02T19:30:00+07:00');
    await api.settle();
    const card = await api.call('GET', '/v1/properties/bangkok/rooms/3002/recognition?outlet=terrace&mealPeriod=dinner');
    expect(card.body.dining[0]).toMatchObject({ lastVisit: { date: '2025-05-03', table: 'NEW' }, usualTable: { choice: 'NEW', recentVisits: 2 } });
  });
});
