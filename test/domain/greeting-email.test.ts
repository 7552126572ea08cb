import { describe, expect, it } from 'vitest';
import {
  emailLanguages,
  isInHouseOnTheDay,
  renderGreeting,
  templateLanguageFor,
  yearsInWords,
  type EmailLanguage,
  type GreetingRequest,
} from '#shared/domain/greeting-email';
import { mrYu } from '#test/support/builders';

const unsubscribeUrl = 'https://guests.example.com/v1/unsubscribe?token=v1.eyJnIjoiZ195dVdlaSJ9.c2lnbmF0dXJl&x=1';

const riverside = { id: 'bangkok', name: 'The Riverside, Bangkok', timeZone: 'Asia/Bangkok' };

function aGreeting(overrides: Partial<GreetingRequest> = {}, guest: Partial<GreetingRequest['guest']> = {}): GreetingRequest {
  return {
    campaign: 'birthday-greetings',
    guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', language: 'en', currentStays: [], ...guest },
    property: riverside,
    // 20 June 2029, 09:00 in Bangkok.
    at: new Date('2029-06-20T02:00:00Z'),
    yearsAway: 3,
    unsubscribeUrl,
    ...overrides,
  };
}

/** The visible words of the HTML part, entities decoded. */
function visibleTextOf(html: string): string {
  return html
    .replace(/<title>.*?<\/title>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('the Oriental card', () => {
  it('tells Mr. Yu, on his birthday three years after his last stay, that the hotel misses him', () => {
    const email = renderGreeting(aGreeting());

    expect(email.language).toBe('en');
    expect(email.subject).toBe('Happy birthday, Mr. Yu');
    expect(email.text).toContain('Dear Mr. Yu,');
    expect(email.text).toContain('You have not stayed with us for three years. We all miss you and hope to see you again. Happy birthday!');
    expect(email.text).toContain('With warm wishes,\nThe Riverside, Bangkok');
    expect(visibleTextOf(email.html)).toContain('You have not stayed with us for three years. We all miss you and hope to see you again. Happy birthday!');
  });

  it('wishes a guest who stayed within the year a happy birthday without saying the hotel misses them', () => {
    for (const yearsAway of [0, null]) {
      const email = renderGreeting(aGreeting({ yearsAway }));

      expect(email.subject).toBe('Happy birthday, Mr. Yu');
      expect(email.text).toContain('Dear Mr. Yu,');
      expect(email.text).toContain('happy birthday');
      expect(email.text).not.toMatch(/miss you|not stayed|years/i);
      expect(email.html).not.toMatch(/miss you|not stayed|years/i);
    }
  });

  it('tells a lapsed guest how long it has been since the last stay and that the hotel misses them', () => {
    const email = renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 3 }));

    expect(email.subject).toBe('We miss you, Mr. Yu');
    expect(email.text).toContain('Dear Mr. Yu,\n\nIt has been three years since your last stay with us. We all miss you and hope to welcome you back soon.');
    expect(email.text).not.toMatch(/birthday/i);
  });

  it('refuses a lapsed-guest email that does not know how long the guest has been away', () => {
    expect(() => renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: null }))).toThrow(RangeError);
    expect(() => renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 0 }))).toThrow(RangeError);
  });

  it('says "one year" for a guest away exactly a year', () => {
    const email = renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 1 }));

    expect(email.text).toContain('It has been one year since your last stay with us.');
  });

  it('ends every email with an unsubscribe line carrying the link, in both parts', () => {
    for (const campaign of ['birthday-greetings', 'lapsed-guests'] as const) {
      const email = renderGreeting(aGreeting({ campaign }));

      expect(email.text.trimEnd().endsWith(`If you would rather not receive these emails, unsubscribe: ${unsubscribeUrl}`)).toBe(true);
      expect(email.html).toContain(`<a href="${unsubscribeUrl.replace(/&/g, '&amp;')}" style="color:#777777;">Unsubscribe</a>`);
    }
  });

  it('refuses an unsubscribe link that is not a web address', () => {
    expect(() => renderGreeting(aGreeting({ unsubscribeUrl: 'javascript:alert(1)' }))).toThrow(RangeError);
    expect(() => renderGreeting(aGreeting({ unsubscribeUrl: 'not a url' }))).toThrow(RangeError);
  });
});

