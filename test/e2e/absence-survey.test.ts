import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '#local/ses';
import { answerMonthOf } from '#shared/domain/absence-survey';
import { startTestSystem, type TestSystem } from './local-system.ts';

let api: TestSystem;

beforeAll(async () => {
  api = await startTestSystem();
});
afterAll(() => api?.stop());

const outboxTo = async (email: string) => (await readOutbox(api.system.sesEndpoint)).filter((m) => m.destination.to.some((to) => to.includes(email)));
const linkIn = (text: string, path: string) => new RegExp(`https?://[^\\s"<>]+${path}\\?token=[\\w.-]+`).exec(text)?.[0];
const answer = (link: string, form: Record<string, string>) =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

describe('"What kept you away?", end to end', () => {
  it('asks in the "we miss you" email, records the first answer once, shows it to the front desk only, counts it, and erases it with the guest', async () => {
    const email = 'kept.away@example.com';
    const guestId = await api.stayOnce(
      '4301',
      { title: 'Ms', lastName: 'Away', email, marketingConsent: true, language: 'en' },
      '2025-03-10T14:00:00+07:00',
      '2025-03-12T11:00:00+07:00',
    );
    const report = (await api.system.runJob('lapsed-guests', new Date('2026-03-12T02:30:00Z'), 'bangkok')) as { sent: { guestId: string }[] };
    expect(report.sent).toEqual([expect.objectContaining({ guestId })]);
    const [mail] = await outboxTo(email);
    expect(mail?.body.text).toContain('What kept you away?');
    const link = linkIn(mail!.body.text!, '/v1/absence-survey')!;
    const unsubscribeLink = linkIn(mail!.body.text!, '/v1/unsubscribe')!;
    expect(mail?.body.html).toContain(link.replace(/&/g, '&amp;'));

    // GET shows the question in the email's language and changes nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<input type="radio" name="reason" id="reason-stayed-elsewhere"');

    // An unsubscribe token does not open the survey, a forged one neither; a form without a reason is shown again.
    expect((await fetch(link.replace('/v1/absence-survey', '/v1/unsubscribe'))).status).toBe(400);
    expect((await fetch(unsubscribeLink.replace('/v1/unsubscribe', '/v1/absence-survey'))).status).toBe(400);
    expect(
      (
        await answer(
          link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          { reason: 'price' },
        )
      ).status,
    ).toBe(400);
    const noReason = await answer(link, { text: 'closer to the office' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Please choose one answer.');
    expect((await answer(link, { reason: 'price', text: 'x'.repeat(301) })).status).toBe(400);
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).body.absenceAnswer).toBeNull();

    const first = await answer(link, { reason: 'stayed-elsewhere', text: 'closer to the office' });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Thank you for telling us');
    const again = await answer(link, { reason: 'price', text: 'too dear' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You have already told us');
    // Coming back to the link, the guest is told so rather than asked again.
    const revisited = await fetch(link);
    expect(revisited.status).toBe(200);
    const revisitedHtml = await revisited.text();
    expect(revisitedHtml).toContain('You have already told us');
    expect(revisitedHtml).not.toContain('<form');

    const desk = await api.call('GET', `/v1/guests/${guestId}/recognition`);
    expect(desk.body.absenceAnswer).toMatchObject({ propertyId: 'bangkok', reason: 'stayed-elsewhere', text: 'closer to the office' });
    const restaurant = await api.call('GET', `/v1/guests/${guestId}/recognition`, { role: 'restaurant' });
    expect(restaurant.status).toBe(200);
    expect(restaurant.body).not.toHaveProperty('absenceAnswer');
    expect(JSON.stringify(restaurant.body)).not.toContain('closer to the office');

    const month = answerMonthOf({ at: desk.body.absenceAnswer.at, propertyId: 'bangkok' });
    const summary = await api.call('GET', `/v1/lapsed-reasons?propertyId=bangkok&month=${month}`, { role: 'admin' });
    expect(summary.status).toBe(200);
    expect(summary.body.months).toEqual([
      expect.objectContaining({ month, answers: 1, reasons: expect.objectContaining({ 'stayed-elsewhere': 1, price: 0 }) }),
    ]);
    expect(summary.body.total.answers).toBe(1);
    expect((await api.call('GET', `/v1/lapsed-reasons?month=${month}`, { role: 'frontdesk' })).status).toBe(403);
    expect((await api.call('GET', `/v1/lapsed-reasons?propertyId=bangkok&month=2026-13`, { role: 'admin' })).body.error.fields).toHaveProperty(['query.month']);
    expect((await api.call('GET', `/v1/lapsed-reasons?propertyId=bangkok&month=${month}`, { role: 'admin', propertyId: 'chiangmai' })).status).toBe(403);

    const exported = await api.call('GET', `/v1/guests/${guestId}/export`, { role: 'admin' });
    expect(exported.body.profile.absenceAnswer).toMatchObject({ reason: 'stayed-elsewhere' });
    expect(exported.body.history.filter((entry: { kind: string }) => entry.kind === 'absence-answer')).toHaveLength(1);

    expect((await api.call('DELETE', `/v1/guests/${guestId}`, { role: 'admin' })).status).toBe(200);
    expect((await api.call('GET', `/v1/guests/${guestId}/recognition`)).status).toBe(404);
    // The link no longer names anyone; the month's counts, which hold no guest data, stay.
    expect((await answer(link, { reason: 'other' })).status).toBe(400);
    expect((await api.call('GET', `/v1/lapsed-reasons?propertyId=bangkok&month=${month}`, { role: 'admin' })).body.total.answers).toBe(1);
  });

  it("speaks the email's language on the page the link opens", async () => {
    const email = 'kept.away.thai@example.com';
    await api.stayOnce(
      '4302',
      { lastName: 'Away', firstName: 'Somchai', email, marketingConsent: true, language: 'th' },
      '2025-04-10T14:00:00+07:00',
      '2025-04-12T11:00:00+07:00',
    );
    await api.system.runJob('lapsed-guests', new Date('2026-04-12T02:30:00Z'), 'bangkok');
    const [mail] = await outboxTo(email);
    const link = linkIn(mail!.body.text!, '/v1/absence-survey')!;

    const html = await (await fetch(link)).text();
    expect(html).toContain('<html lang="th">');
    expect(html).toContain('อะไรทำให้ท่านห่างหายไป');
    const thanks = await answer(link, { reason: 'price' });
    expect(await thanks.text()).toContain('ขอบคุณที่บอกเรา');
  });
});
