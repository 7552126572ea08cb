/**
 * The restaurant's arrivals as plain data, with a given clock: newest first, each notice once, gone when seated,
 * faded after 30 minutes; the live channel's reconnection backoff; and what the channel may send.
 */
import { describe, expect, it } from 'vitest';
import { addArrival, currentArrivals, hasFaded, minutesSince, parseLiveMessage, reconnectDelayMs, type Arrival } from '../../web/src/arrivals.ts';

function anArrival(overrides: Partial<Arrival> = {}): Arrival {
  return {
    noticeId: 'n-1',
    at: '2026-06-10T07:30:00+07:00',
    propertyId: 'bangkok',
    outlet: 'terrace',
    room: '1203',
    guestId: 'g_yu',
    salutation: 'Mr. Yu',
    ...overrides,
  };
}

describe('arrivals', () => {
  it('lists notices newest first and keeps a notice delivered twice once', () => {
    const first = anArrival({ noticeId: 'n-1', at: '2026-06-10T07:30:00+07:00' });
    const second = anArrival({ noticeId: 'n-2', at: '2026-06-10T07:35:00+07:00', room: '0912', salutation: 'Ms. Chaiyaporn' });
    const list = addArrival(addArrival(addArrival([], first), second), first);
    expect(list.map((a) => a.noticeId)).toEqual(['n-2', 'n-1']);
  });

  it('fades a notice nobody acknowledged 30 minutes after it was sent, not before', () => {
    const arrival = anArrival({ at: '2026-06-10T07:30:00+07:00' });
    expect(hasFaded(arrival, new Date('2026-06-10T07:59:59+07:00'))).toBe(false);
    expect(hasFaded(arrival, new Date('2026-06-10T08:00:00+07:00'))).toBe(true);
    expect(currentArrivals([arrival], [], new Date('2026-06-10T07:45:00+07:00'))).toEqual([arrival]);
    expect(currentArrivals([arrival], [], new Date('2026-06-10T08:01:00+07:00'))).toEqual([]);
  });

  it('hides a notice once the host has acknowledged it, and only that one', () => {
    const yu = anArrival({ noticeId: 'n-1' });
    const anong = anArrival({ noticeId: 'n-2', room: '0912' });
    expect(currentArrivals([anong, yu], ['n-1'], new Date('2026-06-10T07:40:00+07:00'))).toEqual([anong]);
  });

  it('says how many whole minutes ago a notice came, never a negative number', () => {
    const arrival = anArrival({ at: '2026-06-10T07:30:00+07:00' });
    expect(minutesSince(arrival, new Date('2026-06-10T07:30:59+07:00'))).toBe(0);
    expect(minutesSince(arrival, new Date('2026-06-10T07:42:10+07:00'))).toBe(12);
    expect(minutesSince(arrival, new Date('2026-06-10T07:29:00+07:00'))).toBe(0);
  });

  it('waits longer after each failed reconnection, up to about 30 seconds', () => {
    expect(reconnectDelayMs(0, 0.5)).toBe(1000);
    expect(reconnectDelayMs(1, 0.5)).toBe(2000);
    expect(reconnectDelayMs(3, 0.5)).toBe(8000);
    expect(reconnectDelayMs(20, 0.5)).toBe(30_000);
    expect(reconnectDelayMs(20, 1)).toBeLessThanOrEqual(37_500);
    expect(reconnectDelayMs(0, 0)).toBe(750);
  });

  it('reads only well-formed notices from the live channel', () => {
    const arrival = anArrival();
    expect(parseLiveMessage(JSON.stringify({ type: 'guest-coming-down', notice: arrival }))).toEqual(arrival);
    expect(parseLiveMessage(JSON.stringify({ type: 'something-else', notice: arrival }))).toBeUndefined();
    expect(parseLiveMessage(JSON.stringify({ type: 'guest-coming-down', notice: { ...arrival, at: 'yesterday' } }))).toBeUndefined();
    expect(parseLiveMessage(JSON.stringify({ type: 'guest-coming-down', notice: { ...arrival, room: 1203 } }))).toBeUndefined();
    expect(parseLiveMessage('not json')).toBeUndefined();
  });
});
