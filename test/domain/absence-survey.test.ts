import { describe, expect, it } from 'vitest';
import { absenceReasons, answerMonthOf, monthsBetween } from '#shared/domain/absence-survey';
import { signAbsenceSurveyToken, verifyAbsenceSurveyToken } from '#shared/domain/absence-survey-token';
import { emailLanguages, renderGreeting } from '#shared/domain/greeting-email';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token';
import { renderSurveyAlreadyAnsweredPage, renderSurveyForm, renderSurveyInvalidLinkPage, renderSurveyThanksPage } from '#shared/email/absence-survey-page';
import { readSurveyAnswer } from '#shared/use-cases/absence-survey';

const signingKey = `${'k'.repeat(16)}0123456789abcdef`;
const otherKey = `${'o'.repeat(16)}0123456789abcdef`;
const claim = { guestId: 'g_yuWei0000000000000000', propertyId: 'bangkok', survey: '2026-11-30+1y', language: 'en' } as const;

describe('absence survey token', () => {
  it('verifies to the claim it was signed with', () => {
    expect(verifyAbsenceSurveyToken(signAbsenceSurveyToken(claim, signingKey), signingKey)).toEqual(claim);
  });

  it('is signed for its own purpose: an unsubscribe token never opens the survey, and a survey token never unsubscribes', () => {
    const unsubscribeToken = signUnsubscribeToken({ guestId: claim.guestId, language: 'en' }, signingKey);
    const surveyToken = signAbsenceSurveyToken(claim, signingKey);

    expect(verifyAbsenceSurveyToken(unsubscribeToken, signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(surveyToken, signingKey)).toBeUndefined();
  });

  it('refuses a token signed with another key, altered, or malformed', () => {
    const token = signAbsenceSurveyToken(claim, signingKey);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const otherPayload = Buffer.from(JSON.stringify({ g: 'g_someoneElse0000000000', p: 'bangkok', s: claim.survey, l: 'en' })).toString('base64url');

    expect(verifyAbsenceSurveyToken(signAbsenceSurveyToken(claim, otherKey), signingKey)).toBeUndefined();
    expect(verifyAbsenceSurveyToken(`${version}.${otherPayload}.${signature}`, signingKey)).toBeUndefined();
    expect(verifyAbsenceSurveyToken(`${version}.${payload}`, signingKey)).toBeUndefined();
    expect(verifyAbsenceSurveyToken('', signingKey)).toBeUndefined();
    expect(verifyAbsenceSurveyToken('x'.repeat(600), signingKey)).toBeUndefined();
  });
});

describe('absence survey pages', () => {
  const questions = { en: 'What kept you away?', 'zh-Hant': '是什麼讓您久未光臨？', 'zh-Hans': '是什么让您久未光临？', th: 'อะไรทำให้ท่านห่างหายไป' };

  it.each(emailLanguages)('asks the question in %s, with the page in that language and every choice labelled', (language) => {
    const page = renderSurveyForm(language, 'v1.abc.def');

    expect(page.statusCode).toBe(200);
    expect(page.html).toContain(`<html lang="${language}">`);
    expect(page.html).toContain(questions[language]);
    for (const reason of absenceReasons)
      expect(page.html).toMatch(new RegExp(`id="reason-${reason}" value="${reason}"[^>]*>\\s*<label for="reason-${reason}">`));
    expect(page.html).toContain('<label for="survey-text">');
    expect(page.html).toContain('action="?token=v1.abc.def"');
  });

  it.each(emailLanguages)('thanks, and refuses a second answer politely, in %s', (language) => {
    expect(renderSurveyThanksPage(language).html).toContain(`lang="${language}"`);
    const again = renderSurveyAlreadyAnsweredPage(language);
    expect(again.statusCode).toBe(409);
    expect(again.html).toContain(`lang="${language}"`);
  });

  it('says an invalid link is not valid in all four languages, and nothing about whose it was', () => {
    const page = renderSurveyInvalidLinkPage();

    expect(page.statusCode).toBe(400);
    for (const language of emailLanguages) expect(page.html).toContain(`<section lang="${language}">`);
    expect(page.html).toContain('This link is not valid');
    expect(page.html).toContain('ลิงก์นี้ไม่ถูกต้อง');
  });

  it('shows the form again with the mistake named, keeping what was typed, escaped', () => {
    const page = renderSurveyForm('en', 't', { error: 'reason', text: '<b>closer to the office</b>' });

    expect(page.statusCode).toBe(400);
    expect(page.html).toContain('role="alert"');
    expect(page.html).toContain('Please choose one answer.');
    expect(page.html).toContain('&lt;b&gt;closer to the office&lt;/b&gt;');
  });
});

describe('reading an answer', () => {
  it('takes a reason and optional text, trimmed, with CRLF line breaks as LF', () => {
    expect(readSurveyAnswer({ reason: 'stayed-elsewhere', text: '  closer to the office\r\nand cheaper ' })).toEqual({
      reason: 'stayed-elsewhere',
      text: 'closer to the office\nand cheaper',
    });
    expect(readSurveyAnswer({ reason: 'price', text: '   ' })).toEqual({ reason: 'price' });
    expect(readSurveyAnswer({ reason: 'price' })).toEqual({ reason: 'price' });
  });

  it('names the field that is wrong: no reason, an unknown one, text too long or with control characters', () => {
    expect(readSurveyAnswer(undefined)).toMatchObject({ error: 'reason' });
    expect(readSurveyAnswer({ reason: 'weather' })).toMatchObject({ error: 'reason' });
    expect(readSurveyAnswer({ reason: 'price', text: 'x'.repeat(301) })).toMatchObject({ error: 'text' });
    expect(readSurveyAnswer({ reason: 'price', text: 'a\u0007b' })).toMatchObject({ error: 'text' });
    expect(readSurveyAnswer({ reason: 'price', text: 'a\u202eb' })).toMatchObject({ error: 'text' });
  });
});

describe('months', () => {
  it('counts an answer in its local month at the property', () => {
    // 23:30 UTC on 31 March is 06:30 on 1 April in Bangkok.
    expect(answerMonthOf({ at: '2027-03-31T23:30:00Z', propertyId: 'bangkok' })).toBe('2027-04');
  });

  it('lists the months of a range across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-03', '2027-03')).toEqual(['2027-03']);
  });
});

