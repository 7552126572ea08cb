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
}

/** The Bangkok run, where every guest of this file stays. */
const runBirthdays = (at: string) => api.system.runJob('birthday-greetings', new Date(at), 'bangkok') as Promise<Report>;
const outboxTo = async (email: string) => (await readOutbox(api.system.sesEndpoint)).filter((m) => m.destination.to.includes(email));
const headerOf = (mail: { headers?: readonly { name: string; value: string }[] } | undefined, name: string) =>
  mail?.headers?.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;

describe('the one-click unsubscribe, end to end through the SES outbox', () => {
  it("carries List-Unsubscribe and List-Unsubscribe-Post in the sent email; a mail client's one-click POST to that link withdraws consent, answered in the guest's language", async () => {
    const email = 'one.click.header@example.com';
    const guestId = await api.stayOnce(
      '4201',
      { title: 'Mr', firstName: '偉', lastName: '余', email, birthDate: '1968-07-21', language: 'zh-Hant', marketingConsent: true },
      '2025-07-01T14:00:00+07:00',
      '2025-07-03T11:00:00+07:00',
    );

    expect((await runBirthdays('2026-07-21T02:00:00Z')).sent).toEqual([expect.objectContaining({ guestId })]);
    const [mail] = await outboxTo(email);
    expect(mail?.subject).toBe('余先生，祝您生日快樂');
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(http:\/\/127\.0\.0\.1:\d+\/v1\/unsubscribe\?token=[\w.-]+)>$/.exec(headerOf(mail, 'List-Unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(link?.startsWith(api.system.apiUrl)).toBe(true);

    // What a mailbox provider does with these headers (RFC 8058): a POST to the link, with this body, and no cookies.
    const oneClick = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const page = await oneClick.text();
    expect(page).toContain('<html lang="zh-Hant">');
    expect(page).toContain('您已取消訂閱');
    await api.settle();

    const card = await api.call('GET', `/v1/guests/${guestId}/recognition`);
    expect(card.body.contact.marketingConsent).toBe(false);
    expect((await runBirthdays('2027-07-21T02:00:00Z')).sent).toEqual([]);
    expect(await outboxTo(email)).toHaveLength(1);
  });

  it("shows the confirmation page in the guest's language, with its lang attribute, and changes nothing until the button is pressed", async () => {
    const email = 'confirm.in.thai@example.com';
    const guestId = await api.stayOnce(
      '4202',
      { firstName: 'Malee', lastName: 'Srisuk', email, birthDate: '1975-07-22', language: 'th', marketingConsent: true },
      '2025-07-01T14:00:00+07:00',
      '2025-07-03T11:00:00+07:00',
    );
    await runBirthdays('2026-07-22T02:00:00Z');
    const link = /^<([^>]+)>$/.exec(headerOf((await outboxTo(email))[0], 'List-Unsubscribe') ?? '')?.[1];

    const shown = await fetch(link!);
    const page = await shown.text();

    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain('<html lang="th">');
    expect(page).toContain('<title>ยกเลิกการรับอีเมลจากเราหรือไม่</title>');
    expect(page).toMatch(/<form method="post" action="\?token=[\w.-]+"><button type="submit"[^>]*>ยกเลิกการรับอีเมล<\/button><\/form>/);
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.contact.marketingConsent).toBe(true);
  });

  it('answers a forged link with 400 in each of the four languages, and unsubscribes nobody', async () => {
    const email = 'forged.link@example.com';
    const guestId = await api.stayOnce(
      '4203',
      { lastName: 'Forged', email, birthDate: '1975-07-23', marketingConsent: true },
      '2025-07-01T14:00:00+07:00',
      '2025-07-03T11:00:00+07:00',
    );
    await runBirthdays('2026-07-23T02:00:00Z');
    const link = /^<([^>]+)>$/.exec(headerOf((await outboxTo(email))[0], 'List-Unsubscribe') ?? '')![1]!;
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));

    const answer = await fetch(forged, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    const page = await answer.text();

    expect(answer.status).toBe(400);
    for (const language of ['en', 'zh-Hant', 'zh-Hans', 'th']) expect(page).toContain(`<section lang="${language}">`);
    expect(page).toContain('This link is not valid');
    await api.settle();
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.contact.marketingConsent).toBe(true);
  });
});
