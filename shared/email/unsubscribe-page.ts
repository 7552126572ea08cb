/**
 * The pages the unsubscribe link opens, in the four languages of the emails: plain HTML, no script, no external
 * resource, the language in `lang`, one heading, and a real form button that works with a keyboard and a screen
 * reader alike.
 */
import type { EmailLanguage } from '../domain/greeting-email.ts';
import type { HttpResult } from '../http/http-handler.ts';
import { guestPage, heading, invalidLinkPage, paragraph, submitButton } from './guest-page.ts';

interface PageCopy {
  readonly confirmTitle: string;
  readonly confirmBody: string;
  readonly button: string;
  readonly doneTitle: string;
  readonly doneBody: string;
  readonly invalidTitle: string;
  readonly invalidBody: string;
}

const copies: Readonly<Record<EmailLanguage, PageCopy>> = {
  en: {
    confirmTitle: 'Unsubscribe from our emails?',
    confirmBody: 'We will stop sending you birthday greetings and news from our hotels.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: 'You will not receive these emails any more. You are welcome to change your mind at your next stay.',
    invalidTitle: 'This link is not valid',
    invalidBody: 'Please use the unsubscribe link exactly as it appears in our email.',
  },
  'zh-Hant': {
    confirmTitle: '取消訂閱我們的郵件？',
    confirmBody: '我們將不再向您寄送生日祝福及酒店消息。',
    button: '取消訂閱',
    doneTitle: '您已取消訂閱',
    doneBody: '您將不會再收到此類郵件。如您改變主意，歡迎於下次入住時告訴我們。',
    invalidTitle: '此連結無效',
    invalidBody: '請按我們郵件中的取消訂閱連結原樣開啟，請勿更改。',
  },
  'zh-Hans': {
    confirmTitle: '取消订阅我们的邮件？',
    confirmBody: '我们将不再向您发送生日祝福及酒店消息。',
    button: '取消订阅',
    doneTitle: '您已取消订阅',
    doneBody: '您将不会再收到此类邮件。如您改变主意，欢迎在下次入住时告诉我们。',
    invalidTitle: '此链接无效',
    invalidBody: '请按我们邮件中的取消订阅链接原样打开，请勿更改。',
  },
  th: {
    confirmTitle: 'ยกเลิกการรับอีเมลจากเราหรือไม่',
    confirmBody: 'เราจะหยุดส่งคำอวยพรวันเกิดและข่าวสารจากโรงแรมของเราถึงท่าน',
    button: 'ยกเลิกการรับอีเมล',
    doneTitle: 'ท่านได้ยกเลิกการรับอีเมลแล้ว',
    doneBody: 'ท่านจะไม่ได้รับอีเมลเหล่านี้อีก หากท่านเปลี่ยนใจ สามารถแจ้งเราได้ในการเข้าพักครั้งถัดไป',
    invalidTitle: 'ลิงก์นี้ไม่ถูกต้อง',
    invalidBody: 'โปรดใช้ลิงก์ยกเลิกการรับอีเมลตามที่ปรากฏในอีเมลของเรา โดยไม่แก้ไข',
  },
};

/** GET: what the button does, and the button. Nothing changes until it is pressed (a mail scanner only GETs). */
export function renderConfirmationPage(language: EmailLanguage, token: string): HttpResult {
  const copy = copies[language];
  return guestPage(
    200,
    language,
    copy.confirmTitle,
    heading(1, copy.confirmTitle) +
      paragraph(copy.confirmBody) +
      `<form method="post" action="?token=${encodeURIComponent(token)}">` +
      `${submitButton(copy.button)}</form>`,
  );
}

export function renderUnsubscribedPage(language: EmailLanguage): HttpResult {
  const copy = copies[language];
  return guestPage(200, language, copy.doneTitle, heading(1, copy.doneTitle) + paragraph(copy.doneBody));
}

/** A forged or altered link tells nothing about whose it was: the page says it in each of the four languages. */
export function renderInvalidLinkPage(): HttpResult {
  return invalidLinkPage(copies);
}
