/**
 * Tracing AWS calls, as `-c traceAwsCalls=true` deploys it: the recognition function bundled with the real
 * Powertools Tracer, run in a process of its own with Lambda's tracing environment (a sampled trace header, the
 * X-Ray daemon's address), against DynamoDB Local. A UDP socket stands in for the X-Ray daemon, which Lambda runs
 * next to every traced function: the subsegments the SDK sends it are what the X-Ray console shows. The default
 * bundle, for comparison, carries no X-Ray SDK at all.
 */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleAliases } from '#infra/constructs/guest-function';
import { bundleEntry } from '#local/bundle-sizes';
import { createDynamoGuestStore } from '#shared/store/dynamo-guest-store';
import { environmentNames, functions } from '#shared/wiring';
import { aCheckIn, mrYu } from '#test/support/builders';
import { createTestTable } from '#test/support/table';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'traced-bundle-'));
const recognition = functions.find((fn) => fn.name === 'recognition')!;
const traceRoot = '1-5759e988-bd862e3fe1be46a994272793';
const parentId = '53995c3f42cd8ad8';

let daemon: Socket;
const datagrams: string[] = [];
let tableName: string;
let guestId: string;
let inputs: { traced: string[]; untraced: string[] };

beforeAll(async () => {
  const traced = await bundleEntry({ file: recognition.entry }, { alias: bundleAliases({ traceAwsCalls: true }), outfile: join(outdir, 'index.mjs') });
  for (const file of traced.files) writeFileSync(file.path, file.contents);
  const untraced = await bundleEntry({ file: recognition.entry });
  inputs = { traced: Object.keys(traced.metafile.inputs), untraced: Object.keys(untraced.metafile.inputs) };

  daemon = createSocket('udp4');
  daemon.on('message', (message) => datagrams.push(message.toString('utf8')));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));

  const table = await createTestTable('traced');
  tableName = table.tableName;
  const store = createDynamoGuestStore({ documentClient: table.documentClient, tableName, erasedIdentityHashKey: 'e'.repeat(64) });
  await store.recordCheckIn(aCheckIn({ room: '1205', guest: { ...mrYu, email: 'traced.yu@example.com', phone: undefined, pmsProfileId: undefined } }));
  [guestId] = (await store.findGuestIds([{ kind: 'email', value: 'traced.yu@example.com' }])) as [string];
});
afterAll(() => daemon?.close());

const caller = `
const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.argv[3]), { awsRequestId: 'traced-test', functionName: 'recognition', getRemainingTimeInMillis: () => 10000 });
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
`;

async function callTracedBundle(): Promise<{ statusCode: number }> {
  const script = join(outdir, 'call.mjs');
  writeFileSync(script, caller);
  const event = {
    version: '2.0',
    routeKey: 'GET /v1/guests/{guestId}/recognition',
    rawPath: `/v1/guests/${guestId}/recognition`,
    headers: {},
    pathParameters: { guestId },
    requestContext: {
      requestId: 'traced-test',
      http: { method: 'GET' },
      authorizer: { jwt: { claims: { sub: 'desk-1', role: 'frontdesk', propertyId: 'bangkok' } } },
    },
  };
  const { stdout, stderr } = await run(process.execPath, [script, join(outdir, 'index.mjs'), JSON.stringify(event)], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: outdir,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIALOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_SESSION_TOKEN: 'local-session-token',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [environmentNames.tableName]: tableName,
      // What Lambda sets for a function with active tracing, and the stack's Powertools settings.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'recognition',
      LAMBDA_TASK_ROOT: outdir,
      _X_AMZN_TRACE_ID: `Root=${traceRoot};Parent=${parentId};Sampled=1`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      POWERTOOLS_SERVICE_NAME: 'recognition',
      POWERTOOLS_TRACE_ENABLED: 'true',
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from the bundle:\n${stdout}\n${stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as { statusCode: number };
}

/** The daemon protocol: a JSON header line, then the segment document. */
const segments = () => datagrams.map((datagram) => JSON.parse(datagram.slice(datagram.indexOf('\n') + 1)) as Record<string, unknown>);

describe('tracing AWS calls', () => {
  it('is left out of the default bundle, and in the traced one', () => {
    expect(inputs.untraced.filter((input) => input.includes('aws-xray-sdk-core'))).toEqual([]);
    expect(inputs.untraced).toContain('shared/aws/lambda-bundle/no-tracer.ts');
    expect(inputs.traced.some((input) => input.includes('aws-xray-sdk-core'))).toBe(true);
  });

  it("sends each DynamoDB call to the X-Ray daemon as a subsegment of the invocation's trace", async () => {
    expect((await callTracedBundle()).statusCode).toBe(200);
    await expect.poll(() => segments().filter((s) => s.name === 'DynamoDB').length).toBeGreaterThan(0);
    const dynamo = segments().filter((s) => s.name === 'DynamoDB');
    for (const subsegment of dynamo) {
      expect(subsegment).toMatchObject({ type: 'subsegment', namespace: 'aws', trace_id: traceRoot, parent_id: parentId });
      // `table_name`, or `table_names` for a batch.
      expect(JSON.stringify(subsegment.aws)).toContain(tableName);
      expect(subsegment.end_time as number).toBeGreaterThanOrEqual(subsegment.start_time as number);
    }
    // The card read; guest data is not in the trace.
    expect(dynamo.map((s) => (s.aws as { operation: string }).operation)).toContain('GetItem');
    expect(datagrams.join('\n')).not.toContain(mrYu.lastName);
  });
});
