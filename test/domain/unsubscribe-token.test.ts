import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emailLanguages } from '#shared/domain/greeting-email';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token';

const signingKey = `${'k'.repeat(16)}0123456789abcdef`;
const otherKey = `${'o'.repeat(16)}0123456789abcdef`;
const guestId = 'g_yuWei0000000000000000';

/** Signs any payload as the token format does: for claims the signer itself would refuse to make. */
function signedWithPayload(payload: unknown, key = signingKey): string {
  const signedPart = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signedPart}.${createHmac('sha256', key).update(`unsubscribe:${signedPart}`).digest('base64url')}`;
}

function flipCharacterAt(token: string, index: number): string {
  const character = token[index];
  const replacement = character === 'A' ? 'B' : 'A';
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

describe('unsubscribe token', () => {
  it('verifies to the claim it was signed with', () => {
    const withCampaign = signUnsubscribeToken({ guestId, campaign: 'birthday-greetings' }, signingKey);
    const withoutCampaign = signUnsubscribeToken({ guestId }, signingKey);

    expect(verifyUnsubscribeToken(withCampaign, signingKey)).toEqual({ guestId, campaign: 'birthday-greetings' });
    expect(verifyUnsubscribeToken(withoutCampaign, signingKey)).toEqual({ guestId });
  });

  it("carries the email's language, for each of the four languages", () => {
    for (const language of emailLanguages) {
      const token = signUnsubscribeToken({ guestId, campaign: 'birthday-greetings', language }, signingKey);

      expect(verifyUnsubscribeToken(token, signingKey)).toEqual({ guestId, campaign: 'birthday-greetings', language });
    }
  });

  it('still verifies a link from an email sent before tokens carried a language, and then names none', () => {
    // Signed before the language was added; such links stay in guests' mailboxes and must keep working.
    const earlier = 'v1.eyJnIjoiZ195dVdlaTAwMDAwMDAwMDAwMDAwMDAiLCJjIjoiYmlydGhkYXktZ3JlZXRpbmdzIn0.xU_o-935xto8AB1qnTTntqHDtczTXTHhvX6_voc5NlE';

    expect(verifyUnsubscribeToken(earlier, signingKey)).toEqual({ guestId, campaign: 'birthday-greetings' });
    expect(signUnsubscribeToken({ guestId, campaign: 'birthday-greetings' }, signingKey)).toBe(earlier);
  });

  it('refuses to sign, and does not verify, a language that is not one of the four', () => {
    expect(() => signUnsubscribeToken({ guestId, language: 'fr' as never }, signingKey)).toThrow(/language/);
    expect(verifyUnsubscribeToken(signedWithPayload({ g: guestId, l: 'fr' }), signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(signedWithPayload({ g: guestId, l: 7 }), signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(signedWithPayload({ g: guestId, l: 'th' }), signingKey)).toEqual({ guestId, language: 'th' });
  });

  it('rejects a token whose payload was altered to name another language', () => {
    const token = signUnsubscribeToken({ guestId, language: 'en' }, signingKey);
    const [version, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ g: guestId, l: 'th' })).toString('base64url');

    expect(verifyUnsubscribeToken(`${version}.${forgedPayload}.${signature}`, signingKey)).toBeUndefined();
  });

  it('is URL-safe base64url without padding, with a version prefix', () => {
    const token = signUnsubscribeToken({ guestId, campaign: 'lapsed-guests', language: 'zh-Hant' }, signingKey);

    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThanOrEqual(512);
  });

  it('differs for different guests and for different campaigns', () => {
    const tokens = new Set([
      signUnsubscribeToken({ guestId }, signingKey),
      signUnsubscribeToken({ guestId: 'g_someoneElse000000000000' }, signingKey),
      signUnsubscribeToken({ guestId, campaign: 'birthday-greetings' }, signingKey),
      signUnsubscribeToken({ guestId, campaign: 'lapsed-guests' }, signingKey),
    ]);

    expect(tokens.size).toBe(4);
  });

  it('rejects a token whose payload was altered to name another guest', () => {
    const token = signUnsubscribeToken({ guestId }, signingKey);
    const [version, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ g: 'g_someoneElse000000000000' })).toString('base64url');

    expect(verifyUnsubscribeToken(`${version}.${forgedPayload}.${signature}`, signingKey)).toBeUndefined();
  });

  it('rejects a token whose signature was altered or replaced', () => {
    const token = signUnsubscribeToken({ guestId }, signingKey);
    const [version, payload] = token.split('.');
    const otherSignature = signUnsubscribeToken({ guestId: 'g_someoneElse000000000000' }, signingKey).split('.')[2];

    expect(verifyUnsubscribeToken(`${version}.${payload}.${otherSignature}`, signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${version}.${payload}.`, signingKey)).toBeUndefined();
  });

  it('rejects a token with any one character changed, including the last one', () => {
    const token = signUnsubscribeToken({ guestId, campaign: 'birthday-greetings' }, signingKey);

    for (let index = 0; index < token.length; index += 1) {
      if (token[index] === '.') continue;
      expect(verifyUnsubscribeToken(flipCharacterAt(token, index), signingKey)).toBeUndefined();
    }
  });

  it('rejects a truncated or extended token', () => {
    const token = signUnsubscribeToken({ guestId }, signingKey);

    expect(verifyUnsubscribeToken(token.slice(0, -1), signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(token.slice(0, token.lastIndexOf('.')), signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${token}A`, signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${token}.extra`, signingKey)).toBeUndefined();
  });

  it('rejects a token signed with another key', () => {
    const token = signUnsubscribeToken({ guestId }, otherKey);

    expect(verifyUnsubscribeToken(token, signingKey)).toBeUndefined();
  });

  it('rejects a token with another version prefix', () => {
    const token = signUnsubscribeToken({ guestId }, signingKey);

    expect(verifyUnsubscribeToken(token.replace(/^v1\./, 'v2.'), signingKey)).toBeUndefined();
  });

  it('returns undefined for garbage and over-long input without throwing', () => {
    const garbage = ['', '.', '..', 'v1..', 'v1.a.b', 'hello', 'v1.!!!.???', 'v1.eyJ9.\u0000', '💥.💥.💥', 'A'.repeat(10_000)];
    for (const token of garbage) {
      expect(verifyUnsubscribeToken(token, signingKey)).toBeUndefined();
    }
    const valid = signUnsubscribeToken({ guestId }, signingKey);
    expect(verifyUnsubscribeToken(`${valid}${' '.repeat(600)}`, signingKey)).toBeUndefined();
    expect(verifyUnsubscribeToken(undefined as unknown as string, signingKey)).toBeUndefined();
  });

  it('rejects an over-long token even when it is correctly signed', () => {
    const token = signUnsubscribeToken({ guestId: 'g'.repeat(400) }, signingKey);

    expect(token.length).toBeGreaterThan(512);
    expect(verifyUnsubscribeToken(token, signingKey)).toBeUndefined();
  });

  it('throws on a signing key shorter than 32 characters, when signing and when verifying', () => {
    const shortKey = 'x'.repeat(31);
    const token = signUnsubscribeToken({ guestId }, signingKey);

    expect(() => signUnsubscribeToken({ guestId }, shortKey)).toThrow(/at least 32 characters/);
    expect(() => verifyUnsubscribeToken(token, shortKey)).toThrow(/at least 32 characters/);
    expect(() => signUnsubscribeToken({ guestId }, 'x'.repeat(32))).not.toThrow();
  });

  it('refuses to sign a claim without a guest id', () => {
    expect(() => signUnsubscribeToken({ guestId: '' }, signingKey)).toThrow();
  });
});
