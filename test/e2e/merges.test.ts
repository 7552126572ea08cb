/** Possible duplicates merged and unmerged by an admin, over HTTP against the local runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;
beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

/** The same guest twice: a stay with email and phone, then a check-in with the phone and another email. */
async function twoProfiles(n: number): Promise<{ first: string; second: string }> {
  const phone = `+66 81 777 020${n}`;
  const [firstEmail, secondEmail] = [`ada${n}@example.com`, `a.okafor${n}@example.com`];
  await api.stayOnce(`18${n}1`, { lastName: 'Okafor', firstName: 'Ada', email: firstEmail, phone }, '2025-06-01T14:00:00+07:00', '2025-06-03T11:00:00+07:00');
  const checkIn = await api.call('POST', '/v1/check-ins', {
    body: { propertyId: 'bangkok', room: `18${n}2`, at: '2025-07-01T14:00:00+07:00', guest: { lastName: 'Okafor', email: secondEmail, phone } },
  });
  expect(checkIn.status).toBe(202);
  await api.settle();
  const find = async (email: string) => (await api.call('GET', `/v1/guests?email=${encodeURIComponent(email)}`)).body.guests[0].guestId as string;
  return { first: await find(firstEmail), second: await find(secondEmail) };
}

describe('merging possible duplicates', () => {
  it('lists the pair with both guests, merges one into the other, and undoes it', async () => {
    const { first, second } = await twoProfiles(1);
    const listed = await api.call('GET', '/v1/possible-duplicates', { role: 'admin' });
    const pair = listed.body.possibleDuplicates.find((p: { guestIds: string[] }) => p.guestIds.includes(first) && p.guestIds.includes(second));
    expect(pair).toMatchObject({ sharedKey: { kind: 'phone', value: '+66817770201' } });
    expect(pair.guests).toEqual(expect.arrayContaining([expect.objectContaining({ guestId: first, fullName: 'Ada Okafor', stayCount: 1 })]));
    // Naming both guests is a read of each: in the access log.
    const accesses = (await api.call('GET', `/v1/guests/${second}/accesses`, { role: 'admin' })).body.accesses;
    expect(accesses).toContainEqual(expect.objectContaining({ route: 'GET /v1/possible-duplicates', role: 'admin' }));

    const merged = await api.call('POST', `/v1/guests/${first}/merges`, { role: 'admin', body: { mergedGuestId: second, propertyId: 'bangkok' } });
    expect(merged).toMatchObject({ status: 202, body: { eventId: expect.any(String) } });
    await api.settle();
    const card = await api.call('GET', `/v1/guests/${second}/recognition`);
    expect(card.body).toMatchObject({ guestId: first, stays: { count: 2 } });
    expect((await api.call('GET', `/v1/guests?email=a.okafor1@example.com`)).body.guests.map((g: { guestId: string }) => g.guestId)).toEqual([first]);
    expect((await api.call('GET', `/v1/guests/${first}/visits`)).body.visits[0]).toMatchObject({
      kind: 'merge',
      mergedGuestId: second,
      author: { role: 'admin' },
    });
    const after = (await api.call('GET', '/v1/possible-duplicates', { role: 'admin' })).body.possibleDuplicates.find((p: { guestIds: string[] }) =>
      p.guestIds.includes(second),
    );
    expect(after.guests.find((g: { guestId: string }) => g.guestId === second)).toMatchObject({ mergedInto: first });

    // A merge cannot chain: the merged guest is merged already.
    expect((await api.call('POST', `/v1/guests/${second}/merges`, { role: 'admin', body: { mergedGuestId: first, propertyId: 'bangkok' } })).status).toBe(409);

    const undone = await api.call('POST', `/v1/guests/${first}/merges/${second}/undo`, { role: 'admin', body: { propertyId: 'bangkok' } });
    expect(undone.status).toBe(202);
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${second}/recognition`)).body).toMatchObject({ guestId: second, stays: { count: 1 } });
    expect((await api.call('GET', `/v1/guests/${first}/recognition`)).body).toMatchObject({ guestId: first, stays: { count: 1 } });
    expect((await api.call('GET', '/v1/properties/bangkok/in-house')).body.guests.find((g: { room: string }) => g.room === '1812')).toMatchObject({
      guestId: second,
    });
  });

  it('is for admins only, and refuses bad input naming the field, publishing nothing', async () => {
    const { first, second } = await twoProfiles(2);
    const before = api.publishedCount();
    expect((await api.call('POST', `/v1/guests/${first}/merges`, { role: 'frontdesk', body: { mergedGuestId: second } })).status).toBe(403);
    const bad = await api.call('POST', `/v1/guests/${first}/merges`, { role: 'admin', body: { mergedGuestId: 'nope', propertyId: 'bangkok' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['mergedGuestId']);
    const self = await api.call('POST', `/v1/guests/${first}/merges`, { role: 'admin', body: { mergedGuestId: first, propertyId: 'bangkok' } });
    expect(self).toMatchObject({ status: 400, body: { error: { fields: { mergedGuestId: expect.any(String) } } } });
    expect((await api.call('POST', `/v1/guests/${first}/merges/${second}/undo`, { role: 'admin', body: { propertyId: 'bangkok' } })).status).toBe(404);
    expect(api.publishedCount()).toBe(before);
  });
});
