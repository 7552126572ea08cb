import { beforeAll, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '#shared/domain/unsubscribe-token';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { showUnsubscribePage } from '#shared/use-cases/unsubscribe';
import { aCheckIn, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const signingKey = 's'.repeat(64);
let reader: ReturnType<typeof createDynamoGuestStore>;

beforeAll(async () => {
  const { documentClient, tableName } = await createTestTable('unsubscribe');
  reader = createDynamoGuestStore({ documentClient, tableName, erasedIdentityHashKey: 'e'.repeat(64) });
});

async function aGuestSpeaking(language: string, email: string): Promise<string> {
  await reader.recordCheckIn(aCheckIn({ room: '3101', guest: { ...mrYu, phone: undefined, pmsProfileId: undefined, email, language } }));
  const [guestId] = await reader.findGuestIds([{ kind: 'email', value: email }]);
  return guestId!;
}

describe('the unsubscribe confirmation page, against DynamoDB Local', () => {
  it("speaks the language the token carries, whatever the guest's profile says now", async () => {
    const guestId = await aGuestSpeaking('en', 'token.language.wins@example.com');
    const token = signUnsubscribeToken({ guestId, campaign: 'birthday-greetings', language: 'zh-Hans' }, signingKey);

    const page = await showUnsubscribePage({ reader, signingKey }, { token });

    expect(page.statusCode).toBe(200);
    expect(page.html).toContain('<html lang="zh-Hans">');
    expect(page.html).toContain('<title>取消订阅我们的邮件？</title>');
    expect(page.html).toContain(`action="?token=${token}"`);
  });

  it("reads the guest's language for a link signed before tokens carried one", async () => {
    const guestId = await aGuestSpeaking('th-TH', 'older.link.thai@example.com');
    const token = signUnsubscribeToken({ guestId, campaign: 'lapsed-guests' }, signingKey);

    const page = await showUnsubscribePage({ reader, signingKey }, { token });

    expect(page.html).toContain('<html lang="th">');
    expect(page.html).toContain('ยกเลิกการรับอีเมล</button>');
  });

  it('falls back to English for an older link whose guest is gone', async () => {
    const token = signUnsubscribeToken({ guestId: 'g_erasedLongAgo000000000' }, signingKey);

    const page = await showUnsubscribePage({ reader, signingKey }, { token });

    expect(page.statusCode).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('<h1 style="font-weight: normal">Unsubscribe from our emails?</h1>');
  });

  it('refuses a link signed with another key, in each of the four languages, within one main landmark', async () => {
    const token = signUnsubscribeToken({ guestId: 'g_someone000000000000000', language: 'th' }, 'o'.repeat(64));

    const page = await showUnsubscribePage({ reader, signingKey }, { token });

    expect(page.statusCode).toBe(400);
    expect(page.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(page.html?.match(/<main>/g)).toHaveLength(1);
    expect(page.html?.match(/<h1 /g)).toHaveLength(1);
    for (const text of ['This link is not valid', '此連結無效', '此链接无效', 'ลิงก์นี้ไม่ถูกต้อง']) expect(page.html).toContain(text);
    expect(page.html).not.toContain('<form');
  });
});
