/**
 * "Mr. Yu, room 1203, is coming down": the floor tells an outlet, and the restaurant terminals listening to that
 * outlet hear it over the live channel, end to end against the local runtime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#shared/http/caller';
import type { ComingDownNotice } from '#shared/use-cases/live-notices';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let guestId: string;
const open: WebSocket[] = [];

beforeAll(async () => {
  api = await startTestSystem();
  await api.call('POST', '/v1/check-ins', {
    body: { propertyId: 'bangkok', room: '1203', guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', email: 'live.yu@example.com' } },
  });
  await api.call('POST', '/v1/check-ins', {
    propertyId: 'chiangmai',
    body: { propertyId: 'chiangmai', room: '201', guest: { title: 'Ms', lastName: 'Garden', email: 'garden@example.com' } },
  });
  await api.settle();
  guestId = (await api.call('GET', '/v1/properties/bangkok/rooms/1203/recognition')).body.guestId;
});
afterAll(async () => {
  for (const socket of open) socket.terminate();
  await api?.stop();
});

async function listen(role: Role, propertyId: string, outlet: string, token?: string): Promise<{ socket: WebSocket; messages: ComingDownNotice[] }> {
  const bearer = token ?? (await api.system.issuer.signToken({ role, propertyId }));
  const socket = new WebSocket(`${api.system.liveUrl}?${new URLSearchParams({ token: bearer, propertyId, outlet })}`);
  open.push(socket);
  const messages: ComingDownNotice[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
    socket.once('error', reject);
  });
  return { socket, messages };
}

/** Resolves once the socket has received `count` messages. */
async function received(listener: { messages: ComingDownNotice[]; socket: WebSocket }, count: number): Promise<ComingDownNotice[]> {
  while (listener.messages.length < count) await new Promise((resolve) => listener.socket.once('message', resolve));
  return listener.messages;
}

describe('the live channel', () => {
  it("tells the outlet's terminals who is coming down, with the room, and no one else's", async () => {
    const terrace = await listen('restaurant', 'bangkok', 'terrace');
    const desk = await listen('frontdesk', 'bangkok', 'terrace');
    const garden = await listen('restaurant', 'chiangmai', 'garden');
    const answer = await api.call('POST', '/v1/notices', { role: 'floor', body: { propertyId: 'bangkok', room: '1203', outlet: 'terrace' } });
    expect(answer).toMatchObject({ status: 202, body: { guestId } });

    const [message] = await received(terrace, 1);
    expect(message).toEqual({
      type: 'guest-coming-down',
      notice: { noticeId: answer.body.eventId, at: expect.any(String), propertyId: 'bangkok', outlet: 'terrace', room: '1203', guestId, salutation: 'Mr. Yu' },
    });
    expect(await received(desk, 1)).toEqual([message]);
    await api.settle();
    expect(garden.messages).toEqual([]);
  });

  it('forgets a terminal that has closed, and still tells the others', async () => {
    const leaving = await listen('restaurant', 'bangkok', 'terrace');
    const staying = await listen('restaurant', 'bangkok', 'terrace');
    await new Promise((resolve) => {
      leaving.socket.once('close', resolve);
      leaving.socket.close();
    });
    await api.call('POST', '/v1/notices', { role: 'frontdesk', body: { propertyId: 'bangkok', room: '1203', outlet: 'terrace' } });
    expect(await received(staying, 1)).toHaveLength(1);
    await api.settle();
    const deadLetters = join(api.system.dataDir, 'dead-letters.jsonl');
    expect(existsSync(deadLetters) ? readFileSync(deadLetters, 'utf8') : '').not.toContain('pass-on-coming-down');
  });

  it.each([
    ['an expired token', 'restaurant', 'bangkok', 'terrace', -60, 'refused 401'],
    ["another property's outlet", 'restaurant', 'chiangmai', 'garden', undefined, 'refused 403'],
    ['the floor role', 'floor', 'bangkok', 'terrace', undefined, 'refused 403'],
    ['an outlet the property does not have', 'restaurant', 'bangkok', 'garden', undefined, 'refused 400'],
  ] as const)('refuses a connection with %s', async (_what, role, propertyId, outlet, expiresIn, refusal) => {
    const token = await api.system.issuer.signToken({ role, propertyId: 'bangkok', ...(expiresIn ? { expiresIn } : {}) });
    await expect(listen(role, propertyId, outlet, token)).rejects.toThrow(refusal);
  });
});

describe('POST /v1/notices', () => {
  it.each([
    ['a vacant room', 'floor', { propertyId: 'bangkok', room: '9999', outlet: 'terrace' }, 404],
    ['an outlet of another property', 'floor', { propertyId: 'bangkok', room: '1203', outlet: 'garden' }, 400],
    ["another property's room", 'floor', { propertyId: 'chiangmai', room: '201', outlet: 'garden' }, 403],
    ['the restaurant role', 'restaurant', { propertyId: 'bangkok', room: '1203', outlet: 'terrace' }, 403],
  ] as const)('answers %s with %i and tells no one', async (_what, role, body, status) => {
    const published = api.publishedCount();
    expect((await api.call('POST', '/v1/notices', { role, body })).status).toBe(status);
    expect(api.publishedCount()).toBe(published);
  });
});
