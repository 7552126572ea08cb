import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOutbox, startSesLocal, type RunningSes } from '#local/ses';
import { createSesMailer } from '#shared/aws/ses-mailer';
import type { Campaign } from '#shared/domain/greeting-email';
import { verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token';
import type { GuestDetails } from '#shared/events/guest-events';
import type { CampaignStore, Mailer } from '#shared/ports';
import { createDynamoCampaignStore } from '#shared/store/dynamo-campaign-store';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { keys } from '#shared/store/keys';
import { createPacer, runCampaign, type CampaignDependencies } from '#shared/use-cases/run-campaign';
import { aCheckIn, aDeparture, mrYu } from '#test/support/builders';
import { startFaultySes, type FaultySes, type SesFault } from '#test/support/faulty-ses';
import { createTestTable } from '#test/support/table';

let ses: RunningSes;
let documentClient: DynamoDBDocumentClient;
let tableName: string;
let guests: ReturnType<typeof createDynamoGuestStore>;
let campaignStore: CampaignStore;
let sesMailer: Mailer;

beforeAll(async () => {
  ses = await startSesLocal(0);
  const table = await createTestTable('campaign');
  ({ documentClient, tableName } = table);
  guests = createDynamoGuestStore({ documentClient, tableName, erasedIdentityHashKey: 'e'.repeat(64) });
  campaignStore = createDynamoCampaignStore({ documentClient, tableName });
  const sesClient = new SESv2Client({ endpoint: ses.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  sesMailer = createSesMailer(sesClient, undefined);
});
afterAll(() => ses?.stop());

const fronts: FaultySes[] = [];
afterEach(async () => {
  await Promise.all(fronts.splice(0).map((front) => front.stop()));
});

/**
 * The real SDK client and mailer, sending through a front for the stand-in that fails chosen requests as SES or the
 * network would (test/support/faulty-ses.ts), so the run meets the errors exactly as the SDK shapes them. The client
 * is set up as a campaign's SES client has to be for the ledger to hold: one attempt per send (the SDK would
 * otherwise resend a request that timed out after SES accepted it) and a request timeout that throws.
 */
async function mailerThrough(faultFor: (recipients: string[], attempt: number) => SesFault | undefined, { maxAttempts = 1 } = {}) {
  const front = await startFaultySes(ses.endpoint, faultFor);
  fronts.push(front);
  const client = new SESv2Client({
    endpoint: front.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
    requestHandler: { requestTimeout: 1_000, throwOnRequestTimeout: true },
  });
  return { mailer: createSesMailer(client, undefined), front };
}

/** Fails the `n`th send of the run (1-based) with `fault`, and lets every other through. */
function onNthSend(n: number, fault: SesFault): () => SesFault | undefined {
  let sends = 0;
  return () => (++sends === n ? fault : undefined);
}

function depsWith(overrides: Partial<CampaignDependencies> = {}): CampaignDependencies {
  return {
    store: campaignStore,
    mailer: sesMailer,
    unsubscribeSigningKey: 'k'.repeat(64),
    publicApiUrl: 'http://127.0.0.1:3000',
    maxSendRate: 1000,
    ...overrides,
  };
}

const run = (campaign: Campaign, at: string, overrides: Partial<CampaignDependencies> = {}) => runCampaign(depsWith(overrides), campaign, new Date(at));

/** The stand-in's outbox is shared by every test in this file: each test reads only its own recipients. */
async function outboxTo(...emails: string[]) {
  return (await readOutbox(ses.endpoint)).filter((message) => message.destination.to.some((to) => emails.some((email) => to.includes(email))));
}

/** A guest whose only identity is the email address, so guests of different tests never merge. */
function guestWith(details: Partial<GuestDetails> & { email: string }): GuestDetails {
  return { ...mrYu, phone: undefined, pmsProfileId: undefined, ...details };
}

async function checkIn(guest: GuestDetails, room: string, at: string): Promise<string> {
  await guests.recordCheckIn(aCheckIn({ room, at, guest }));
  const [guestId] = await guests.findGuestIds([{ kind: 'email', value: guest.email! }]);
  if (!guestId) throw new Error(`guest ${guest.email} not recorded`);
  return guestId;
}

/** Checks the guest in and out at Bangkok times; resolves with the guest id. */
async function stay(guest: GuestDetails, room: string, checkInAt: string, departureAt: string): Promise<string> {
  const guestId = await checkIn(guest, room, checkInAt);
  await guests.recordDeparture(aDeparture(guestId, { room, at: departureAt }));
  return guestId;
}

async function ledgerEntry(guestId: string, campaign: Campaign, period: string) {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.sentEmail(guestId, campaign, period), ConsistentRead: true }));
  return Item;
}

