/**
 * The campaign functions as each property's daily schedule invokes them (`{"propertyId", "time"}`), against the
 * local stand-ins: a run handles its property's guests only, and an input that names no known property or no valid
 * time is refused with the field named, before anything is claimed or sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerLoader, createLambdaContext, type LoadHandler } from '#local/lambda';
import { readOutbox } from '#local/ses';
import { InvalidInputError } from '#shared/errors';
import { functions, type ScheduledFunction } from '#shared/wiring';
import { startTestSystem, type TestSystem } from '#test/e2e/local-system';

let api: TestSystem;
let loadHandler: LoadHandler;

beforeAll(async () => {
  api = await startTestSystem();
  loadHandler = createHandlerLoader();
});
afterAll(() => api?.stop());

interface Report {
  propertyId: string;
  sent: { guestId: string; propertyId: string; period: string }[];
  skipped: { guestId: string; reason: string }[];
}

const job = (name: string) => functions.find((f): f is ScheduledFunction => f.trigger === 'schedule' && f.name === name)!;

/** Invokes the function as EventBridge Scheduler would, with whatever input the test gives. */
async function invoke(name: 'birthday-greetings' | 'lapsed-guests', input: unknown): Promise<Report> {
  const declaration = job(name);
  const handler = await loadHandler(declaration.entry);
  return (await handler(input as never, createLambdaContext(name, { region: 'us-east-1', timeoutMs: declaration.timeoutSeconds * 1000 }))) as Report;
}

const outboxTo = async (email: string) => (await readOutbox(api.system.sesEndpoint)).filter((m) => m.destination.to.some((to) => to.includes(email)));

/** A stay at `propertyId` that ended on `departedOn` (local dates; both properties are in Asia/Bangkok). */
async function stayAt(propertyId: string, room: string, guest: Record<string, unknown>, checkedInOn: string, departedOn: string): Promise<string> {
  const asStaff = { propertyId };
  expect((await api.call('POST', '/v1/check-ins', { ...asStaff, body: { propertyId, room, at: `${checkedInOn}T14:00:00+07:00`, guest } })).status).toBe(202);
  await api.settle();
  const card = await api.call('GET', `/v1/properties/${propertyId}/rooms/${room}/recognition`, asStaff);
  expect(card.status).toBe(200);
  expect((await api.call('POST', '/v1/departures', { ...asStaff, body: { propertyId, room, at: `${departedOn}T11:00:00+07:00` } })).status).toBe(202);
  await api.settle();
  return card.body.guestId;
}