describe('each language', () => {
  const expectations: Record<EmailLanguage, { tag: string; subject: string; dear: string; missed: string; unsubscribe: string }> = {
    en: {
      tag: 'en-GB',
      subject: 'Happy birthday, Mr. Yu',
      dear: 'Dear Mr. Yu,',
      missed: 'You have not stayed with us for three years. We all miss you and hope to see you again.',
      unsubscribe: 'Unsubscribe',
    },
    'zh-Hant': {
      tag: 'zh-TW',
      subject: 'Yu先生，祝您生日快樂',
      dear: '親愛的Yu先生：',
      missed: '您已經三年沒有入住本酒店了。我們都很想念您，期待與您再次相見。祝您生日快樂！',
      unsubscribe: '取消訂閱',
    },
    'zh-Hans': {
      tag: 'zh-CN',
      subject: 'Yu先生，祝您生日快乐',
      dear: '亲爱的Yu先生：',
      missed: '您已经三年没有入住本酒店了。我们都很想念您，期待与您再次相见。祝您生日快乐！',
      unsubscribe: '取消订阅',
    },
    th: {
      tag: 'th-TH',
      subject: 'สุขสันต์วันเกิด คุณ Wei',
      dear: 'เรียน คุณ Wei',
      missed: 'ท่านไม่ได้มาพักกับเราเป็นเวลาสามปีแล้ว พวกเราทุกคนคิดถึงท่านและหวังว่าจะได้พบท่านอีกครั้ง สุขสันต์วันเกิด',
      unsubscribe: 'ยกเลิกการรับอีเมล',
    },
  };

  for (const language of emailLanguages) {
    const expected = expectations[language];

    it(`renders the birthday card in ${language} for a guest whose language is ${expected.tag}`, () => {
      const email = renderGreeting(aGreeting({}, { language: expected.tag }));

      expect(email.language).toBe(language);
      expect(email.subject).toBe(expected.subject);
      expect(email.text.startsWith(`${expected.dear}\n`)).toBe(true);
      expect(email.text).toContain(expected.missed);
      expect(email.text).toContain(unsubscribeUrl);
      expect(email.html).toContain(`<html lang="${language}">`);
      expect(email.html).toContain(`<title>${expected.subject}</title>`);
      expect(visibleTextOf(email.html)).toContain(expected.dear);
      expect(visibleTextOf(email.html)).toContain(expected.missed);
      expect(email.html).toContain(`href="${unsubscribeUrl.replace(/&/g, '&amp;')}"`);
      expect(visibleTextOf(email.html)).toContain(expected.unsubscribe);
    });

    it(`renders the lapsed-guest letter and the birthday within the year in ${language}, with the unsubscribe link`, () => {
      const lapsed = renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 2 }, { language: expected.tag }));
      const birthday = renderGreeting(aGreeting({ yearsAway: null }, { language: expected.tag }));

      for (const email of [lapsed, birthday]) {
        expect(email.language).toBe(language);
        expect(email.text.startsWith(`${expected.dear}\n`)).toBe(true);
        expect(email.text).toContain(unsubscribeUrl);
        expect(email.html).toContain(`href="${unsubscribeUrl.replace(/&/g, '&amp;')}"`);
      }
      expect(lapsed.text).toContain(yearsInWords(2, language));
      expect(birthday.text).not.toContain(expected.missed);
      expect(birthday.text).toContain('The Riverside, Bangkok');
    });
  }

  it('sets digits apart in Thai prose, as Thai writes them', () => {
    const email = renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 25 }, { language: 'th' }));

    expect(email.text).toContain('เวลาได้ผ่านไป 25 ปีแล้ว');
  });

  it('writes each template in its own script', () => {
    const textOf = (tag: string) => renderGreeting(aGreeting({ campaign: 'lapsed-guests' }, { language: tag })).text;

    expect(textOf('zh-Hant')).toContain('我們都很想念您');
    expect(textOf('zh-Hans')).toContain('我们都很想念您');
    expect(textOf('th')).toMatch(/\p{Script=Thai}{10}/u);
    expect(textOf('en')).not.toMatch(/[\p{Script=Han}\p{Script=Thai}]/u);
  });

  it('falls back to English for a language without a template, or none', () => {
    for (const language of ['fr', 'ja-JP', '', undefined]) {
      const email = renderGreeting(aGreeting({}, { language }));

      expect(email.language).toBe('en');
      expect(email.subject).toBe('Happy birthday, Mr. Yu');
      expect(email.html).toContain('<html lang="en">');
    }
  });
});

