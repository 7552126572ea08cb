import { describe, expect, it } from 'vitest';
import { buildOutgoingEmail, formatMailbox, MalformedEmailError, type EmailRequest } from '#shared/email/outgoing-email';

const unsubscribeUrl =
  'https://guests.example.com/v1/unsubscribe?token=v1.eyJnIjoiZ195dVdlaSIsImMiOiJiaXJ0aGRheS1ncmVldGluZ3MifQ.0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

function anEmail(overrides: Partial<EmailRequest> = {}): EmailRequest {
  return {
    from: { name: 'The Riverside, Bangkok', address: 'welcome@bangkok.example.com' },
    to: 'yu.wei@example.com',
    subject: 'Happy birthday, Mr. Yu',
    text: 'Dear Mr. Yu,\n\nHappy birthday!\n',
    html: '<!doctype html>\n<html lang="en"><body><p>Dear Mr. Yu,</p></body></html>\n',
    unsubscribeUrl,
    ...overrides,
  };
}

/** RFC 2047 B encoding only; whitespace between adjacent encoded-words is dropped, as the RFC says. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/(?:=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=)+/gi, (run) =>
      Buffer.concat([...run.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi)].map((m) => Buffer.from(m[1] ?? '', 'base64'))).toString('utf8'),
    );
}

describe('an outgoing campaign email', () => {
  it('carries the sender, recipient, subject, both bodies as given, and both one-click unsubscribe headers (RFC 8058)', () => {
    const email = buildOutgoingEmail(anEmail());

    expect(email).toEqual({
      from: '"The Riverside, Bangkok" <welcome@bangkok.example.com>',
      to: 'yu.wei@example.com',
      subject: 'Happy birthday, Mr. Yu',
      text: anEmail().text,
      html: anEmail().html,
      headers: [
        { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
    });
  });

  it('keeps a non-ASCII subject and bodies as UTF-8 text: SES encodes them', () => {
    const email = buildOutgoingEmail(anEmail({ subject: '余先生，祝您生日快樂', text: 'สุขสันต์วันเกิด 😀' }));

    expect(email.subject).toBe('余先生，祝您生日快樂');
    expect(email.text).toBe('สุขสันต์วันเกิด 😀');
  });

  it('encodes a non-ASCII sender name as encoded-words of at most 75 characters, and quotes an ASCII one with specials', () => {
    const chinese = formatMailbox({ name: '河畔酒店（曼谷）', address: 'welcome@bangkok.example.com' });
    const longThai = formatMailbox({ name: 'โรงแรมริมแม่น้ำเจ้าพระยา กรุงเทพมหานคร ประเทศไทย 😀', address: 'welcome@bangkok.example.com' });

    expect(chinese).toMatch(/^=\?UTF-8\?B\?[^?]+\?= <welcome@bangkok\.example\.com>$/);
    expect(decodeEncodedWords(chinese)).toBe('河畔酒店（曼谷） <welcome@bangkok.example.com>');
    const words = longThai.match(/=\?UTF-8\?B\?[^?]+\?=/g) ?? [];
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word holds whole UTF-8 characters: it decodes on its own without a replacement character.
      expect(decodeEncodedWords(word)).not.toContain('\uFFFD');
    }
    expect(decodeEncodedWords(longThai)).toBe('โรงแรมริมแม่น้ำเจ้าพระยา กรุงเทพมหานคร ประเทศไทย 😀 <welcome@bangkok.example.com>');
    expect(formatMailbox({ name: 'Riverside "Bangkok" \\ Hotel', address: 'welcome@bangkok.example.com' })).toBe(
      '"Riverside \\"Bangkok\\" \\\\ Hotel" <welcome@bangkok.example.com>',
    );
    expect(formatMailbox({ name: 'Riverside Hotel', address: 'welcome@bangkok.example.com' })).toBe('Riverside Hotel <welcome@bangkok.example.com>');
    expect(formatMailbox({ name: '=?UTF-8?B?SGk=?=', address: 'welcome@bangkok.example.com' })).toMatch(/^=\?UTF-8\?B\?PT9VVEYtOD9CP1NHaz0\/PQ==\?= </);
    expect(formatMailbox({ name: ' ', address: 'welcome@bangkok.example.com' })).toBe('welcome@bangkok.example.com');
  });

  it('rejects line breaks in any header value (header injection)', () => {
    const injections: Partial<EmailRequest>[] = [
      { subject: 'Happy birthday\r\nBcc: everyone@example.com' },
      { subject: 'Happy birthday\nBcc: everyone@example.com' },
      { from: { name: 'Riverside\r\nBcc: everyone@example.com', address: 'welcome@bangkok.example.com' } },
      { to: 'yu.wei@example.com\r\nBcc: everyone@example.com' },
      { unsubscribeUrl: `${unsubscribeUrl}\r\nBcc: everyone@example.com` },
    ];
    for (const injection of injections) {
      expect(() => buildOutgoingEmail(anEmail(injection))).toThrow(MalformedEmailError);
    }
  });

  it('rejects addresses that are not a plain addr-spec', () => {
    for (const to of [
      'Mr Yu <yu.wei@example.com>',
      'yu.wei@example.com, other@example.com',
      'yu wei@example.com',
      'yu.wei',
      '@example.com',
      'yu..wei@example.com',
      '',
    ]) {
      expect(() => buildOutgoingEmail(anEmail({ to }))).toThrow(MalformedEmailError);
    }
    expect(() => buildOutgoingEmail(anEmail({ from: { name: 'Riverside', address: 'welcome@bangkok.example.com>' } }))).toThrow(MalformedEmailError);
  });

  it('rejects an unsubscribe link that is not an http(s) URL, or that SES would refuse as too long for a header', () => {
    expect(() => buildOutgoingEmail(anEmail({ unsubscribeUrl: 'mailto:unsubscribe@example.com' }))).toThrow(MalformedEmailError);
    expect(() => buildOutgoingEmail(anEmail({ unsubscribeUrl: 'https://example.com/u?t=a>b' }))).toThrow(MalformedEmailError);
    expect(() => buildOutgoingEmail(anEmail({ unsubscribeUrl: 'not a url' }))).toThrow(MalformedEmailError);
    expect(() =>
      buildOutgoingEmail(anEmail({ unsubscribeUrl: `https://example.com/u?t=${'a'.repeat(868 - 'https://example.com/u?t='.length)}` })),
    ).not.toThrow();
    expect(() => buildOutgoingEmail(anEmail({ unsubscribeUrl: `https://example.com/u?t=${'a'.repeat(869 - 'https://example.com/u?t='.length)}` }))).toThrow(
      MalformedEmailError,
    );
  });
});