describe('a daily run for one property', () => {
  let bangkokGuest: string;
  let chiangMaiGuest: string;

  beforeAll(async () => {
    // Same birthday, same departure date: only the property tells whose run each belongs to.
    bangkokGuest = await stayAt(
      'bangkok',
      '6101',
      { title: 'Ms', lastName: 'Riverside', email: 'river.bkk@example.com', birthDate: '1975-04-12', marketingConsent: true },
      '2025-03-18',
      '2025-03-20',
    );
    chiangMaiGuest = await stayAt(
      'chiangmai',
      '201',
      { title: 'Mr', lastName: 'Lanna', email: 'lanna.cnx@example.com', birthDate: '1980-04-12', marketingConsent: true },
      '2025-03-18',
      '2025-03-20',
    );
  });

  it('greets only the guests of the property it names, from that property', async () => {
    const report = await invoke('birthday-greetings', { propertyId: 'chiangmai', time: '2026-04-12T02:00:00Z' });
    expect(report.propertyId).toBe('chiangmai');
    expect(report.sent).toEqual([{ guestId: chiangMaiGuest, propertyId: 'chiangmai', period: '2026' }]);
    expect([...report.sent, ...report.skipped].map((g) => g.guestId)).not.toContain(bangkokGuest);
    expect((await outboxTo('lanna.cnx@example.com')).map((m) => m.from)).toEqual([expect.stringContaining('welcome@chiangmai.example.com')]);
    expect(await outboxTo('river.bkk@example.com')).toEqual([]);

    // Bangkok's own run, later the same morning, greets its guest; Chiang Mai's guest is not its concern.
    const bangkok = await invoke('birthday-greetings', { propertyId: 'bangkok', time: '2026-04-12T02:00:00Z' });
    expect(bangkok.sent).toEqual([{ guestId: bangkokGuest, propertyId: 'bangkok', period: '2026' }]);
    expect([...bangkok.sent, ...bangkok.skipped].map((g) => g.guestId)).not.toContain(chiangMaiGuest);
    expect((await outboxTo('river.bkk@example.com')).map((m) => m.from)).toEqual([expect.stringContaining('welcome@bangkok.example.com')]);
  });

  it('is once per guest and day: a retry for the same scheduled time sends nothing again', async () => {
    const again = await invoke('birthday-greetings', { propertyId: 'chiangmai', time: '2026-04-12T02:00:00Z' });
    expect(again.sent).toEqual([]);
    expect(again.skipped).toEqual([{ guestId: chiangMaiGuest, reason: 'already sent (2026)' }]);
    expect(await outboxTo('lanna.cnx@example.com')).toHaveLength(1);
  });

  it("misses a property's guests a year after their stay only in that property's own run", async () => {
    const chiangMai = await invoke('lapsed-guests', { propertyId: 'chiangmai', time: '2026-03-20T02:30:00Z' });
    expect(chiangMai.sent).toEqual([{ guestId: chiangMaiGuest, propertyId: 'chiangmai', period: '2025-03-20+1y' }]);
    const bangkok = await invoke('lapsed-guests', { propertyId: 'bangkok', time: '2026-03-20T02:30:00Z' });
    expect(bangkok.sent).toEqual([{ guestId: bangkokGuest, propertyId: 'bangkok', period: '2025-03-20+1y' }]);
  });
});

describe('what a campaign function refuses', () => {
  const email = 'refused.input@example.com';
  let guestId: string;
  const dueAt = '2026-05-05T02:00:00Z';

  beforeAll(async () => {
    guestId = await stayAt('bangkok', '6102', { lastName: 'Input', email, birthDate: '1970-05-05', marketingConsent: true }, '2025-06-01', '2025-06-03');
  });

  it.each([
    ['no property', { time: dueAt }, { propertyId: 'is required' }],
    ['a property the group does not have', { propertyId: 'phuket', time: dueAt }, { propertyId: 'is not a property of this group' }],
    ['a property id with a trailing line break', { propertyId: 'bangkok\n', time: dueAt }, { propertyId: expect.stringContaining('must be an id') }],
    ['no time', { propertyId: 'bangkok' }, { time: 'is required' }],
    ['a time that is no instant', { propertyId: 'bangkok', time: 'yesterday' }, { time: expect.stringContaining('ISO-8601') }],
    ['a date without a time', { propertyId: 'bangkok', time: '2026-05-05' }, { time: expect.stringContaining('ISO-8601') }],
    ['a day that does not exist', { propertyId: 'bangkok', time: '2026-02-30T02:00:00Z' }, { time: expect.stringContaining('ISO-8601') }],
    ['a time before the business began', { propertyId: 'bangkok', time: '1999-12-31T02:00:00Z' }, { time: 'must not be before 2000-01-01' }],
    ['a number for the time', { propertyId: 'bangkok', time: 1_777_946_400_000 }, { time: 'must be a string' }],
    ['nothing at all', null, { '(root)': 'must be an object' }],
  ])('%s: a clear error naming the field', async (_, input, fields) => {
    const refused = invoke('birthday-greetings', input);
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fields });
    for (const field of Object.keys(fields)) await expect(refused).rejects.toThrow(field);
  });

  it('sends and claims nothing when it refuses: the guest is still due on a valid run', async () => {
    expect(await outboxTo(email)).toEqual([]);
    const report = await invoke('birthday-greetings', { propertyId: 'bangkok', time: dueAt });
    expect(report.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2026' }]);
    expect(await outboxTo(email)).toHaveLength(1);
  });
});