/**
 * SES rejects `recipient` as it does an unverified address in the sandbox: MessageRejected, with a message that
 * names the address. `attempted` lists every recipient the run tried.
 */
async function mailerRejecting(recipient: string): Promise<{ mailer: Mailer; attempted: string[] }> {
  const { mailer, front } = await mailerThrough((recipients) =>
    recipients.includes(recipient)
      ? {
          kind: 'refuse',
          status: 400,
          code: 'MessageRejected',
          message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${recipient}`,
        }
      : undefined,
  );
  return {
    mailer,
    get attempted() {
      return front.requests.flat();
    },
  };
}

// Each test has a birthday or departure date of its own, so a run sees only that test's guests.
describe('campaign run against DynamoDB Local and the SES stand-in', () => {
  it('sends Mr. Yu the Oriental card on his Bangkok birthday, three years after his last stay', async () => {
    const email = 'oriental.yu@example.com';
    const guestId = await stay(guestWith({ email, language: 'en', birthDate: '1970-06-20' }), '2001', '2026-06-07T14:00:00+07:00', '2026-06-09T11:00:00+07:00');

    // 23:30 on 19 June in Bangkok: not his birthday yet.
    expect((await run('birthday-greetings', '2029-06-19T16:30:00Z')).sent).toEqual([]);
    // 18:30 UTC on 19 June is already 01:30 on 20 June in Bangkok.
    const report = await run('birthday-greetings', '2029-06-19T18:30:00Z');

    expect(report.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2029' }]);
    const [mail, ...others] = await outboxTo(email);
    expect(others).toEqual([]);
    expect(mail?.from).toContain('welcome@bangkok.example.com');
    expect(mail?.subject).toBe('Happy birthday, Mr. Yu');
    expect(mail?.body.text).toContain('Dear Mr. Yu,');
    expect(mail?.body.text).toContain('You have not stayed with us for three years. We all miss you and hope to see you again. Happy birthday!');
    expect(mail?.body.html).toContain('three years');
    expect(mail?.body.html).toContain('We all miss you');
    expect(mail?.body.text).toContain('http://127.0.0.1:3000/v1/unsubscribe?token=');
  });

  it('sends through SESv2 with the one-click unsubscribe headers, the link signed for this guest in the language of the email', async () => {
    const email = 'headers.thai@example.com';
    const guestId = await stay(
      guestWith({ email, title: 'Ms', firstName: 'Malee', lastName: 'Srisuk', language: 'th', birthDate: '1972-04-11' }),
      '2009',
      '2026-03-01T14:00:00+07:00',
      '2026-03-03T11:00:00+07:00',
    );

    await run('birthday-greetings', '2029-04-11T02:00:00Z');

    const [mail] = await outboxTo(email);
    expect(mail?.subject).toBe('สุขสันต์วันเกิด คุณ Malee');
    const headers = new Map(mail?.headers?.map(({ name, value }) => [name.toLowerCase(), value]));
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(http:\/\/127\.0\.0\.1:3000\/v1\/unsubscribe\?token=([\w.-]+))>$/.exec(headers.get('list-unsubscribe') ?? '');
    expect(link).not.toBeNull();
    // The same link as in the body, so the header and the visible link unsubscribe alike.
    expect(mail?.body.text).toContain(link![1]);
    expect(verifyUnsubscribeToken(link![2]!, 'k'.repeat(64))).toEqual({ guestId, campaign: 'birthday-greetings', language: 'th' });
  });

  it('greets a guest who is in house at the property on their birthday as present, not as someone to welcome again', async () => {
    const email = 'birthday.in.house@example.com';
    const guest = guestWith({ email, title: 'Mr', lastName: 'Present', language: 'en', birthDate: '1969-05-17' });
    // A stay that ended two years earlier, and one under way on the birthday.
    const guestId = await stay(guest, '2010', '2027-05-01T14:00:00+07:00', '2027-05-03T11:00:00+07:00');
    await checkIn(guest, '2011', '2029-05-15T14:00:00+07:00');

    const report = await run('birthday-greetings', '2029-05-17T02:00:00Z');

    expect(report.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2029' }]);
    const [mail] = await outboxTo(email);
    expect(mail?.body.text).toContain('We are delighted to celebrate your birthday with you today');
    expect(mail?.body.html).toContain('We are delighted to celebrate your birthday with you today');
    expect(mail?.body.text).not.toContain('We look forward to welcoming you again');
    expect(mail?.body.text).not.toContain('We all miss you');
  });

  it("writes in the guest's language, and in English when there is no template for it", async () => {
    const chinese = 'lang.zh-hant@example.com';
    const french = 'lang.fr@example.com';
    await stay(
      guestWith({ email: chinese, title: 'Mr', firstName: '偉', lastName: '余', language: 'zh-Hant', birthDate: '1971-07-14' }),
      '2002',
      '2027-07-01T14:00:00+07:00',
      '2027-07-03T11:00:00+07:00',
    );
    await stay(
      guestWith({ email: french, title: 'Ms', firstName: 'Claire', lastName: 'Dubois', language: 'fr', birthDate: '1985-07-14' }),
      '2003',
      '2027-07-01T15:00:00+07:00',
      '2027-07-03T12:00:00+07:00',
    );

    const report = await run('birthday-greetings', '2030-07-14T02:00:00Z');

    expect(report.sent).toHaveLength(2);
    const [zh] = await outboxTo(chinese);
    expect(zh?.subject).toBe('余先生，祝您生日快樂');
    expect(zh?.body.text).toContain('親愛的余先生：');
    expect(zh?.body.text).toContain('您已經三年沒有入住本酒店了。我們都很想念您');
    expect(zh?.body.html).toContain('lang="zh-Hant"');
    const [fr] = await outboxTo(french);
    expect(fr?.subject).toBe('Happy birthday, Ms. Dubois');
    expect(fr?.body.text).toContain('Dear Ms. Dubois,');
    expect(fr?.body.text).toContain('You have not stayed with us for three years.');
    expect(fr?.body.html).toContain('lang="en"');
  });

  it('sends nothing to a guest who never gave marketing consent', async () => {
    const email = 'no.consent@example.com';
    const guestId = await stay(
      guestWith({ email, birthDate: '1980-08-01', marketingConsent: undefined }),
      '2004',
      '2026-07-20T14:00:00+07:00',
      '2026-07-22T11:00:00+07:00',
    );

    const report = await run('birthday-greetings', '2027-08-01T02:00:00Z');

    expect(report.sent.map((s) => s.guestId)).not.toContain(guestId);
    expect(await outboxTo(email)).toEqual([]);
  });

  it('stops after consent is withdrawn, and sends again at the next run after consent is given at a later check-in', async () => {
    const email = 'consent.again@example.com';
    const guest = guestWith({ email, title: 'Ms', lastName: 'Again', language: 'en', birthDate: '1979-08-15' });
    const guestId = await stay(guest, '2005', '2026-08-01T14:00:00+07:00', '2026-08-03T11:00:00+07:00');
    await guests.recordConsentWithdrawn({
      eventId: 'withdraw-consent-again-1',
      propertyId: 'bangkok',
      at: '2026-09-01T10:00:00+07:00',
      guestId,
      channel: 'unsubscribe-link',
    });

    const withdrawn = await run('birthday-greetings', '2027-08-15T02:00:00Z');
    expect(withdrawn.sent.map((s) => s.guestId)).not.toContain(guestId);
    expect(await outboxTo(email)).toEqual([]);

    await stay({ ...guest, marketingConsent: true }, '2006', '2028-01-10T14:00:00+07:00', '2028-01-12T11:00:00+07:00');
    const consented = await run('birthday-greetings', '2028-08-15T02:00:00Z');

    expect(consented.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2028' }]);
    const [mail, ...others] = await outboxTo(email);
    expect(others).toEqual([]);
    expect(mail?.body.text).toContain('Dear Ms. Again,');
  });

  it('skips a suppressed address and says why', async () => {
    const email = 'bounced.address@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1982-09-01' }), '2007', '2026-08-20T14:00:00+07:00', '2026-08-22T11:00:00+07:00');
    await campaignStore.suppress(' Bounced.Address@EXAMPLE.com', 'bounce', '2026-12-01T00:00:00Z');

    const report = await run('birthday-greetings', '2027-09-01T02:00:00Z');

    expect(report.sent).toEqual([]);
    expect(report.skipped).toContainEqual({ guestId, reason: 'address suppressed (bounce or complaint)' });
    expect(await outboxTo(email)).toEqual([]);
    expect(await ledgerEntry(guestId, 'birthday-greetings', '2027')).toBeUndefined();
  });

  it('sends nothing new when the job runs twice on the same Bangkok day, and reports it as already sent', async () => {
    const email = 'twice.same.day@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1975-09-20' }), '2008', '2026-09-01T14:00:00+07:00', '2026-09-03T11:00:00+07:00');

    const first = await run('birthday-greetings', '2029-09-20T01:00:00Z');
    // 17:00 in Bangkok, still 20 September.
    const second = await run('birthday-greetings', '2029-09-20T10:00:00Z');

    expect(first.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2029' }]);
    expect(second.sent).toEqual([]);
    expect(second.skipped).toEqual([{ guestId, reason: 'already sent (2029)' }]);
    expect(await outboxTo(email)).toHaveLength(1);
    expect(await ledgerEntry(guestId, 'birthday-greetings', '2029')).toMatchObject({ status: 'sent' });
  });

  it('gives the claim back when SES refuses a send for a reason of the account, stops, and a rerun sends the rest without duplicates', async () => {
    const emails = ['crash.one@example.com', 'crash.two@example.com', 'crash.three@example.com'];
    const guestIds = new Map<string, string>();
    for (const [i, email] of emails.entries()) {
      guestIds.set(email, await stay(guestWith({ email, birthDate: '1977-10-05' }), `201${i}`, '2026-09-10T14:00:00+07:00', '2026-09-12T11:00:00+07:00'));
    }
    // A 4xx answer: SES refused the request, so nothing went out, and the sender is not this guest's doing.
    const { mailer, front } = await mailerThrough(
      onNthSend(2, { kind: 'refuse', status: 400, code: 'MailFromDomainNotVerifiedException', message: 'The MAIL-FROM domain is not verified.' }),
    );

    // One send at a time, so the third is not under way when the second fails (the concurrent case is tested below).
    const crash = await run('birthday-greetings', '2029-10-05T02:00:00Z', { mailer, maxConcurrentSends: 1 }).catch((error: Error) => error);

    expect(await outboxTo(...emails)).toHaveLength(1);
    const [sentTo, failedTo] = front.requests.map(([to]) => to);
    // The error names the campaign, the guest and the error's name; the original message (which may carry the
    // recipient's address) stays out of it.
    expect(crash).toBeInstanceOf(Error);
    expect((crash as Error).message).toBe(
      `birthday-greetings: sending to guest ${guestIds.get(failedTo!)} failed (MailFromDomainNotVerifiedException); the claim was released for a rerun`,
    );
    expect((crash as Error).cause).toBeUndefined();
    expect(await ledgerEntry(guestIds.get(sentTo!)!, 'birthday-greetings', '2029')).toMatchObject({ status: 'sent' });
    expect(await ledgerEntry(guestIds.get(failedTo!)!, 'birthday-greetings', '2029')).toBeUndefined();

    const rerun = await run('birthday-greetings', '2029-10-05T03:00:00Z');

    expect(rerun.sent.map((s) => s.guestId).sort()).toEqual(
      emails
        .filter((e) => e !== sentTo)
        .map((e) => guestIds.get(e))
        .sort(),
    );
    expect(rerun.skipped).toEqual([{ guestId: guestIds.get(sentTo!), reason: 'already sent (2029)' }]);
    const outbox = await outboxTo(...emails);
    expect(outbox).toHaveLength(emails.length);
    expect(outbox.flatMap((m) => m.destination.to).sort()).toEqual([...emails].sort());
  });

  it.each([
    { when: 'its credentials cannot be found', error: 'CredentialsProviderError', birthDate: '1977-10-06', room: '2015' },
    { when: 'no connection can be opened to SES', error: 'Error', birthDate: '1977-10-07', room: '2016' },
  ])('gives the claim back when $when, since the request never left', async ({ error, birthDate, room }) => {
    const email = `never.left.${birthDate}@example.com`;
    const guestId = await stay(guestWith({ email, birthDate }), room, '2026-09-10T14:00:00+07:00', '2026-09-12T11:00:00+07:00');
    const client =
      error === 'CredentialsProviderError'
        ? // The provider chain's own error when nothing provides credentials: the SDK raises it before signing.
          new SESv2Client({
            endpoint: ses.endpoint,
            region: 'us-east-1',
            maxAttempts: 1,
            credentials: () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
          })
        : // Port 9 (discard) has nothing listening here: the connection is refused.
          new SESv2Client({
            endpoint: 'http://127.0.0.1:9',
            region: 'us-east-1',
            maxAttempts: 1,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          });
    const at = `2029-${birthDate.slice(5)}T02:00:00Z`;

    await expect(run('birthday-greetings', at, { mailer: createSesMailer(client, undefined) })).rejects.toThrow(
      `failed (${error}); the claim was released for a rerun`,
    );
    expect(await ledgerEntry(guestId, 'birthday-greetings', '2029')).toBeUndefined();

    const rerun = await run('birthday-greetings', at);
    expect(rerun.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2029' }]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it.each([
    { fault: { kind: 'accept-then-hang' }, errorName: 'TimeoutError', birthDate: '1977-11-01' },
    { fault: { kind: 'accept-then-reset' }, errorName: 'TimeoutError', birthDate: '1977-11-02' },
    { fault: { kind: 'accept-then-fail', status: 500, code: 'InternalFailure' }, errorName: 'InternalFailure', birthDate: '1977-11-03' },
    { fault: { kind: 'accept-then-fail', status: 503, code: 'ServiceUnavailable' }, errorName: 'ServiceUnavailable', birthDate: '1977-11-04' },
  ] as const)(
    'keeps the claim when SES took the email but the answer was $fault.kind ($errorName): the run stops, says it needs checking, and no rerun sends it again',
    async ({ fault, errorName, birthDate }) => {
      const emails = [1, 2, 3].map((i) => `unclear.${i}.${birthDate}@example.com`);
      const guestIds = new Map<string, string>();
      for (const [i, email] of emails.entries()) {
        guestIds.set(email, await stay(guestWith({ email, birthDate }), `204${i}`, '2026-10-10T14:00:00+07:00', '2026-10-12T11:00:00+07:00'));
      }
      const at = `2029-${birthDate.slice(5)}T02:00:00Z`;
      const { mailer, front } = await mailerThrough(onNthSend(2, fault));

      const stopped = await run('birthday-greetings', at, { mailer, maxConcurrentSends: 1 }).catch((error: Error) => error);

      const [sentTo, unclearTo] = front.requests.map(([to]) => to);
      const unclearId = guestIds.get(unclearTo!)!;
      expect(stopped).toBeInstanceOf(Error);
      expect((stopped as Error).message).toBe(
        `birthday-greetings: sending to guest ${unclearId} ended without a clear answer (${errorName}); SES may have sent it, ` +
          'so the claim is kept and no rerun sends it: check before sending it by hand',
      );
      // SES did take it: releasing the claim would have sent it twice.
      expect(await outboxTo(unclearTo!)).toHaveLength(1);
      expect(await ledgerEntry(unclearId, 'birthday-greetings', '2029')).toMatchObject({ status: 'unknown', errorName });

      const rerun = await run('birthday-greetings', `2029-${birthDate.slice(5)}T03:00:00Z`);

      const [neverTried] = emails.filter((e) => e !== sentTo && e !== unclearTo);
      expect(rerun.sent).toEqual([{ guestId: guestIds.get(neverTried!), propertyId: 'bangkok', period: '2029' }]);
      expect(rerun.skipped).toContainEqual({
        guestId: unclearId,
        reason: `an earlier send ended without a clear answer (${errorName}); it may have gone out: check before sending by hand`,
      });
      expect(rerun.skipped).toContainEqual({ guestId: guestIds.get(sentTo!), reason: 'already sent (2029)' });
      const outbox = await outboxTo(...emails);
      expect(outbox.flatMap((m) => m.destination.to).sort()).toEqual([...emails].sort());
    },
  );

  it('keeps the claim when SES throttles a retry the SDK made after a timed-out attempt', async () => {
    const email = 'throttled.after.timeout@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1977-11-05' }), '2045', '2026-10-10T14:00:00+07:00', '2026-10-12T11:00:00+07:00');
    // A client that lets the SDK retry: its first attempt was accepted and timed out, its second is throttled. The
    // last error alone (a 4xx) would say nothing was sent; the attempt count says otherwise.
    const { mailer, front } = await mailerThrough(
      (_recipients, attempt) =>
        attempt === 1
          ? { kind: 'accept-then-hang' }
          : { kind: 'refuse', status: 429, code: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' },
      { maxAttempts: 2 },
    );

    await expect(run('birthday-greetings', '2029-11-05T02:00:00Z', { mailer })).rejects.toThrow('ended without a clear answer (TooManyRequestsException)');

    expect(front.requests).toEqual([[email], [email]]);
    expect(await ledgerEntry(guestId, 'birthday-greetings', '2029')).toMatchObject({ status: 'unknown', errorName: 'TooManyRequestsException' });
    const rerun = await run('birthday-greetings', '2029-11-05T03:00:00Z');
    expect(rerun.sent).toEqual([]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('backs off when SES throttles a send and sends it once', async () => {
    const email = 'throttled.once@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1977-11-06' }), '2046', '2026-10-10T14:00:00+07:00', '2026-10-12T11:00:00+07:00');
    const { mailer, front } = await mailerThrough((_recipients, attempt) =>
      attempt === 1 ? { kind: 'refuse', status: 429, code: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' } : undefined,
    );

    const report = await run('birthday-greetings', '2029-11-06T02:00:00Z', { mailer });

    expect(report.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2029' }]);
    expect(front.requests).toEqual([[email], [email]]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('skips a guest another run has claimed and not yet recorded, saying so, and sends nothing', async () => {
    const email = 'claimed.elsewhere@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1977-11-07' }), '2047', '2026-10-10T14:00:00+07:00', '2026-10-12T11:00:00+07:00');
    const otherRun = { guestId, campaign: 'birthday-greetings', period: '2029', at: '2029-11-07T02:00:00.000Z' };
    expect(await campaignStore.claimSend(otherRun)).toEqual({ claimed: true });
    expect(await campaignStore.claimSend({ ...otherRun, at: '2029-11-07T03:00:00.000Z' })).toEqual({
      claimed: false,
      status: 'sending',
      claimedFor: otherRun.at,
    });

    const report = await run('birthday-greetings', '2029-11-07T03:00:00Z');

    expect(report.sent).toEqual([]);
    expect(report.skipped).toEqual([{ guestId, reason: 'being sent by another run (the run for 2029-11-07T02:00:00.000Z)' }]);
    expect(await outboxTo(email)).toEqual([]);
    expect(await ledgerEntry(guestId, 'birthday-greetings', '2029')).toMatchObject({ status: 'sending', at: otherRun.at });
  });

  it('never sends twice when recording a send fails after SES accepted the email', async () => {
    const email = 'mark.sent.fails@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1978-10-20' }), '2020', '2026-09-15T14:00:00+07:00', '2026-09-17T11:00:00+07:00');
    // DynamoDB failing on one write and not the others is no more reproducible on demand than SES failing: the
    // real store is wrapped so that recording the send fails once, after the email went out.
    let markSentCalls = 0;
    const failingStore: CampaignStore = {
      ...campaignStore,
      async markSent(claim, messageId) {
        markSentCalls += 1;
        if (markSentCalls === 1) throw new Error('ProvisionedThroughputExceededException');
        return campaignStore.markSent(claim, messageId);
      },
    };

    await expect(run('birthday-greetings', '2029-10-20T02:00:00Z', { store: failingStore })).rejects.toThrow();
    expect(await outboxTo(email)).toHaveLength(1);

    const rerun = await run('birthday-greetings', '2029-10-20T03:00:00Z');

    expect(rerun.sent).toEqual([]);
    // The entry still says what the first run left: claimed, never recorded as sent. Not sent again either way.
    expect(rerun.skipped).toEqual([{ guestId, reason: 'being sent by another run (the run for 2029-10-20T02:00:00.000Z)' }]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('skips a guest whose email SES rejects, sends the others, and never retries the rejected one', async () => {
    const emails = ['rejected.one@example.com', 'rejected.two@example.com', 'rejected.three@example.com'];
    const guestIds = new Map<string, string>();
    for (const [i, email] of emails.entries()) {
      guestIds.set(email, await stay(guestWith({ email, birthDate: '1976-03-05' }), `203${i}`, '2026-02-10T14:00:00+07:00', '2026-02-12T11:00:00+07:00'));
    }
    const rejected = emails[1]!;
    // The stand-in accepts every message; the front in front of it answers SES's MessageRejected for one recipient.
    const rejecting = await mailerRejecting(rejected);
    const { mailer } = rejecting;

    const report = await run('birthday-greetings', '2029-03-05T02:00:00Z', { mailer });

    expect(report.failed).toEqual([{ guestId: guestIds.get(rejected), reason: 'could not be sent: MessageRejected' }]);
    expect(report.skipped).toEqual([]);
    expect(report.sent.map((s) => s.guestId).sort()).toEqual(
      emails
        .filter((e) => e !== rejected)
        .map((e) => guestIds.get(e))
        .sort(),
    );
    expect((await outboxTo(...emails)).flatMap((m) => m.destination.to).sort()).toEqual(emails.filter((e) => e !== rejected).sort());
    expect(await ledgerEntry(guestIds.get(rejected)!, 'birthday-greetings', '2029')).toMatchObject({
      status: 'failed',
      failureReason: 'could not be sent: MessageRejected',
    });

    const attemptedBefore = rejecting.attempted.length;
    const rerun = await run('birthday-greetings', '2029-03-05T03:00:00Z', { mailer });

    expect(rerun.sent).toEqual([]);
    // A rerun tells the guest marked failed apart from those who got their email.
    expect(rerun.skipped).toHaveLength(emails.length);
    expect(rerun.skipped).toContainEqual({ guestId: guestIds.get(rejected), reason: 'marked failed earlier: could not be sent: MessageRejected' });
    for (const email of emails.filter((e) => e !== rejected))
      expect(rerun.skipped).toContainEqual({ guestId: guestIds.get(email), reason: 'already sent (2029)' });
    expect(rejecting.attempted).toHaveLength(attemptedBefore);
    expect(await outboxTo(...emails)).toHaveLength(emails.length - 1);
    expect(await ledgerEntry(guestIds.get(rejected)!, 'birthday-greetings', '2029')).toMatchObject({ status: 'failed' });
  });

  it('skips a guest whose profile cannot make an email and sends the others', async () => {
    const broken = 'line.break.name@example.com';
    const fine = 'renders.fine@example.com';
    // The events' schema refuses a line break in a name; the store does not validate, so recording the check-in
    // straight through it stands for a profile written before that rule, or by a path that skipped it.
    const brokenId = await stay(
      guestWith({ email: broken, lastName: 'Yu\r\nBcc: all@example.com', birthDate: '1976-03-12' }),
      '2033',
      '2026-02-15T14:00:00+07:00',
      '2026-02-17T11:00:00+07:00',
    );
    const fineId = await stay(guestWith({ email: fine, birthDate: '1976-03-12' }), '2034', '2026-02-15T15:00:00+07:00', '2026-02-17T12:00:00+07:00');

    const report = await run('birthday-greetings', '2029-03-12T02:00:00Z');

    expect(report.sent).toEqual([{ guestId: fineId, propertyId: 'bangkok', period: '2029' }]);
    expect(report.failed).toEqual([{ guestId: brokenId, reason: expect.stringContaining('MalformedEmailError') }]);
    expect(await outboxTo(broken)).toEqual([]);
    expect(await outboxTo(fine)).toHaveLength(1);
    expect(await ledgerEntry(brokenId, 'birthday-greetings', '2029')).toMatchObject({ status: 'failed' });

    const rerun = await run('birthday-greetings', '2029-03-12T03:00:00Z');
    expect(rerun.sent).toEqual([]);
    expect(rerun.skipped).toContainEqual({
      guestId: brokenId,
      reason: expect.stringMatching(/^marked failed earlier: could not be sent: MalformedEmailError$/),
    });
    expect(await outboxTo(broken, fine)).toHaveLength(1);
  });

  it("logs a rejected send without the SES message, which carries the guest's address", async () => {
    const email = 'rejected.logged@example.com';
    const guestId = await stay(guestWith({ email, birthDate: '1976-03-19' }), '2035', '2026-02-20T14:00:00+07:00', '2026-02-22T11:00:00+07:00');
    // As above: the front makes SES reject one recipient.
    const { mailer } = await mailerRejecting(email);
    const logged: string[] = [];
    const capture = (...parts: unknown[]) => {
      logged.push(parts.map((p) => (typeof p === 'string' ? p : p instanceof Uint8Array ? Buffer.from(p).toString('utf8') : JSON.stringify(p))).join(' '));
      return true;
    };
    // The logger may write through the global console or straight to the process's streams (its own Console).
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method).mockImplementation(capture)),
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      const report = await run('birthday-greetings', '2029-03-19T02:00:00Z', { mailer });
      expect(report.failed).toEqual([{ guestId, reason: 'could not be sent: MessageRejected' }]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const everything = logged.join('\n');
    expect(everything).toContain(guestId);
    expect(everything).toContain('MessageRejected');
    expect(everything.toLowerCase()).not.toContain(email);
  });

  it('sends "we miss you" a year after the last stay, but nothing to a lapsed guest who is in house', async () => {
    const away = 'lapsed.away@example.com';
    const inHouse = 'lapsed.in.house@example.com';
    const awayId = await stay(
      guestWith({ email: away, title: 'Mr', lastName: 'Away', language: 'en', birthDate: '1970-01-15' }),
      '2021',
      '2026-11-01T14:00:00+07:00',
      '2026-11-03T11:00:00+07:00',
    );
    const inHouseGuest = guestWith({ email: inHouse, birthDate: '1970-01-16' });
    const inHouseId = await stay(inHouseGuest, '2022', '2026-11-01T15:00:00+07:00', '2026-11-03T12:00:00+07:00');
    await checkIn(inHouseGuest, '2023', '2027-11-02T14:00:00+07:00');

    const report = await run('lapsed-guests', '2027-11-03T02:00:00Z');

    expect(report.sent).toEqual([{ guestId: awayId, propertyId: 'bangkok', period: '2026-11-03+1y' }]);
    expect(report.skipped).toEqual([{ guestId: inHouseId, reason: 'in house' }]);
    const [mail] = await outboxTo(away);
    expect(mail?.subject).toBe('We miss you, Mr. Away');
    expect(mail?.body.text).toContain('It has been one year since your last stay with us.');
    expect(await outboxTo(inHouse)).toEqual([]);
  });

  it('sends only the birthday greeting to a guest whose birthday falls on the anniversary of the last stay', async () => {
    const email = 'birthday.and.lapse@example.com';
    const guestId = await stay(guestWith({ email, language: 'en', birthDate: '1975-12-10' }), '2024', '2026-12-08T14:00:00+07:00', '2026-12-10T11:00:00+07:00');

    const lapsed = await run('lapsed-guests', '2027-12-10T02:00:00Z');
    const birthday = await run('birthday-greetings', '2027-12-10T02:00:00Z');

    expect(lapsed.sent).toEqual([]);
    expect(lapsed.skipped).toEqual([{ guestId, reason: 'gets a birthday greeting today' }]);
    expect(birthday.sent).toEqual([{ guestId, propertyId: 'bangkok', period: '2027' }]);
    const [mail, ...others] = await outboxTo(email);
    expect(others).toEqual([]);
    expect(mail?.subject).toBe('Happy birthday, Mr. Yu');
    expect(mail?.body.text).toContain('You have not stayed with us for one year.');
  });
});

describe('concurrent sends', () => {
  /** The real mailer, watched: how many sends it has under way at once. */
  function watched(mailer: Mailer) {
    const seen = { now: 0, most: 0 };
    const watchedMailer: Mailer = {
      async send(email) {
        seen.most = Math.max(seen.most, ++seen.now);
        try {
          return await mailer.send(email);
        } finally {
          seen.now--;
        }
      },
    };
    return { mailer: watchedMailer, seen };
  }

  it('has several sends under way at once, never more than the bound, and sends each email once', async () => {
    const emails = Array.from({ length: 9 }, (_, i) => `together.${i}@example.com`);
    for (const [i, email] of emails.entries())
      await stay(guestWith({ email, birthDate: '1979-12-01' }), `210${i}`, '2026-11-10T14:00:00+07:00', '2026-11-12T11:00:00+07:00');
    const { mailer, seen } = watched(sesMailer);

    const report = await run('birthday-greetings', '2029-12-01T02:00:00Z', { mailer, maxConcurrentSends: 3 });

    expect(report.sent).toHaveLength(emails.length);
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.most).toBeLessThanOrEqual(3);
    expect((await outboxTo(...emails)).map((m) => m.destination.to[0]).sort()).toEqual([...emails].sort());
  });

  it('lets the sends under way finish and records them when one fails, and a rerun sends exactly the rest', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => `overlap.${i}@example.com`);
    const guestIds = new Map<string, string>();
    for (const [i, email] of emails.entries()) {
      guestIds.set(email, await stay(guestWith({ email, birthDate: '1979-12-02' }), `211${i}`, '2026-11-10T14:00:00+07:00', '2026-11-12T11:00:00+07:00'));
    }
    const { mailer } = await mailerThrough(
      onNthSend(2, { kind: 'refuse', status: 400, code: 'MailFromDomainNotVerifiedException', message: 'The MAIL-FROM domain is not verified.' }),
    );

    await expect(run('birthday-greetings', '2029-12-02T02:00:00Z', { mailer, maxConcurrentSends: 3 })).rejects.toThrow(/claim was released/);

    // Whatever went out is recorded as sent; nothing else holds a claim.
    const delivered = new Set((await outboxTo(...emails)).map((m) => m.destination.to[0]));
    for (const email of emails) {
      const entry = await ledgerEntry(guestIds.get(email)!, 'birthday-greetings', '2029');
      expect(entry?.status).toBe(delivered.has(email) ? 'sent' : undefined);
    }
    const rerun = await run('birthday-greetings', '2029-12-02T03:00:00Z');
    expect(rerun.sent).toHaveLength(emails.length - delivered.size);
    expect((await outboxTo(...emails)).map((m) => m.destination.to[0]).sort()).toEqual([...emails].sort());
  });
});

describe('send pacing', () => {
  it('lets every call through at a rate far above the number of calls', async () => {
    const pace = createPacer(1_000_000);
    await expect(Promise.all(Array.from({ length: 1000 }, () => pace()))).resolves.toHaveLength(1000);
  });

  it('releases concurrent senders one at a time, in the order they asked', async () => {
    const pace = createPacer(200);
    const released: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => pace().then(() => released.push(i))));
    expect(released).toEqual([0, 1, 2, 3, 4]);
  });
});