describe('a birthday while the guest is staying with us', () => {
  const inHouseSince = (checkedInOn: string, propertyId = 'bangkok') => ({ currentStays: [{ propertyId, checkedInOn }] });
  const present: Record<EmailLanguage, { tag: string; celebrated: string; lookForward: string }> = {
    en: { tag: 'en', celebrated: 'We are delighted to celebrate your birthday with you today', lookForward: 'We look forward to welcoming you again.' },
    'zh-Hant': { tag: 'zh-HK', celebrated: '今天能與您一同慶祝生日', lookForward: '期待再次為您服務' },
    'zh-Hans': { tag: 'zh-Hans', celebrated: '今天能与您一同庆祝生日', lookForward: '期待再次为您服务' },
    th: { tag: 'th', celebrated: 'ได้ร่วมฉลองวันเกิดกับท่านในวันนี้', lookForward: 'หวังว่าจะได้ต้อนรับท่านอีกครั้ง' },
  };

  for (const language of emailLanguages) {
    const expected = present[language];

    it(`greets a guest in house at the property as present, in ${language}, not as someone to welcome again`, () => {
      const email = renderGreeting(aGreeting({ yearsAway: 0 }, { language: expected.tag, ...inHouseSince('2029-06-18') }));

      expect(email.language).toBe(language);
      expect(email.text).toContain(expected.celebrated);
      expect(visibleTextOf(email.html)).toContain(expected.celebrated);
      expect(email.text).not.toContain(expected.lookForward);
      expect(email.text).toContain('The Riverside, Bangkok');
    });

    it(`still looks forward to welcoming back, in ${language}, a guest who is not in house`, () => {
      const email = renderGreeting(aGreeting({ yearsAway: 0 }, { language: expected.tag }));

      expect(email.text).toContain(expected.lookForward);
      expect(email.text).not.toContain(expected.celebrated);
    });
  }

  it("counts a stay that began on the birthday itself, in the property's time zone", () => {
    // 02:00 UTC on 20 June is 09:00 on 20 June in Bangkok: a check-in that day counts.
    expect(isInHouseOnTheDay(aGreeting({}, inHouseSince('2029-06-20')))).toBe(true);
    // 20:00 UTC on 19 June is already 03:00 on 20 June in Bangkok.
    expect(isInHouseOnTheDay(aGreeting({ at: new Date('2029-06-19T20:00:00Z') }, inHouseSince('2029-06-20')))).toBe(true);
  });

  it('does not count a stay at another property, nor one that began after the day (a replayed run)', () => {
    const atAnotherProperty = renderGreeting(aGreeting({ yearsAway: 0 }, inHouseSince('2029-06-18', 'chiangmai')));
    const checkedInLater = renderGreeting(aGreeting({ yearsAway: 0 }, inHouseSince('2029-06-21')));

    for (const email of [atAnotherProperty, checkedInLater]) {
      expect(email.text).toContain('We look forward to welcoming you again.');
      expect(email.text).not.toContain('celebrate your birthday with you today');
    }
  });

  it('greets as present even when a last stay ended years ago, rather than saying the hotel misses the guest', () => {
    const email = renderGreeting(aGreeting({ yearsAway: 3 }, inHouseSince('2029-06-19')));

    expect(email.text).toContain('We are delighted to celebrate your birthday with you today');
    expect(email.text).not.toContain('We all miss you');
  });

  it('leaves the "we miss you" letter as it is: that campaign never writes to a guest in house', () => {
    const email = renderGreeting(aGreeting({ campaign: 'lapsed-guests', yearsAway: 1 }, inHouseSince('2029-06-19')));

    expect(email.text).toContain('It has been one year since your last stay with us.');
  });
});

