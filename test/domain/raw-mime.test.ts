import { describe, expect, it } from 'vitest';
import { renderGreeting } from '#shared/domain/greeting-email';
import { buildRawEmail, formatRfc5322Date, MalformedEmailError, type RawEmailRequest } from '#shared/email/raw-mime';

const shortUnsubscribeUrl = 'https://g.example.com/u?t=abc';
const unsubscribeUrl = 'https://guests.example.com/v1/unsubscribe?token=v1.eyJnIjoiZ195dVdlaSIsImMiOiJiaXJ0aGRheS1ncmVldGluZ3MifQ.0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

function anEmail(overrides: Partial<RawEmailRequest> = {}): RawEmailRequest {
  return {
    from: { name: 'The Riverside, Bangkok', address: 'welcome@bangkok.example.com' },
    to: 'yu.wei@example.com',
    subject: 'Happy birthday, Mr. Yu',
    text: 'Dear Mr. Yu,\r\n\r\nHappy birthday!\r\n',
    html: '<!doctype html>\r\n<html lang="en"><body><p>Dear Mr. Yu,</p></body></html>\r\n',
    unsubscribeUrl,
    date: new Date('2028-06-19T17:00:00Z'),
    messageId: '<3f1c2e4a-1b2c-4d5e-8f90-123456789abc@bangkok.example.com>',
    ...overrides,
  };
}

interface ParsedMessage {
  readonly headerLines: readonly string[];
  /** Unfolded, by lower-case name. */
  readonly headers: ReadonlyMap<string, string>;
  readonly parts: ReadonlyArray<{ readonly headers: ReadonlyMap<string, string>; readonly body: string }>;
}

function unfold(lines: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  let current: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && current) headers.set(current, `${headers.get(current)}${line}`);
    else {
      const colon = line.indexOf(':');
      current = line.slice(0, colon).toLowerCase();
      headers.set(current, line.slice(colon + 1).trim());
    }
  }
  for (const [name, value] of headers) headers.set(name, value.trim());
  return headers;
}

/** Just enough of a MIME reader for these messages: one multipart/alternative with base64 parts. */
function parseMessage(raw: string): ParsedMessage {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const headerLines = head.split('\r\n');
  const headers = unfold(headerLines);
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('no boundary');
  const body = rest.join('\r\n\r\n');
  const sections = body.split(`--${boundary}`);
  const parts = sections.slice(1, -1).map((section) => {
    const [partHead = '', partBody = ''] = section.replace(/^\r\n/, '').split('\r\n\r\n');
    return { headers: unfold(partHead.split('\r\n')), body: partBody };
  });
  return { headerLines, headers, parts };
}

function decodeBase64Body(body: string): string {
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
}

/** RFC 2047 B encoding only; whitespace between adjacent encoded-words is dropped, as the RFC says. */
function decodeEncodedWords(value: string): string {
  const bytes: Buffer[] = [];
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  let rest = joined;
  let out = '';
  const word = /=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/i;
  for (let match = word.exec(rest); match; match = word.exec(rest)) {
    const before = rest.slice(0, match.index);
    if (before) {
      out += Buffer.concat(bytes.splice(0)).toString('utf8') + before;
    }
    bytes.push(Buffer.from(match[1] ?? '', 'base64'));
    rest = rest.slice(match.index + match[0].length);
  }
  return out + Buffer.concat(bytes).toString('utf8') + rest;
}

