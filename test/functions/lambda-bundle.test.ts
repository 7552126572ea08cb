/**
 * The recognition function as Lambda runs it: bundled with the stack's esbuild settings (the aliases that replace
 * the SDK's credential chain, endpoint discovery and event streams included), loaded in a process of its own with
 * Lambda's kind of environment, and called against DynamoDB Local.
 */
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { Sha256 as SdkSha256 } from '@smithy/core/checksum';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bundleEntry } from '#local/bundle-sizes';
import { Sha256 as BundleSha256 } from '#shared/aws/lambda-bundle/checksum';
import { createSesMailer } from '#shared/aws/ses-mailer';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { environmentNames, functions } from '#shared/wiring';
import { aCheckIn, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
/** A home without ~/.aws, as on Lambda. */
const emptyHome = mkdtempSync(join(tmpdir(), 'lambda-home-'));
let metafile: Metafile;
let tableName: string;
let guestId: string;

beforeAll(async () => {
  const recognition = functions.find((fn) => fn.name === 'recognition')!;
  // The stack's settings, as `npm run bundle-sizes` applies them, with the source map the asset carries.
  const bundle = await bundleEntry({ file: recognition.entry }, { outfile: join(outdir, 'index.mjs'), sourcemap: true, sourcesContent: false });
  for (const file of bundle.files) writeFileSync(file.path, file.contents);
  metafile = bundle.metafile;

  const table = await createTestTable('bundle');
  tableName = table.tableName;
  const store = createDynamoGuestStore({ documentClient: table.documentClient, tableName, erasedIdentityHashKey: 'e'.repeat(64) });
  await store.recordCheckIn(aCheckIn({ room: '1204', guest: { ...mrYu, email: 'bundle.yu@example.com', phone: undefined, pmsProfileId: undefined } }));
  [guestId] = (await store.findGuestIds([{ kind: 'email', value: 'bundle.yu@example.com' }])) as [string];
});

/** What API Gateway passes for `GET /v1/guests/{guestId}/recognition`, from a front desk at Bangkok. */
const recognitionEvent = () => ({
  version: '2.0',
  routeKey: 'GET /v1/guests/{guestId}/recognition',
  rawPath: `/v1/guests/${guestId}/recognition`,
  headers: {},
  pathParameters: { guestId },
  requestContext: {
    requestId: 'bundle-test',
    http: { method: 'GET' },
    authorizer: { jwt: { claims: { sub: 'desk-1', role: 'frontdesk', propertyId: 'bangkok' } } },
  },
});

const caller = `
const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.argv[3]), { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 10000 });
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
`;

/** Calls the bundled handler in a fresh Node process whose environment is `environment` and nothing else. */
async function callBundle(environment: Record<string, string>) {
  const script = join(outdir, 'call.mjs');
  writeFileSync(script, caller);
  const { stdout, stderr } = await run(process.execPath, [script, join(outdir, 'index.mjs'), JSON.stringify(recognitionEvent())], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: emptyHome,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'recognition',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
      // The SDK warns about Node 20 (local); Lambda runs Node 22.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [environmentNames.tableName]: tableName,
      ...environment,
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from the bundle:\n${stdout}\n${stderr}`);
  return { result: JSON.parse(line.slice('RESULT '.length)) as { statusCode: number; body: string }, logs: stdout + stderr };
}

const lambdaCredentials = { AWS_ACCESS_KEY_ID: 'ASIALOCALTEST', AWS_SECRET_ACCESS_KEY: 'local-secret', AWS_SESSION_TOKEN: 'local-session-token' };

describe('the bundled recognition function', () => {
  it('leaves out the default credential chain, the STS and SSO clients, endpoint discovery and event streams', () => {
    const inputs = Object.keys(metafile.inputs);
    for (const left of [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/nested-clients',
      '@smithy/credential-provider-imds',
      '@aws-sdk/middleware-endpoint-discovery',
      'mnemonist',
      'submodules/event-streams',
      'submodules/checksum',
    ]) {
      expect(inputs.filter((input) => input.includes(left))).toEqual([]);
    }
    expect(inputs).toContain('shared/aws/lambda-bundle/credential-provider.ts');
    expect(inputs).toContain('shared/aws/lambda-bundle/checksum.ts');
  });

  it('carries no SESv2 code: the client the shared module imports is dropped where no function makes one', () => {
    const bytes = Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs));
    const ses = bytes.filter(([input, { bytesInOutput }]) => /client-sesv2|sesv2-send-email/.test(input) && bytesInOutput > 0);
    expect(ses).toEqual([]);
  });

  it('answers with the card, signing its DynamoDB read with the credentials Lambda puts in the environment', async () => {
    const { result } = await callBundle(lambdaCredentials);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      guestId,
      salutation: expect.stringContaining(mrYu.lastName),
      inHouse: { propertyId: 'bangkok', room: '1204' },
    });
  });

  it('looks nowhere else for credentials: without them in the environment the read fails and says so', async () => {
    const { result, logs } = await callBundle({});
    expect(result.statusCode).toBe(500);
    expect(logs).toContain('Unable to find environment variable credentials');
  });
});

describe("the bundles' SHA-256 (in place of @smithy/core/checksum)", () => {
  const hex = async (hash: { update(data: string | Uint8Array): void; digest(): Promise<Uint8Array> }, ...chunks: (string | Uint8Array)[]) => {
    for (const chunk of chunks) hash.update(chunk);
    return Buffer.from(await hash.digest()).toString('hex');
  };

  it("hashes and signs as the SDK's does, from strings and bytes, in pieces", async () => {
    const chunks = ['AWS4-HMAC-SHA256\n', new TextEncoder().encode('20261130T094600Z\n'), new Uint8Array([0, 255, 7])];
    expect(await hex(new BundleSha256(), ...chunks)).toBe(await hex(new SdkSha256(), ...chunks));
    expect(await hex(new BundleSha256(), 'a')).toBe(createHash('sha256').update('a').digest('hex'));
    for (const secret of ['AWS4local-secret', new Uint8Array([1, 2, 3])]) {
      expect(await hex(new BundleSha256(secret), ...chunks)).toBe(await hex(new SdkSha256(secret), ...chunks));
    }
    expect(await hex(new BundleSha256('key'), 'data')).toBe(createHmac('sha256', 'key').update('data').digest('hex'));
  });

  it('digests a plain hash more than once, and refuses more data after an HMAC digest', async () => {
    const hash = new BundleSha256();
    hash.update('x');
    expect(await hex(hash)).toBe(await hex(hash));
    const hmac = new BundleSha256('key');
    await hmac.digest();
    expect(() => hmac.update('more')).toThrow('already finished');
    hmac.reset();
    expect(await hex(hmac, 'data')).toBe(createHmac('sha256', 'key').update('data').digest('hex'));
  });
});

/** A schema with each reference to another schema (a thunk) replaced by that schema's name, for comparing. */
function named(schema: unknown): unknown {
  if (typeof schema === 'function') return { ref: (schema() as unknown[])[2] };
  if (Array.isArray(schema)) return schema.map(named);
  if (schema && typeof schema === 'object') return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, named(value)]));
  return schema;
}

/** What an SES stand-in received, and answers: SendEmail's answer, or an SES error when the subject says so. */
interface SentRequest {
  method: string;
  path: string;
  contentType: string;
  body: unknown;
}

describe("the bundles' SESv2 client (SendEmail alone, in place of @aws-sdk/client-sesv2)", () => {
  let server: Server;
  let endpoint: string;
  const received: SentRequest[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { Content?: { Simple?: { Subject?: { Data?: string } } } };
        received.push({ method: request.method!, path: request.url!, contentType: String(request.headers['content-type']), body: parsed });
        if (parsed.Content?.Simple?.Subject?.Data === 'rejected') {
          response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
          response.end(JSON.stringify({ message: 'Email address is not verified.' }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ MessageId: `message-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = (subject: string) => ({
    from: 'Hotel <hello@hotel.example>',
    to: 'guest@example.com',
    subject,
    text: 'Happy birthday, Ms Yu',
    html: '<p>Happy birthday, Ms Yu</p>',
    headers: [{ name: 'List-Unsubscribe', value: '<https://hotel.example/u?t=1>' }],
  });

  /** Sends through the mailer with the SDK's own client, unbundled, as the local runtime does. */
  async function sendUnbundled(subject: string) {
    const client = new SESv2Client({ endpoint, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 's' } });
    try {
      return { messageId: await createSesMailer(client, 'campaigns').send(message(subject)) };
    } catch (error) {
      return { error: { name: (error as Error).name, message: (error as Error).message } };
    }
  }

  /** The same, bundled with the stack's settings and run in a process of its own with Lambda's kind of environment. */
  async function sendBundled(subject: string) {
    const bundle = await bundleEntry(
      {
        source: `
          import { SESv2Client } from '@aws-sdk/client-sesv2';
          import { createSesMailer } from './shared/aws/ses-mailer.ts';
          export async function send(endpoint, message) {
            const client = new SESv2Client({ endpoint, maxAttempts: 1 });
            try {
              return { messageId: await createSesMailer(client, 'campaigns').send(message) };
            } catch (error) {
              return { error: { name: error.name, message: error.message } };
            }
          }`,
      },
      { outfile: join(outdir, 'ses.mjs') },
    );
    for (const file of bundle.files) writeFileSync(file.path, file.contents);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs).toContain('shared/aws/lambda-bundle/client-sesv2.js');
    expect(inputs.filter((input) => input.includes('client-sesv2/dist-es/schemas/'))).toEqual([]);
    const script = join(outdir, 'send.mjs');
    writeFileSync(
      script,
      `const { send } = await import(process.argv[2]);
      process.stdout.write('RESULT ' + JSON.stringify(await send(process.argv[3], JSON.parse(process.argv[4]))) + '\\n');`,
    );
    const { stdout } = await run(process.execPath, [script, join(outdir, 'ses.mjs'), endpoint, JSON.stringify(message(subject))], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: emptyHome,
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...lambdaCredentials,
      },
    });
    return JSON.parse(
      stdout
        .split('\n')
        .find((line) => line.startsWith('RESULT '))!
        .slice('RESULT '.length),
    ) as unknown;
  }

  it("carries the schemas SendEmail needs, each equal to the installed SDK's", async () => {
    const slicePath = '../../shared/aws/lambda-bundle/sesv2-send-email-schemas.js';
    const sdkPath = '../../node_modules/@aws-sdk/client-sesv2/dist-es/schemas/schemas_0.js';
    const slice = (await import(/* @vite-ignore */ slicePath)) as Record<string, unknown>;
    const sdk = (await import(/* @vite-ignore */ sdkPath)) as Record<string, unknown>;
    const schemas = Object.keys(slice).filter((name) => name.endsWith('$'));
    expect(schemas).toEqual(expect.arrayContaining(['SendEmail$', 'SendEmailRequest$', 'SendEmailResponse$', 'MessageRejected$']));
    for (const name of schemas) expect(named(slice[name]), name).toEqual(named(sdk[name]));
  });

  it("sends the same SendEmail request as the SDK's client, and reads its answer and its errors the same way", async () => {
    received.length = 0;
    const unbundled = await sendUnbundled('Happy birthday');
    const bundled = await sendBundled('Happy birthday');
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual(received[0]);
    expect(received[0]).toMatchObject({ method: 'POST', path: '/v2/email/outbound-emails', body: { ConfigurationSetName: 'campaigns' } });
    expect(unbundled).toEqual({ messageId: 'message-1' });
    expect(bundled).toEqual({ messageId: 'message-2' });

    const rejected = { error: { name: 'MessageRejected', message: 'Email address is not verified.' } };
    expect(await sendUnbundled('rejected')).toEqual(rejected);
    expect(await sendBundled('rejected')).toEqual(rejected);
  });
});