describe('template language for a guest language tag', () => {
  const table: ReadonlyArray<readonly [string | undefined, EmailLanguage]> = [
    ['zh-Hant', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-hant-tw', 'zh-Hant'],
    ['ZH_hk', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['zh-Hans', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['ZH-cn', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['th', 'th'],
    ['th-TH', 'th'],
    ['TH', 'th'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ];

  it.each(table)('maps %j to %s', (tag, language) => {
    expect(templateLanguageFor(tag)).toBe(language);
  });
});

describe('years in words', () => {
  const table: Record<EmailLanguage, Record<number, string>> = {
    en: { 1: 'one year', 2: 'two years', 3: 'three years', 10: 'ten years', 11: 'eleven years', 20: 'twenty years', 25: '25 years' },
    'zh-Hant': { 1: '一年', 2: '兩年', 3: '三年', 10: '十年', 11: '十一年', 20: '二十年', 25: '二十五年' },
    'zh-Hans': { 1: '一年', 2: '两年', 3: '三年', 10: '十年', 11: '十一年', 20: '二十年', 25: '二十五年' },
    th: { 1: 'หนึ่งปี', 2: 'สองปี', 3: 'สามปี', 10: 'สิบปี', 11: 'สิบเอ็ดปี', 20: 'ยี่สิบปี', 25: '25 ปี' },
  };

  for (const language of emailLanguages) {
    it(`writes 1, 2, 3, 10, 11, 20 and 25 years in ${language}`, () => {
      for (const [years, words] of Object.entries(table[language])) {
        expect(yearsInWords(Number(years), language)).toBe(words);
      }
    });
  }

  it('writes twelve as 十二 (only a lone two is 兩 / 两)', () => {
    expect(yearsInWords(12, 'zh-Hant')).toBe('十二年');
    expect(yearsInWords(22, 'zh-Hans')).toBe('二十二年');
  });

  it('refuses zero, negative and fractional years', () => {
    for (const years of [0, -1, 2.5, Number.NaN]) expect(() => yearsInWords(years, 'en')).toThrow(RangeError);
  });
});

describe('salutations', () => {
  const salutation = (language: string, guest: Partial<GreetingRequest['guest']>) => renderGreeting(aGreeting({}, { language, ...guest })).text.split('\n')[0];

  it('uses the Chinese honorific after the family name for each known title', () => {
    const honorifics = { Mr: '先生', Mrs: '太太', Ms: '女士', Miss: '小姐', Dr: '博士', Prof: '教授' };
    for (const [title, honorific] of Object.entries(honorifics)) {
      expect(salutation('zh-Hant', { title })).toBe(`親愛的Yu${honorific}：`);
      expect(salutation('zh-Hans', { title: `${title.toUpperCase()}.` })).toBe(`亲爱的Yu${honorific}：`);
    }
  });

  it('addresses a guest without a known title by full name and 貴賓 / 贵宾, family name first for Chinese names', () => {
    expect(salutation('zh-Hant', { title: undefined })).toBe('親愛的Wei Yu貴賓：');
    expect(salutation('zh-Hans', { title: 'Mx' })).toBe('亲爱的Wei Yu贵宾：');
    expect(salutation('zh-Hant', { title: undefined, firstName: '偉', lastName: '余' })).toBe('親愛的余偉貴賓：');
    expect(salutation('zh-Hant', { title: 'Mr', firstName: '偉', lastName: '余' })).toBe('親愛的余先生：');
  });

  it('addresses a Thai guest as คุณ and the first name, or the last name when there is none', () => {
    expect(salutation('th', {})).toBe('เรียน คุณ Wei');
    expect(salutation('th', { firstName: undefined })).toBe('เรียน คุณ Yu');
    expect(salutation('th', { firstName: 'สมชาย', lastName: 'ใจดี' })).toBe('เรียน คุณสมชาย');
  });

  it('follows the house rule in English: a period after an abbreviated title, else the full name', () => {
    expect(salutation('en', { title: 'Dr' })).toBe('Dear Dr. Yu,');
    expect(salutation('en', { title: undefined })).toBe('Dear Wei Yu,');
    expect(salutation('en', { title: undefined, firstName: undefined })).toBe('Dear Yu,');
  });
});

describe('what the email contains', () => {
  it('escapes names and the property name in the HTML and keeps them as written in the text', () => {
    const email = renderGreeting(
      aGreeting(
        { property: { ...riverside, name: 'Bed & <b>Breakfast</b>' } },
        { title: undefined, firstName: `<script>alert("x")</script>`, lastName: "O'Neil" },
      ),
    );

    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil');
    expect(email.html).toContain('Bed &amp; &lt;b&gt;Breakfast&lt;/b&gt;');
    expect(email.text).toContain(`Dear <script>alert("x")</script> O'Neil,`);
  });

  it('is a complete, self-contained HTML document with inline styles only', () => {
    for (const language of emailLanguages) {
      const { html } = renderGreeting(aGreeting({}, { language }));

      expect(html.startsWith('<!doctype html>\n')).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
      expect(html).not.toMatch(/<img|<script|<link|<style|@import|url\(|src=/i);
    }
  });

  it('says nothing about the guest beyond the salutation: no email address, birth date or phone', () => {
    const guest = { ...mrYu, currentStays: [], room: '1203', totalSpend: 12_345 } as unknown as GreetingRequest['guest'];
    for (const language of emailLanguages) {
      const email = renderGreeting(aGreeting({ guest: { ...guest, language } }));
      const everything = `${email.subject}\n${email.text}\n${email.html}`;

      expect(everything).not.toContain(mrYu.email);
      expect(everything).not.toContain('1970');
      expect(everything).not.toContain('06-20');
      expect(everything).not.toContain(mrYu.phone);
      expect(everything).not.toContain('1203');
      expect(everything).not.toContain('12345');
    }
  });
});
