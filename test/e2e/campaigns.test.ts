import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '#local/ses';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;

beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

interface Report {
  sent: { guestId: string; period: string }[];
  skipped: { guestId: string; reason: string }[];
}

/** The run for the Bangkok property, where every guest of this file stays. */
const runJob = (name: 'birthday-greetings' | 'lapsed-guests', at: string) => api.system.runJob(name, new Date(at), 'bangkok') as Promise<Report>;
const outboxTo = async (email: string) => (await readOutbox(api.system.sesEndpoint)).filter((m) => m.destination.to.some((to) => to.includes(email)));

describe('birthday and "we miss you" emails, end to end', () => {
  it('sends Mr. Yu the Oriental birthday card three years after his last stay, on his Bangkok birthday, once', async () => {
    const email = 'yu.three.years@example.com';
    const guestId = await api.stayOnce(
      '4101',
      { title: 'Mr', lastName: 'Yu', email, birthDate: '1968-06-20', marketingConsent: true },
      '2026-06-07T14:00:00+07:00',
      '2026-06-09T11:00:00+07:00',
    );

    // 19 June 18:30 UTC is already 20 June, 01:30, in Bangkok.
    const first = await runJob('birthday-greetings', '2029-06-19T18:30:00Z');
    expect(first.sent).toEqual([expect.objectContaining({ guestId, period: '2029' })]);
    const [mail] = await outboxTo(email);
    expect(mail?.from).toContain('welcome@bangkok.example.com');
    expect(mail?.body.text).toContain('Dear Mr. Yu');
    expect(mail?.body.text).toContain('You have not stayed with us for three years. We all miss you and hope to see you again.');
    expect(mail?.body.html).toContain('/v1/unsubscribe?token=');

    const again = await runJob('birthday-greetings', '2029-06-20T02:00:00Z');
    expect(again.sent).toEqual([]);
    expect(again.skipped).toContainEqual({ guestId, reason: 'already sent (2029)' });
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('sends "we miss you" exactly N years after the last stay, but not on the guest\'s birthday nor while in house', async () => {
    const email = 'lapsed.guest@example.com';
    const guestId = await api.stayOnce(
      '4102',
      { title: 'Ms', lastName: 'Lapsed', email, birthDate: '--03-15', marketingConsent: true, language: 'th' },
      '2025-08-01T14:00:00+07:00',
      '2025-08-03T11:00:00+07:00',
    );
    expect((await runJob('lapsed-guests', '2026-08-02T02:30:00Z')).sent).toEqual([]);
    const report = await runJob('lapsed-guests', '2026-08-03T02:30:00Z');
    expect(report.sent).toEqual([expect.objectContaining({ guestId, period: '2025-08-03+1y' })]);
    const [mail] = await outboxTo(email);
    expect(mail?.body.text).toContain('คุณ');
    expect((await runJob('lapsed-guests', '2026-08-03T03:30:00Z')).sent).toEqual([]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('unsubscribes with one click from the link in the email, and sends nothing after', async () => {
    const email = 'one.click@example.com';
    const guestId = await api.stayOnce(
      '4103',
      { lastName: 'Click', email, birthDate: '1980-09-09', marketingConsent: true },
      '2025-09-01T14:00:00+07:00',
      '2025-09-02T11:00:00+07:00',
    );
    await runJob('birthday-greetings', '2026-09-09T02:00:00Z');
    const [mail] = await outboxTo(email);
    const link = /https?:\/\/[^\s"<>]+\/v1\/unsubscribe\?token=[\w.-]+/.exec(mail!.body.text!)![0];

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const forged = await fetch(
      link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      { method: 'POST' },
    );
    expect(forged.status).toBe(400);
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    await api.settle();

    const card = await api.call('GET', `/v1/guests/${guestId}/recognition`);
    expect(card.status).toBe(200);
    expect((await runJob('birthday-greetings', '2027-09-09T02:00:00Z')).sent).toEqual([]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it('stops mailing an address after SES reports a hard bounce', async () => {
    const email = 'bounces@example.com';
    await api.stayOnce(
      '4104',
      { lastName: 'Bounce', email, birthDate: '1975-10-10', marketingConsent: true },
      '2025-10-01T14:00:00+07:00',
      '2025-10-02T11:00:00+07:00',
    );
    const ses = new EventBridgeClient({ endpoint: api.system.busEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'ses', secretAccessKey: 'ses' } });
    await ses.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'aws.ses',
            DetailType: 'Email Bounced',
            EventBusName: 'default',
            Detail: JSON.stringify({
              eventType: 'Bounce',
              mail: { messageId: 'm-1' },
              bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Bounces@Example.com' }], timestamp: '2026-01-01T00:00:00Z' },
            }),
          },
        ],
      }),
    );
    await api.settle();
    const report = await runJob('birthday-greetings', '2026-10-10T02:00:00Z');
    expect(report.skipped).toContainEqual(expect.objectContaining({ reason: 'address suppressed (bounce or complaint)' }));
    expect(await outboxTo(email)).toHaveLength(0);
  });
});
