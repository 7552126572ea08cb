/**
 * The pages the "What kept you away?" link opens, in the four languages of the emails: plain HTML, no script, no
 * external resource, the language in `lang`. One question as a group of radio buttons (a fieldset with its legend),
 * an optional text box with its label, and a real submit button: it works with a keyboard and a screen reader alike.
 */
import { absenceReasons, absenceTextMaxLength, type AbsenceReason } from '../domain/absence-survey.ts';
import { escapeHtml, type EmailLanguage } from '../domain/greeting-email.ts';
import type { HttpResult } from '../http/http-handler.ts';
import { guestPage, heading, invalidLinkPage, paragraph, submitButton } from './guest-page.ts';

interface PageCopy {
  readonly question: string;
  readonly intro: string;
  readonly reasons: Readonly<Record<AbsenceReason, string>>;
  readonly textLabel: string;
  readonly button: string;
  readonly chooseOne: string;
  readonly textTooLong: string;
  readonly thanksTitle: string;
  readonly thanksBody: string;
  readonly alreadyTitle: string;
  readonly alreadyBody: string;
  readonly invalidTitle: string;
  readonly invalidBody: string;
}

const copies: Readonly<Record<EmailLanguage, PageCopy>> = {
  en: {
    question: 'What kept you away?',
    intro: 'We have missed you. One question, if you would tell us: your answer goes to the hotel, and we will listen.',
    reasons: {
      'travelling-less': 'I travel less these days',
      'stayed-elsewhere': 'I stayed elsewhere',
      price: 'The price',
      'disappointing-stay': 'A disappointing stay',
      other: 'My plans changed, or something else',
    },
    textLabel: `Anything you would like to add (optional, up to ${absenceTextMaxLength} characters)`,
    button: 'Send my answer',
    chooseOne: 'Please choose one answer.',
    textTooLong: `Please keep what you add to ${absenceTextMaxLength} characters, on plain lines of text.`,
    thanksTitle: 'Thank you for telling us',
    thanksBody: 'We have your answer, and the hotel will read it. We hope to welcome you again.',
    alreadyTitle: 'You have already told us',
    alreadyBody: 'Thank you: we have your first answer and keep it. This link takes one answer only.',
    invalidTitle: 'This link is not valid',
    invalidBody: 'Please use the link exactly as it appears in our email.',
  },
  'zh-Hant': {
    question: '是什麼讓您久未光臨？',
    intro: '我們很想念您。只有一個問題：您的回答會直接交給酒店，我們會認真聆聽。',
    reasons: {
      'travelling-less': '近來較少出行',
      'stayed-elsewhere': '入住了其他酒店',
      price: '價格',
      'disappointing-stay': '上次入住令人失望',
      other: '計劃有變，或其他原因',
    },
    textLabel: `其他想告訴我們的（可選，最多 ${absenceTextMaxLength} 字）`,
    button: '送出回答',
    chooseOne: '請選擇一個答案。',
    textTooLong: `補充內容請不超過 ${absenceTextMaxLength} 字，並使用一般文字。`,
    thanksTitle: '感謝您告訴我們',
    thanksBody: '我們已收到您的回答，酒店會仔細閱讀。期待再次歡迎您。',
    alreadyTitle: '您已經回答過了',
    alreadyBody: '謝謝您：我們已保留您的第一個回答。此連結只能回答一次。',
    invalidTitle: '此連結無效',
    invalidBody: '請按我們郵件中的連結原樣開啟，請勿更改。',
  },
  'zh-Hans': {
    question: '是什么让您久未光临？',
    intro: '我们很想念您。只有一个问题：您的回答会直接交给酒店，我们会认真倾听。',
    reasons: {
      'travelling-less': '近来较少出行',
      'stayed-elsewhere': '入住了其他酒店',
      price: '价格',
      'disappointing-stay': '上次入住令人失望',
      other: '计划有变，或其他原因',
    },
    textLabel: `其他想告诉我们的（可选，最多 ${absenceTextMaxLength} 字）`,
    button: '提交回答',
    chooseOne: '请选择一个答案。',
    textTooLong: `补充内容请不超过 ${absenceTextMaxLength} 字，并使用一般文字。`,
    thanksTitle: '感谢您告诉我们',
    thanksBody: '我们已收到您的回答，酒店会仔细阅读。期待再次欢迎您。',
    alreadyTitle: '您已经回答过了',
    alreadyBody: '谢谢您：我们已保留您的第一个回答。此链接只能回答一次。',
    invalidTitle: '此链接无效',
    invalidBody: '请按我们邮件中的链接原样打开，请勿更改。',
  },
  th: {
    question: 'อะไรทำให้ท่านห่างหายไป',
    intro: 'เราคิดถึงท่าน ขอถามเพียงหนึ่งคำถาม คำตอบของท่านจะส่งถึงโรงแรมโดยตรง และเราจะรับฟัง',
    reasons: {
      'travelling-less': 'ช่วงนี้เดินทางน้อยลง',
      'stayed-elsewhere': 'ไปพักที่อื่น',
      price: 'ราคา',
      'disappointing-stay': 'การเข้าพักที่น่าผิดหวัง',
      other: 'แผนเปลี่ยนไป หรือเหตุผลอื่น',
    },
    textLabel: `สิ่งที่ท่านอยากบอกเพิ่มเติม (ไม่บังคับ ไม่เกิน ${absenceTextMaxLength} ตัวอักษร)`,
    button: 'ส่งคำตอบ',
    chooseOne: 'โปรดเลือกหนึ่งคำตอบ',
    textTooLong: `โปรดเขียนเพิ่มเติมไม่เกิน ${absenceTextMaxLength} ตัวอักษร เป็นข้อความธรรมดา`,
    thanksTitle: 'ขอบคุณที่บอกเรา',
    thanksBody: 'เราได้รับคำตอบของท่านแล้ว และโรงแรมจะอ่านทุกคำ หวังว่าจะได้ต้อนรับท่านอีกครั้ง',
    alreadyTitle: 'ท่านได้ตอบแล้ว',
    alreadyBody: 'ขอบคุณ เราเก็บคำตอบแรกของท่านไว้แล้ว ลิงก์นี้ตอบได้เพียงครั้งเดียว',
    invalidTitle: 'ลิงก์นี้ไม่ถูกต้อง',
    invalidBody: 'โปรดใช้ลิงก์ตามที่ปรากฏในอีเมลของเรา โดยไม่แก้ไข',
  },
};

