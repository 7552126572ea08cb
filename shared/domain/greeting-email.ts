/**
 * The birthday card and the "we miss you" letter (the Oriental's card, cases 1-3), in the guest's language.
 * Plain data in, subject + text + HTML out. The email carries the salutation and nothing else about the guest:
 * no address, birth date, room or spend, so a forwarded or misdelivered mail gives nothing away.
 */
import { toLocalDate } from './dates.ts';
import type { Stay } from './guest-profile.ts';
import { fullNameOf, salutationOf } from './recognition-card.ts';

export const campaigns = ['birthday-greetings', 'lapsed-guests'] as const;
export type Campaign = (typeof campaigns)[number];

export const emailLanguages = ['en', 'zh-Hant', 'zh-Hans', 'th'] as const;
export type EmailLanguage = (typeof emailLanguages)[number];

const traditionalChineseRegions = new Set(['tw', 'hk', 'mo']);

/**
 * Maps a guest's language tag to a template language: zh-Hant, zh-TW, zh-HK, zh-MO -> zh-Hant; zh, zh-Hans, zh-CN,
 * zh-SG -> zh-Hans; th, th-TH -> th; en-* and anything else or undefined -> en. Case-insensitive.
 */
export function templateLanguageFor(tag: string | undefined): EmailLanguage {
  // Hotel systems send both `zh-TW` and `zh_TW`.
  const subtags = (tag ?? '').trim().toLowerCase().split(/[-_]/);
  const [primary, ...rest] = subtags;
  if (primary === 'th') return 'th';
  if (primary !== 'zh') return 'en';
  // An explicit script wins over the region: zh-Hans-HK is Simplified.
  if (rest.includes('hant')) return 'zh-Hant';
  if (rest.includes('hans')) return 'zh-Hans';
  return rest.some((subtag) => traditionalChineseRegions.has(subtag)) ? 'zh-Hant' : 'zh-Hans';
}

const englishNumbers = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const chineseDigits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const thaiNumbers = [
  'หนึ่ง',
  'สอง',
  'สาม',
  'สี่',
  'ห้า',
  'หก',
  'เจ็ด',
  'แปด',
  'เก้า',
  'สิบ',
  'สิบเอ็ด',
  'สิบสอง',
  'สิบสาม',
  'สิบสี่',
  'สิบห้า',
  'สิบหก',
  'สิบเจ็ด',
  'สิบแปด',
  'สิบเก้า',
  'ยี่สิบ',
];

/** 1..99 in Chinese numerals (十一, 二十, 二十五); larger numbers read better as digits. */
function chineseNumberOf(value: number): string {
  if (value > 99) return String(value);
  const tens = Math.floor(value / 10);
  const units = chineseDigits[value % 10] ?? '';
  if (tens === 0) return units;
  return `${tens === 1 ? '' : chineseDigits[tens]}十${units}`;
}

/**
 * Whole years in words: en "one year" / "three years" (words up to twenty, digits beyond), zh "三年" (Chinese numerals
 * up to 99; a lone two is 兩年 / 两年, as Chinese says a duration), th "สามปี" (words up to twenty, digits beyond).
 */
export function yearsInWords(years: number, language: EmailLanguage): string {
  if (!Number.isInteger(years) || years < 1) throw new RangeError(`years must be a whole number from 1, got ${years}`);
  switch (language) {
    case 'en': {
      const count = englishNumbers[years - 1] ?? String(years);
      return `${count} ${years === 1 ? 'year' : 'years'}`;
    }
    case 'zh-Hant':
      return years === 2 ? '兩年' : `${chineseNumberOf(years)}年`;
    case 'zh-Hans':
      return years === 2 ? '两年' : `${chineseNumberOf(years)}年`;
    case 'th': {
      const count = thaiNumbers[years - 1];
      return count ? `${count}ปี` : `${years} ปี`;
    }
  }
}

export interface GreetingRequest {
  readonly campaign: Campaign;
  readonly guest: {
    readonly title?: string;
    readonly firstName?: string;
    readonly lastName: string;
    readonly language?: string;
    /** The stays under way (the profile's): a guest in house at the property today is greeted as present. */
    readonly currentStays: readonly Pick<Stay, 'propertyId' | 'checkedInOn'>[];
  };
  /** The property that sends: its name signs the letter, its time zone says which day `at` is. */
  readonly property: { readonly id: string; readonly name: string; readonly timeZone: string };
  /** The run's instant. */
  readonly at: Date;
  /** Whole years since the guest's last stay ended; below 1 (or null) the email says nothing about time away. */
  readonly yearsAway: number | null;
  readonly unsubscribeUrl: string;
  /** "What kept you away?": the signed survey link, in a "we miss you" email (absence-survey-token.ts). */
  readonly surveyUrl?: string;
}

