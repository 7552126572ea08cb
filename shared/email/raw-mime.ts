/**
 * A raw RFC 5322 / MIME message (multipart/alternative: text, then HTML) for SES SendRawEmail. Raw, because the
 * one-click unsubscribe headers of RFC 8058 cannot be set on a simple send.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { dotAtom, isPlainEmailAddress } from '../domain/identity.ts';

export interface RawEmailRequest {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly unsubscribeUrl: string;
  readonly date: Date;
  /** Unique per message, e.g. `<uuid@domain-of-from>`; generated when absent. */
  readonly messageId?: string;
}

/** The message cannot be built from these values: a bad address, a header value with a line break, ... */
export class MalformedEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEmailError';
  }
}

const crlf = '\r\n';
/** RFC 5322 2.1.1: lines SHOULD stay within 78 characters and MUST within 998. */
const preferredLineLength = 78;
const maximumLineLength = 998;
/** RFC 2047 2: an encoded-word is at most 75 characters. */
const maximumEncodedWordLength = 75;
const encodedWordOverhead = '=?UTF-8?B??='.length;

const messageIdPattern = new RegExp(`^<${dotAtom}@(?:${dotAtom})>$`);

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

/** Splits text into the fewest encoded-words that fit, never cutting a UTF-8 character in two. */
function encodeWords(value: string, firstLineRoom: number): string[] {
  const words: string[] = [];
  // A continuation line starts with a single space.
  let room = Math.min(firstLineRoom, maximumEncodedWordLength);
  let pending = '';
  const wordFor = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
  const lengthOf = (text: string) => encodedWordOverhead + 4 * Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
  for (const character of value) {
    if (pending && lengthOf(pending + character) > room) {
      words.push(wordFor(pending));
      pending = '';
      room = Math.min(preferredLineLength - 1, maximumEncodedWordLength);
    }
    pending += character;
  }
  if (pending || words.length === 0) words.push(wordFor(pending));
  return words;
}

/** Folds printable ASCII text at spaces; undefined when some word cannot fit on a line of its own. */
function foldAscii(value: string, firstLineRoom: number): string[] | undefined {
  const lines: string[] = [];
  let line = '';
  let room = firstLineRoom;
  for (const word of value.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= room || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
    room = preferredLineLength - 1;
  }
  lines.push(line);
  return lines.every((l, index) => l.length <= (index === 0 ? firstLineRoom : preferredLineLength - 1)) ? lines : undefined;
}

/** `Name: value`, folded onto continuation lines so that no line passes 78 characters. */
function unstructuredHeader(name: string, value: string): string {
  const room = preferredLineLength - name.length - 2;
  // Text that merely looks like an encoded-word, or whose spacing folding could change, is encoded so that it reads
  // back exactly as written.
  const foldable = isPrintableAscii(value) && !value.includes('=?') && !value.includes('  ') && value.trim() === value;
  const folded = foldable ? foldAscii(value, room) : undefined;
  const lines = folded ?? encodeWords(value, room);
  return `${name}: ${lines.join(`${crlf} `)}`;
}

const specials = /[()<>[\]:;@\\,."]/;

function fromHeader(from: RawEmailRequest['from']): string {
  checkHeaderValue('from name', from.name);
  checkAddress('from address', from.address);
  const name = from.name.trim();
  if (!name) return `From: ${from.address}`;
  const room = preferredLineLength - 'From: '.length;
  if (!isPrintableAscii(name) || name.includes('=?')) {
    const words = encodeWords(name, room);
    const last = words.length === 1 ? `From: ${words[0]}` : ` ${words.at(-1)}`;
    const separator = last.length + from.address.length + 3 <= preferredLineLength ? ' ' : `${crlf} `;
    return `From: ${words.join(`${crlf} `)}${separator}<${from.address}>`;
  }
  const phrase = specials.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
  const mailbox = `${phrase} <${from.address}>`;
  return mailbox.length <= room ? `From: ${mailbox}` : `From: ${phrase}${crlf} <${from.address}>`;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 3.3, in UTC: `Sat, 20 Jun 2028 01:00:00 +0000` (GMT is the obsolete form). */
export function formatRfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new MalformedEmailError('date is not a valid date');
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${weekdays[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function messageIdFor(request: RawEmailRequest): string {
  if (request.messageId === undefined) return `<${randomUUID()}@${request.from.address.split('@')[1]}>`;
  checkHeaderValue('message id', request.messageId);
  if (!messageIdPattern.test(request.messageId)) throw new MalformedEmailError('message id must look like <id@domain>');
  return request.messageId;
}

function listUnsubscribeHeader(url: string): string {
  checkHeaderValue('unsubscribe URL', url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MalformedEmailError('unsubscribe URL is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new MalformedEmailError('unsubscribe URL must be http(s)');
  if (/[\s<>]/.test(url)) throw new MalformedEmailError('unsubscribe URL must not contain spaces or angle brackets');
  // The URL is never broken: mailbox providers POST to it as written (RFC 8058). A long one gets a line of its own,
  // which may pass 78 characters but never the hard limit of 998.
  const oneLine = `List-Unsubscribe: <${url}>`;
  return oneLine.length <= preferredLineLength ? oneLine : `List-Unsubscribe:${crlf} <${url}>`;
}

/** RFC 2045 6.8: text is encoded in canonical form, with CRLF line breaks; base64 lines of 76 characters. */
function base64Body(content: string): string {
  const canonical = content.replace(/\r?\n/g, crlf);
  const encoded = Buffer.from(canonical, 'utf8').toString('base64');
  return (encoded.match(/.{1,76}/g) ?? ['']).join(crlf);
}

function part(contentType: string, content: string): string {
  return [`Content-Type: ${contentType}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Body(content)].join(crlf);
}

export function buildRawEmail(request: RawEmailRequest): string {
  checkAddress('to', request.to);
  checkHeaderValue('subject', request.subject);
  // Base64 never contains "_" or "-", so this boundary cannot occur inside either part.
  const boundary = `=_alt_${randomBytes(16).toString('hex')}`;
  const headers = [
    fromHeader(request.from),
    `To: ${request.to}`,
    unstructuredHeader('Subject', request.subject),
    `Date: ${formatRfc5322Date(request.date)}`,
    `Message-ID: ${messageIdFor(request)}`,
    'MIME-Version: 1.0',
    listUnsubscribeHeader(request.unsubscribeUrl),
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    `Content-Type: multipart/alternative;${crlf} boundary="${boundary}"`,
  ];
  const message = [
    ...headers,
    '',
    `--${boundary}`,
    part('text/plain', request.text),
    `--${boundary}`,
    part('text/html', request.html),
    `--${boundary}--`,
    '',
  ].join(crlf);
  if (message.split(crlf).some((line) => line.length > maximumLineLength)) {
    throw new MalformedEmailError(`a header line is longer than ${maximumLineLength} characters`);
  }
  return message;
}
