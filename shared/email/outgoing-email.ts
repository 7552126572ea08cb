/**
 * A campaign email as SESv2's simple send takes it: SES writes the MIME (UTF-8 subject and bodies, Date, Message-ID),
 * and the one-click unsubscribe headers of RFC 8058 go in `Headers`. What is left to do here is what SES leaves to
 * the caller: a From mailbox whose display name is encoded when it is not plain ASCII, and refusing any value that
 * could break out of its header.
 */
import { isPlainEmailAddress } from '../domain/identity.ts';
import type { OutgoingEmail } from '../ports.ts';

export interface EmailRequest {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The signed one-click link: mailbox providers POST `List-Unsubscribe=One-Click` to it. */
  readonly unsubscribeUrl: string;
}

/** The message cannot be built from these values: a bad address, a header value with a line break, ... */
export class MalformedEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEmailError';
  }
}

/** RFC 2047 2: an encoded-word is at most 75 characters. */
const maximumEncodedWordLength = 75;
const encodedWordOverhead = '=?UTF-8?B??='.length;
/** SES refuses a header value longer than this (SESv2 MessageHeader.Value). */
const maximumHeaderValueLength = 870;

function checkHeaderValue(field: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new MalformedEmailError(`${field} must not contain line breaks`);
}

function checkAddress(field: string, address: string): void {
  checkHeaderValue(field, address);
  if (!isPlainEmailAddress(address)) throw new MalformedEmailError(`${field} is not a plain email address`);
}

function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/** Splits text into encoded-words of at most 75 characters, never cutting a UTF-8 character in two. */
function encodeWords(value: string): string[] {
  const words: string[] = [];
  let pending = '';
  const wordFor = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
  const lengthOf = (text: string) => encodedWordOverhead + 4 * Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
  for (const character of value) {
    if (pending && lengthOf(pending + character) > maximumEncodedWordLength) {
      words.push(wordFor(pending));
      pending = '';
    }
    pending += character;
  }
  if (pending || words.length === 0) words.push(wordFor(pending));
  return words;
}

const specials = /[()<>[\]:;@\\,."]/;

/**
 * `The Riverside, Bangkok <welcome@...>` as RFC 5322 wants it: a name with specials quoted, one that is not plain
 * ASCII (or merely looks like an encoded-word) as RFC 2047 encoded-words, as SES asks for non-ASCII display names.
 */
export function formatMailbox(from: EmailRequest['from']): string {
  checkHeaderValue('from name', from.name);
  checkAddress('from address', from.address);
  const name = from.name.trim();
  if (!name) return from.address;
  if (!isPrintableAscii(name) || name.includes('=?')) return `${encodeWords(name).join(' ')} <${from.address}>`;
  const phrase = specials.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
  return `${phrase} <${from.address}>`;
}

function listUnsubscribeValue(url: string): string {
  checkHeaderValue('unsubscribe URL', url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MalformedEmailError('unsubscribe URL is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new MalformedEmailError('unsubscribe URL must be http(s)');
  if (/[\s<>]/.test(url)) throw new MalformedEmailError('unsubscribe URL must not contain spaces or angle brackets');
  const value = `<${url}>`;
  if (value.length > maximumHeaderValueLength)
    throw new MalformedEmailError(`unsubscribe URL is longer than SES takes in a header (${maximumHeaderValueLength - 2} characters)`);
  return value;
}

export function buildOutgoingEmail(request: EmailRequest): OutgoingEmail {
  checkAddress('to', request.to);
  checkHeaderValue('subject', request.subject);
  return {
    from: formatMailbox(request.from),
    to: request.to,
    subject: request.subject,
    text: request.text,
    html: request.html,
    headers: [
      { name: 'List-Unsubscribe', value: listUnsubscribeValue(request.unsubscribeUrl) },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  };
}