export interface RenderedEmail {
  readonly language: EmailLanguage;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type Guest = GreetingRequest['guest'];

/** The words of one language. Every argument is plain text; escaping for HTML happens once, in `renderHtml`. */
interface Copy {
  readonly salutationOf: (guest: Guest) => string;
  readonly dear: (salutation: string) => string;
  readonly birthdaySubject: (salutation: string) => string;
  readonly lapsedSubject: (salutation: string) => string;
  /** The Oriental card: away a year or more, on the guest's birthday. */
  readonly birthdayAfterYearsAway: (years: string) => string;
  readonly birthday: (propertyName: string) => string;
  /** The guest is staying with us on their birthday: celebrated here, not "we look forward to welcoming you again". */
  readonly birthdayInHouse: (propertyName: string) => string;
  readonly lapsed: (years: string) => string;
  readonly signOff: string;
  readonly unsubscribeText: (url: string) => string;
  /** The HTML line is `before` + a link labelled `link` + `after`. */
  readonly unsubscribeHtml: { readonly before: string; readonly link: string; readonly after: string };
  /** The one-question link of a "we miss you" email: the question, then a request to answer (the link's label). */
  readonly survey: { readonly question: string; readonly link: string };
}

const chineseHonorifics: Readonly<Record<string, string>> = {
  mr: '先生',
  mrs: '太太',
  ms: '女士',
  miss: '小姐',
  dr: '博士',
  prof: '教授',
};

const hanCharacter = /\p{Script=Han}/u;

/** Chinese names are written family name first, without a space: 余偉; other names keep their own order. */
function chineseFullNameOf(guest: Guest): string {
  const { firstName, lastName } = guest;
  if (firstName && hanCharacter.test(firstName) && hanCharacter.test(lastName)) return `${lastName}${firstName}`;
  return fullNameOf(guest);
}

function chineseSalutationOf(guest: Guest, honoredGuest: string): string {
  const honorific = guest.title ? chineseHonorifics[guest.title.trim().replace(/\.$/, '').toLowerCase()] : undefined;
  return honorific ? `${guest.lastName}${honorific}` : `${chineseFullNameOf(guest)}${honoredGuest}`;
}

const thaiScript = /^\p{Script=Thai}/u;

/** Thai addresses people by first name; a Thai name follows คุณ directly, a name in another script after a space. */
function thaiSalutationOf(guest: Guest): string {
  const name = guest.firstName?.trim() ? guest.firstName.trim() : guest.lastName;
  return thaiScript.test(name) ? `คุณ${name}` : `คุณ ${name}`;
}

const copies: Readonly<Record<EmailLanguage, Copy>> = {
  en: {
    salutationOf: (guest) => salutationOf(guest),
    dear: (salutation) => `Dear ${salutation},`,
    birthdaySubject: (salutation) => `Happy birthday, ${salutation}`,
    lapsedSubject: (salutation) => `We miss you, ${salutation}`,
    birthdayAfterYearsAway: (years) => `You have not stayed with us for ${years}. We all miss you and hope to see you again. Happy birthday!`,
    birthday: (propertyName) =>
      `Everyone at ${propertyName} wishes you a very happy birthday and a wonderful year ahead. We look forward to welcoming you again.`,
    birthdayInHouse: (propertyName) =>
      `Everyone at ${propertyName} wishes you a very happy birthday. We are delighted to celebrate your birthday with you ` +
      'today, and hope you have a wonderful day with us.',
    lapsed: (years) => `It has been ${years} since your last stay with us. We all miss you and hope to welcome you back soon.`,
    signOff: 'With warm wishes,',
    unsubscribeText: (url) => `If you would rather not receive these emails, unsubscribe: ${url}`,
    unsubscribeHtml: { before: 'If you would rather not receive these emails: ', link: 'Unsubscribe', after: '' },
    survey: { question: 'What kept you away?', link: 'Tell us in one click' },
  },
  'zh-Hant': {
    salutationOf: (guest) => chineseSalutationOf(guest, '貴賓'),
    dear: (salutation) => `親愛的${salutation}：`,
    birthdaySubject: (salutation) => `${salutation}，祝您生日快樂`,
    lapsedSubject: (salutation) => `${salutation}，我們想念您`,
    birthdayAfterYearsAway: (years) => `您已經${years}沒有入住本酒店了。我們都很想念您，期待與您再次相見。祝您生日快樂！`,
    birthday: (propertyName) => `${propertyName}全體同仁恭祝您生日快樂，新的一年身體健康、萬事如意。期待再次為您服務。`,
    birthdayInHouse: (propertyName) => `${propertyName}全體同仁恭祝您生日快樂！今天能與您一同慶祝生日，我們深感榮幸，祝您在此度過美好的一天。`,
    lapsed: (years) => `自您上次入住本酒店至今，已經${years}了。我們都很想念您，期待早日再次歡迎您的光臨。`,
    signOff: '謹致問候',
    unsubscribeText: (url) => `如您不希望再收到此類郵件，請按此取消訂閱：${url}`,
    unsubscribeHtml: { before: '如您不希望再收到此類郵件，請按此', link: '取消訂閱', after: '。' },
    survey: { question: '是什麼讓您久未光臨？', link: '請告訴我們' },
  },
  'zh-Hans': {
    salutationOf: (guest) => chineseSalutationOf(guest, '贵宾'),
    dear: (salutation) => `亲爱的${salutation}：`,
    birthdaySubject: (salutation) => `${salutation}，祝您生日快乐`,
    lapsedSubject: (salutation) => `${salutation}，我们想念您`,
    birthdayAfterYearsAway: (years) => `您已经${years}没有入住本酒店了。我们都很想念您，期待与您再次相见。祝您生日快乐！`,
    birthday: (propertyName) => `${propertyName}全体同仁恭祝您生日快乐，新的一年身体健康、万事如意。期待再次为您服务。`,
    birthdayInHouse: (propertyName) => `${propertyName}全体同仁恭祝您生日快乐！今天能与您一同庆祝生日，我们深感荣幸，祝您在此度过美好的一天。`,
    lapsed: (years) => `自您上次入住本酒店至今，已经${years}了。我们都很想念您，期待早日再次欢迎您的光临。`,
    signOff: '谨致问候',
    unsubscribeText: (url) => `如您不希望再收到此类邮件，请点此取消订阅：${url}`,
    unsubscribeHtml: { before: '如您不希望再收到此类邮件，请点此', link: '取消订阅', after: '。' },
    survey: { question: '是什么让您久未光临？', link: '请告诉我们' },
  },
  th: {
    salutationOf: thaiSalutationOf,
    dear: (salutation) => `เรียน ${salutation}`,
    birthdaySubject: (salutation) => `สุขสันต์วันเกิด ${salutation}`,
    lapsedSubject: (salutation) => `${salutation} พวกเราคิดถึงท่าน`,
    birthdayAfterYearsAway: (years) => `ท่านไม่ได้มาพักกับเราเป็นเวลา${years}แล้ว พวกเราทุกคนคิดถึงท่านและหวังว่าจะได้พบท่านอีกครั้ง สุขสันต์วันเกิด`,
    birthday: (propertyName) => `พวกเราทุกคนที่ ${propertyName} ขออวยพรให้ท่านมีความสุขในวันเกิด สุขภาพแข็งแรง และมีแต่สิ่งดี ๆ ตลอดปีที่จะมาถึง และหวังว่าจะได้ต้อนรับท่านอีกครั้ง`,
    birthdayInHouse: (propertyName) =>
      `พวกเราทุกคนที่ ${propertyName} ขออวยพรให้ท่านมีความสุขในวันเกิด เรายินดีเป็นอย่างยิ่งที่ได้ร่วมฉลองวันเกิดกับท่านในวันนี้ และขอให้ท่านมีความสุขตลอดวันที่อยู่กับเรา`,
    lapsed: (years) => `นับตั้งแต่การเข้าพักครั้งล่าสุดของท่าน เวลาได้ผ่านไป${years}แล้ว พวกเราทุกคนคิดถึงท่านและหวังว่าจะได้ต้อนรับท่านกลับมาอีกในเร็ววัน`,
    signOff: 'ด้วยความปรารถนาดี',
    unsubscribeText: (url) => `หากท่านไม่ต้องการรับอีเมลเช่นนี้อีก ยกเลิกการรับอีเมลได้ที่: ${url}`,
    unsubscribeHtml: { before: 'หากท่านไม่ต้องการรับอีเมลเช่นนี้อีก ', link: 'ยกเลิกการรับอีเมล', after: '' },
    survey: { question: 'อะไรทำให้ท่านห่างหายไป', link: 'บอกเราได้ในคลิกเดียว' },
  },
};

/** Thai words are not separated by spaces; digits are set off before ("เป็นเวลา 25 ปีแล้ว"). */
function yearsPhrase(years: number, language: EmailLanguage): string {
  const words = yearsInWords(years, language);
  return language === 'th' && /^\d/.test(words) ? ` ${words}` : words;
}

interface Letter {
  readonly language: EmailLanguage;
  readonly subject: string;
  readonly dear: string;
  readonly body: string;
  readonly signOff: string;
  readonly propertyName: string;
  readonly unsubscribeUrl: string;
  readonly surveyUrl?: string;
}

/** In house at the sending property on the day of the email, in its time zone (a stay that began later does not count). */
export function isInHouseOnTheDay(request: Pick<GreetingRequest, 'guest' | 'property' | 'at'>): boolean {
  const today = toLocalDate(request.at, request.property.timeZone);
  return request.guest.currentStays.some((stay) => stay.propertyId === request.property.id && stay.checkedInOn <= today);
}

function writeLetter(request: GreetingRequest): Letter {
  const language = templateLanguageFor(request.guest.language);
  const copy = copies[language];
  const salutation = copy.salutationOf(request.guest);
  const yearsAway = request.yearsAway !== null && request.yearsAway >= 1 ? request.yearsAway : null;

  let subject: string;
  let body: string;
  if (request.campaign === 'birthday-greetings') {
    subject = copy.birthdaySubject(salutation);
    if (isInHouseOnTheDay(request)) body = copy.birthdayInHouse(request.property.name);
    else if (yearsAway === null) body = copy.birthday(request.property.name);
    else body = copy.birthdayAfterYearsAway(yearsPhrase(yearsAway, language));
  } else {
    // Lapsed guests are selected by whole years since their last stay; without that there is nothing to say.
    if (yearsAway === null) throw new RangeError('a lapsed-guest email needs yearsAway of at least 1');
    subject = copy.lapsedSubject(salutation);
    body = copy.lapsed(yearsPhrase(yearsAway, language));
  }
  return {
    language,
    subject,
    dear: copy.dear(salutation),
    body,
    signOff: copy.signOff,
    propertyName: request.property.name,
    unsubscribeUrl: request.unsubscribeUrl,
    // Only a "we miss you" email asks why the guest stayed away.
    ...(request.campaign === 'lapsed-guests' && request.surveyUrl ? { surveyUrl: request.surveyUrl } : {}),
  };
}

function renderText(letter: Letter): string {
  const copy = copies[letter.language];
  return [
    letter.dear,
    '',
    letter.body,
    '',
    ...(letter.surveyUrl ? [`${copy.survey.question} ${copy.survey.link}: ${letter.surveyUrl}`, ''] : []),
    letter.signOff,
    letter.propertyName,
    '',
    '--',
    copy.unsubscribeText(letter.unsubscribeUrl),
    '',
  ].join('\n');
}

const htmlEscapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

const paragraphStyle = 'margin:0 0 16px;';

function renderHtml(letter: Letter): string {
  const link = copies[letter.language].unsubscribeHtml;
  return [
    '<!doctype html>',
    `<html lang="${letter.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(letter.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f5f1ea;">',
    '<div style="max-width:560px;margin:0 auto;padding:32px 24px;background-color:#ffffff;color:#2b2b2b;' +
      "font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.6;\">",
    `<p style="${paragraphStyle}">${escapeHtml(letter.dear)}</p>`,
    `<p style="${paragraphStyle}">${escapeHtml(letter.body)}</p>`,
    ...(letter.surveyUrl
      ? [
          `<p style="${paragraphStyle}">${escapeHtml(copies[letter.language].survey.question)} ` +
            `<a href="${escapeHtml(letter.surveyUrl)}">${escapeHtml(copies[letter.language].survey.link)}</a></p>`,
        ]
      : []),
    `<p style="margin:24px 0 0;">${escapeHtml(letter.signOff)}<br>${escapeHtml(letter.propertyName)}</p>`,
    '<hr style="margin:32px 0 16px;border:none;border-top:1px solid #e2dccf;">',
    '<p style="margin:0;font-size:12px;color:#777777;">' +
      `${escapeHtml(link.before)}<a href="${escapeHtml(letter.unsubscribeUrl)}" style="color:#777777;">` +
      `${escapeHtml(link.link)}</a>${escapeHtml(link.after)}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Only web links: anything else in an href (javascript:, data:) would be a hole in a mail we send. */
function checkUnsubscribeUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new RangeError(`unsubscribe URL is not a URL: ${url}`, { cause: error });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`unsubscribe URL must be http(s): ${url}`);
  if (/\s/.test(url)) throw new RangeError('unsubscribe URL must not contain whitespace');
}

export function renderGreeting(request: GreetingRequest): RenderedEmail {
  checkUnsubscribeUrl(request.unsubscribeUrl);
  // The survey link passes the same check: only web links go into an href.
  if (request.surveyUrl !== undefined) checkUnsubscribeUrl(request.surveyUrl);
  const letter = writeLetter(request);
  return { language: letter.language, subject: letter.subject, text: renderText(letter), html: renderHtml(letter) };
}
