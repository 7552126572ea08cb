/** Notes edited and deleted over HTTP against the local runtime: by the author's role or an admin, the record kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
let guestId: string;
beforeAll(async () => {
  api = await startTestSystem();
  expect(
    (
      await api.call('POST', '/v1/check-ins', {
        body: { propertyId: 'bangkok', room: '2201', at: '2025-06-07T14:00:00+07:00', guest: { lastName: 'Noteworthy', email: 'noteworthy@example.com' } },
      })
    ).status,
  ).toBe(202);
  await api.settle();
  guestId = (await api.call('GET', '/v1/guests?email=noteworthy@example.com')).body.guests[0].guestId;
});
afterAll(() => api?.stop());

async function addNote(eventId: string, role: 'frontdesk' | 'restaurant', text: string) {
  expect(
    (await api.call('POST', `/v1/guests/${guestId}/notes`, { role, body: { eventId, category: 'food', text, at: '2025-06-08T09:00:00+07:00' } })).status,
  ).toBe(202);
  await api.settle();
}
const change = (noteId: string, body: object, role: 'frontdesk' | 'restaurant' | 'admin' = 'restaurant') =>
  api.call('POST', `/v1/guests/${guestId}/notes/${noteId}/changes`, { role, ...(role === 'admin' ? { propertyId: '*' } : {}), body });
const cardNotes = async () =>
  (await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' })).body.notes as { noteId: string; text: string; editedByRole?: string }[];

describe('notes edited and deleted', () => {
  it("are edited by their author's role, the card says so, and the history keeps the note as written beside the change", async () => {
    await addNote('note-rest-0001', 'restaurant', 'Likes the window');
    expect((await change('note-rest-0001', { action: 'edit', text: 'Likes the window table W2', at: '2025-06-08T10:00:00+07:00' })).status).toBe(202);
    await api.settle();
    expect((await cardNotes()).find((n) => n.noteId === 'note-rest-0001')).toMatchObject({ text: 'Likes the window table W2', editedByRole: 'restaurant' });
    const history = (await api.call('GET', `/v1/guests/${guestId}/visits`)).body.visits;
    expect(
      history.filter((v: { kind: string }) => v.kind === 'note' || v.kind === 'note-change').map((v: { kind: string; text?: string }) => [v.kind, v.text]),
    ).toEqual([
      ['note-change', 'Likes the window table W2'],
      ['note', 'Likes the window'],
    ]);
  });

  it("are not the other role's to change, but an admin's", async () => {
    await addNote('note-desk-0001', 'frontdesk', 'Allergic to feathers: foam pillows');
    expect((await change('note-desk-0001', { action: 'delete' }, 'restaurant')).status).toBe(403);
    expect((await change('note-desk-0001', { action: 'delete' }, 'admin')).status).toBe(202);
    await api.settle();
    expect((await cardNotes()).some((n) => n.noteId === 'note-desk-0001')).toBe(false);
  });

  it('answer 404 for a note not on the card, and name the field of bad input, publishing nothing', async () => {
    const before = api.publishedCount();
    expect((await change('no-such-note-1', { action: 'delete' })).status).toBe(404);
    const bad = await change('note-rest-0001', { action: 'edit' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['text']);
    expect((await change('note-rest-0001', { action: 'edit', text: 'too early', at: '2025-06-08T08:00:00+07:00' })).status).toBe(409);
    expect(api.publishedCount()).toBe(before);
  });
});
