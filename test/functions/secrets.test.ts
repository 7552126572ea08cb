/**
 * The keys reach the functions by secret, read at run time: the unsubscribe function checks a link against the key
 * its secret holds, through the real Secrets Manager client (Powertools Parameters) talking to the local runtime's
 * Secrets Manager, named by ARN as on AWS. The key is never in the environment, and it is read once, then cached.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localRegion } from '#local/dynamodb';
import { startSecretsManager, type RunningSecretsManager } from '#local/secrets-manager';
import { secretFromEnvironment } from '#shared/aws/runtime';
import { signUnsubscribeToken } from '#shared/domain/unsubscribe-token';
import { environmentNames } from '#shared/wiring';

const signingKey = randomBytes(32).toString('hex');
const secretName = 'unsubscribe-signing-key';
let secretsManager: RunningSecretsManager;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  secretsManager = await startSecretsManager({ region: localRegion, secrets: { [secretName]: signingKey, 'short-key': 'too short' } });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    POWERTOOLS_TRACE_ENABLED: 'false',
    // As the stack names it: the secret's ARN.
    [environmentNames.unsubscribeSigningKey]: `arn:aws:secretsmanager:${localRegion}:000000000000:secret:${secretName}`,
    [environmentNames.tableName]: 'secrets-test',
    [environmentNames.eventBusName]: 'secrets-test',
  });
  ({ handler } = (await import('#functions/http/unsubscribe')) as unknown as { handler: typeof handler });
});
afterAll(() => secretsManager?.stop());

const openLink = (token: string) =>
  handler(
    {
      routeKey: 'GET /v1/unsubscribe',
      rawPath: '/v1/unsubscribe',
      headers: {},
      queryStringParameters: { token },
      isBase64Encoded: false,
      requestContext: { requestId: 'r', http: { method: 'GET' } },
    },
    undefined,
  );

describe('the unsubscribe signing key', () => {
  it('checks links against the key its secret holds, read once and then cached', async () => {
    const genuine = await openLink(signUnsubscribeToken({ guestId: 'g_0123456789abcdefghijklmn', language: 'en' }, signingKey));
    const forged = await openLink(signUnsubscribeToken({ guestId: 'g_0123456789abcdefghijklmn', language: 'en' }, 'x'.repeat(64)));

    expect(genuine.statusCode).toBe(200);
    expect(genuine.body).toContain('<form method="post"');
    expect(forged.body).not.toContain('<form');
    expect(secretsManager.reads.get(secretName)).toBe(1);
  });

  it('is not in the environment: the environment names the secret', () => {
    expect(Object.values(process.env)).not.toContain(signingKey);
    expect(process.env[environmentNames.unsubscribeSigningKey]).toMatch(/^arn:aws:secretsmanager:.*:secret:unsubscribe-signing-key$/);
  });

  it('refuses a secret that holds no usable key, naming the variable and not the value', async () => {
    process.env.TEST_SHORT_KEY_SECRET = 'short-key';
    const read = secretFromEnvironment('TEST_SHORT_KEY_SECRET');
    await expect(read()).rejects.toThrow(/TEST_SHORT_KEY_SECRET must hold a key of at least 32 characters/);
    await expect(read()).rejects.not.toThrow(/too short/);
  });

  it('fails at load, naming the variable, when a function is given no secret', () => {
    expect(() => secretFromEnvironment('NO_SUCH_SECRET_VARIABLE')).toThrow(/NO_SUCH_SECRET_VARIABLE/);
  });
});