describe('the "we miss you" email', () => {
  const request = {
    guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', currentStays: [] },
    property: { id: 'bangkok', name: 'The Riverside, Bangkok', timeZone: 'Asia/Bangkok' },
    at: new Date('2029-06-20T02:30:00Z'),
    yearsAway: 3,
    unsubscribeUrl: 'https://guests.example.com/v1/unsubscribe?token=u',
    surveyUrl: 'https://guests.example.com/v1/absence-survey?token=s',
  };

  it.each(emailLanguages)('asks what kept the guest away, with the link, in %s', (language) => {
    const email = renderGreeting({ ...request, campaign: 'lapsed-guests', guest: { ...request.guest, language } });
    const question = { en: 'What kept you away?', 'zh-Hant': '是什麼讓您久未光臨？', 'zh-Hans': '是什么让您久未光临？', th: 'อะไรทำให้ท่านห่างหายไป' }[language];

    expect(email.text).toContain(question);
    expect(email.text).toContain(request.surveyUrl);
    expect(email.html).toContain(`<a href="${request.surveyUrl}">`);
  });

  it('is not in a birthday greeting', () => {
    const email = renderGreeting({ ...request, campaign: 'birthday-greetings' });

    expect(email.text).not.toContain('absence-survey');
    expect(email.html).not.toContain('absence-survey');
  });

  it('refuses a survey link that is not a web link', () => {
    expect(() => renderGreeting({ ...request, campaign: 'lapsed-guests', surveyUrl: 'javascript:alert(1)' })).toThrow(RangeError);
  });
});