describe('raw MIME email', () => {
  it('carries the sender, recipient, subject, date, message id and both one-click unsubscribe headers', () => {
    const { headers } = parseMessage(buildRawEmail(anEmail()));

    expect(headers.get('from')).toBe('"The Riverside, Bangkok" <welcome@bangkok.example.com>');
    expect(headers.get('to')).toBe('yu.wei@example.com');
    expect(headers.get('subject')).toBe('Happy birthday, Mr. Yu');
    expect(headers.get('date')).toBe('Mon, 19 Jun 2028 17:00:00 +0000');
    expect(headers.get('message-id')).toBe('<3f1c2e4a-1b2c-4d5e-8f90-123456789abc@bangkok.example.com>');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative;\s*boundary="[^"]+"$/);
  });

  it('generates a unique message id at the sender domain when none is given', () => {
    const first = parseMessage(buildRawEmail(anEmail({ messageId: undefined }))).headers.get('message-id');
    const second = parseMessage(buildRawEmail(anEmail({ messageId: undefined }))).headers.get('message-id');

    expect(first).toMatch(/^<[0-9a-f-]{36}@bangkok\.example\.com>$/);
    expect(second).not.toBe(first);
  });

  it('has a text/plain part then a text/html part, both UTF-8 base64, decoding back to exactly the given text and html', () => {
    const { parts } = parseMessage(buildRawEmail(anEmail()));

    expect(parts.map((p) => p.headers.get('content-type'))).toEqual(['text/plain; charset=UTF-8', 'text/html; charset=UTF-8']);
    expect(parts.map((p) => p.headers.get('content-transfer-encoding'))).toEqual(['base64', 'base64']);
    expect(decodeBase64Body(parts[0]?.body ?? '')).toBe(anEmail().text);
    expect(decodeBase64Body(parts[1]?.body ?? '')).toBe(anEmail().html);
  });

  it('carries a rendered Thai greeting intact, with line breaks in canonical CRLF form', () => {
    const greeting = renderGreeting({
      campaign: 'birthday-greetings',
      guest: { title: 'Mr', firstName: 'Wei', lastName: 'Yu', language: 'th' },
      property: { name: 'The Riverside, Bangkok' },
      yearsAway: 3,
      unsubscribeUrl,
    });
    const { headers, parts } = parseMessage(buildRawEmail(anEmail({ subject: greeting.subject, text: greeting.text, html: greeting.html })));

    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe(greeting.subject);
    expect(decodeBase64Body(parts[0]?.body ?? '')).toBe(greeting.text.replace(/\n/g, '\r\n'));
    expect(decodeBase64Body(parts[1]?.body ?? '')).toBe(greeting.html.replace(/\n/g, '\r\n'));
  });

  it('wraps base64 body lines at 76 characters', () => {
    const raw = buildRawEmail(anEmail({ html: `<p>${'長'.repeat(500)}</p>` }));
    const { parts } = parseMessage(raw);
    const lines = (parts[1]?.body ?? '').split('\r\n').filter(Boolean);

    expect(lines.length).toBeGreaterThan(10);
    expect(lines.slice(0, -1).every((line) => line.length === 76)).toBe(true);
    expect(lines.at(-1)?.length).toBeLessThanOrEqual(76);
  });

  it('uses a boundary that does not occur inside either part', () => {
    const raw = buildRawEmail(anEmail());
    const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';

    expect(boundary).not.toBe('');
    expect(raw.split(`--${boundary}`)).toHaveLength(4);
    expect(buildRawEmail(anEmail())).not.toContain(boundary);
  });

  it('encodes a non-ASCII subject as UTF-8 encoded-words that decode back to the subject', () => {
    const subject = 'Yu先生，祝您生日快樂';
    const { headers } = parseMessage(buildRawEmail(anEmail({ subject })));

    expect(headers.get('subject')).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/);
    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe(subject);
  });

  it('splits a long non-ASCII subject into several encoded-words on character boundaries, no header line over 78', () => {
    const subject = `สุขสันต์วันเกิด คุณ Wei ${'ขอให้มีความสุขมาก ๆ 😀 '.repeat(6)}`.trim();
    const raw = buildRawEmail(anEmail({ subject, unsubscribeUrl: shortUnsubscribeUrl }));
    const { headerLines, headers } = parseMessage(raw);
    const subjectLines = headerLines.slice(headerLines.findIndex((l) => l.startsWith('Subject:')));
    const words = (headers.get('subject') ?? '').match(/=\?UTF-8\?B\?[^?]+\?=/g) ?? [];

    expect(words.length).toBeGreaterThan(3);
    expect(subjectLines[1]).toMatch(/^ =\?UTF-8\?B\?/);
    // Each encoded-word holds whole UTF-8 characters: it decodes on its own without a replacement character.
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      expect(decodeEncodedWords(word)).not.toContain('\uFFFD');
    }
    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe(subject);
    expect(headerLines.every((line) => line.length <= 78)).toBe(true);
  });

  it('folds a long ASCII subject at spaces and keeps its words', () => {
    const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const { headerLines, headers } = parseMessage(buildRawEmail(anEmail({ subject, unsubscribeUrl: shortUnsubscribeUrl })));

    expect(headerLines.every((line) => line.length <= 78)).toBe(true);
    expect(headers.get('subject')).toBe(subject);
  });

  it('encodes a non-ASCII sender name as an encoded-word and quotes an ASCII one with specials', () => {
    const chinese = parseMessage(buildRawEmail(anEmail({ from: { name: '河畔酒店（曼谷）', address: 'welcome@bangkok.example.com' } })));
    const quoted = parseMessage(buildRawEmail(anEmail({ from: { name: 'Riverside "Bangkok" \\ Hotel', address: 'welcome@bangkok.example.com' } })));
    const plain = parseMessage(buildRawEmail(anEmail({ from: { name: 'Riverside Hotel', address: 'welcome@bangkok.example.com' } })));

    expect(chinese.headers.get('from')).toMatch(/^=\?UTF-8\?B\?[^?]+\?= <welcome@bangkok\.example\.com>$/);
    expect(decodeEncodedWords(chinese.headers.get('from') ?? '')).toBe('河畔酒店（曼谷） <welcome@bangkok.example.com>');
    expect(quoted.headers.get('from')).toBe('"Riverside \\"Bangkok\\" \\\\ Hotel" <welcome@bangkok.example.com>');
    expect(plain.headers.get('from')).toBe('Riverside Hotel <welcome@bangkok.example.com>');
  });

  it('keeps every header line within 78 characters when the unsubscribe link is short, and never breaks a long link', () => {
    const short = buildRawEmail(anEmail({ unsubscribeUrl: shortUnsubscribeUrl, subject: '祝您生日快樂'.repeat(8) }));
    const long = buildRawEmail(anEmail());
    const headLines = (raw: string) => raw.split('\r\n\r\n')[0]?.split('\r\n') ?? [];

    expect(headLines(short).every((line) => line.length <= 78)).toBe(true);
    expect(headLines(long)).toContain(` <${unsubscribeUrl}>`);
    expect(headLines(long).filter((line) => line.length > 78)).toEqual([` <${unsubscribeUrl}>`]);
  });

  it('ends every line with CRLF and has no bare CR or LF', () => {
    const raw = buildRawEmail(anEmail({ text: 'one\ntwo\r\nthree\n', html: '<p>a</p>\n<p>b</p>' }));

    expect(raw.endsWith('\r\n')).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { parts } = parseMessage(raw);
    expect(decodeBase64Body(parts[0]?.body ?? '')).toBe('one\r\ntwo\r\nthree\r\n');
  });

  it('writes the date in RFC 5322 form, in UTC', () => {
    expect(formatRfc5322Date(new Date('2028-02-29T00:05:09+07:00'))).toBe('Mon, 28 Feb 2028 17:05:09 +0000');
    expect(() => formatRfc5322Date(new Date('not a date'))).toThrow(MalformedEmailError);
  });

  it('rejects line breaks in any header value (header injection)', () => {
    const injections: Partial<RawEmailRequest>[] = [
      { subject: 'Happy birthday\r\nBcc: everyone@example.com' },
      { subject: 'Happy birthday\nBcc: everyone@example.com' },
      { from: { name: 'Riverside\r\nBcc: everyone@example.com', address: 'welcome@bangkok.example.com' } },
      { to: 'yu.wei@example.com\r\nBcc: everyone@example.com' },
      { unsubscribeUrl: `${unsubscribeUrl}\r\nBcc: everyone@example.com` },
      { messageId: '<a@b.example.com>\r\nBcc: everyone@example.com' },
    ];
    for (const injection of injections) {
      expect(() => buildRawEmail(anEmail(injection))).toThrow(MalformedEmailError);
    }
  });

  it('rejects addresses that are not a plain addr-spec', () => {
    for (const to of ['Mr Yu <yu.wei@example.com>', 'yu.wei@example.com, other@example.com', 'yu wei@example.com', 'yu.wei', '@example.com', 'yu..wei@example.com', '']) {
      expect(() => buildRawEmail(anEmail({ to }))).toThrow(MalformedEmailError);
    }
    expect(() => buildRawEmail(anEmail({ from: { name: 'Riverside', address: 'welcome@bangkok.example.com>' } }))).toThrow(MalformedEmailError);
  });

  it('rejects an unsubscribe link that is not an http(s) URL', () => {
    expect(() => buildRawEmail(anEmail({ unsubscribeUrl: 'mailto:unsubscribe@example.com' }))).toThrow(MalformedEmailError);
    expect(() => buildRawEmail(anEmail({ unsubscribeUrl: 'https://example.com/u?t=a>b' }))).toThrow(MalformedEmailError);
  });
});
