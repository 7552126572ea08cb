/**
 * The recognition function as Lambda runs it: bundled with the stack's esbuild settings (the aliases that replace
 * the SDK's credential chain, endpoint discovery and event streams included), loaded in a process of its own with
 * Lambda's kind of environment, and called against DynamoDB Local.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bundleEntry } from '#local/bundle-sizes';
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
    ]) {
      expect(inputs.filter((input) => input.includes(left))).toEqual([]);
    }
    expect(inputs).toContain('shared/aws/lambda-bundle/credential-provider.ts');
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