/** The question's words in each language: the email's link line uses it too. */
export function surveyQuestionIn(language: EmailLanguage): string {
  return copies[language].question;
}

/** What the guest sent, kept when the form is shown again with an error. */
export interface SurveyFormState {
  readonly reason?: string;
  readonly text?: string;
  readonly error?: 'reason' | 'text';
}

/** GET (and a POST with a mistake, 400): the question, the choices, the text box and the button. */
export function renderSurveyForm(language: EmailLanguage, token: string, state: SurveyFormState = {}): HttpResult {
  const copy = copies[language];
  const error = state.error === 'reason' ? copy.chooseOne : state.error === 'text' ? copy.textTooLong : undefined;
  const choices = absenceReasons
    .map((reason) => {
      const id = `reason-${reason}`;
      const checked = state.reason === reason ? ' checked' : '';
      return `<div><input type="radio" name="reason" id="${id}" value="${reason}" required${checked}> <label for="${id}">${escapeHtml(copy.reasons[reason])}</label></div>`;
    })
    .join('');
  return guestPage(
    error ? 400 : 200,
    language,
    copy.question,
    heading(1, copy.question) +
      paragraph(copy.intro) +
      (error ? `<p role="alert" id="survey-error" style="color: #a40000">${escapeHtml(error)}</p>` : '') +
      `<form method="post" action="?token=${encodeURIComponent(token)}">` +
      `<fieldset${state.error === 'reason' ? ' aria-describedby="survey-error"' : ''}><legend>${escapeHtml(copy.question)}</legend>${choices}</fieldset>` +
      `<p><label for="survey-text">${escapeHtml(copy.textLabel)}</label><br>` +
      `<textarea id="survey-text" name="text" rows="4" cols="40" maxlength="${absenceTextMaxLength}"${state.error === 'text' ? ' aria-invalid="true" aria-describedby="survey-error"' : ''}>${escapeHtml(state.text ?? '')}</textarea></p>` +
      `${submitButton(copy.button)}</form>`,
  );
}

export function renderSurveyThanksPage(language: EmailLanguage): HttpResult {
  const copy = copies[language];
  return guestPage(200, language, copy.thanksTitle, heading(1, copy.thanksTitle) + paragraph(copy.thanksBody));
}

/** A second answer to the same email: refused, politely; the first stands. */
export function renderSurveyAlreadyAnsweredPage(language: EmailLanguage): HttpResult {
  const copy = copies[language];
  return guestPage(409, language, copy.alreadyTitle, heading(1, copy.alreadyTitle) + paragraph(copy.alreadyBody));
}

/** A forged, altered or foreign link (an unsubscribe token too) tells nothing about whose it was: all four languages. */
export function renderSurveyInvalidLinkPage(): HttpResult {
  return invalidLinkPage(copies);
}
