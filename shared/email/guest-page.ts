/**
 * The frame of every page an email's link opens (unsubscribe, "What kept you away?"): plain HTML, no script, no
 * external resource, the language in `lang`, readable on a phone. The guest arrives from their mailbox with no
 * sign-in, so a page says only what the link's own token allows.
 */
import { emailLanguages, escapeHtml, type EmailLanguage } from '../domain/greeting-email.ts';
import type { HttpResult } from '../http/http-handler.ts';

export function guestPage(statusCode: number, language: EmailLanguage, title: string, main: string): HttpResult {
  return {
    statusCode,
    html:
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<title>${escapeHtml(title)}</title></head>` +
      '<body style="font-family: Georgia, serif; font-size: 1.1em; line-height: 1.5; max-width: 32em; margin: 3em auto; padding: 0 1em; color: #222; background: #fff">' +
      `<main>${main}</main></body></html>`,
  };
}

export const heading = (level: 1 | 2, text: string) => `<h${level} style="font-weight: normal">${escapeHtml(text)}</h${level}>`;
export const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;
export const submitButton = (text: string) => `<button type="submit" style="font-size: 1em; padding: .5em 1.5em">${escapeHtml(text)}</button>`;

/** A forged or altered link tells nothing about whose it was: the page says it in each of the four languages (400). */
export function invalidLinkPage(copies: Readonly<Record<EmailLanguage, { readonly invalidTitle: string; readonly invalidBody: string }>>): HttpResult {
  const sections = emailLanguages.map(
    (language, index) =>
      `<section lang="${language}">${heading(index === 0 ? 1 : 2, copies[language].invalidTitle)}${paragraph(copies[language].invalidBody)}</section>`,
  );
  return guestPage(400, 'en', copies.en.invalidTitle, sections.join(''));
}
