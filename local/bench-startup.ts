/**
 * A cold start's own cost, as far as one machine shows it: a fresh Node process imports a module and makes its first
 * DynamoDB call. The recognition function's bundle (built as the stack builds it, started with the NODE_OPTIONS the
 * stack gives it) against the baseline: the unbundled DynamoDB client from node_modules making one GetItem. Only
 * the ratio of medians means anything; absolute times depend on the machine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { bundleEntry } from './bundle-sizes.ts';
import { projectRoot } from './paths.ts';

const run = promisify(execFile);

/** Imports BENCH_MODULE, then calls it once; prints the milliseconds both took and what the call answered. */
const handlerScript = `
const started = performance.now();
const { handler } = await import(process.env.BENCH_MODULE);
const context = { awsRequestId: 'bench', functionName: 'recognition', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:recognition', logGroupName: '/aws/lambda/recognition',
  logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
const result = await handler(JSON.parse(process.env.BENCH_EVENT), context);
console.log(JSON.stringify({ ms: performance.now() - started, answer: result?.statusCode }));
`;

const sdkScript = `
const started = performance.now();
const { DynamoDBClient, GetItemCommand } = await import(process.env.BENCH_MODULE);
const client = new DynamoDBClient({});
const output = await client.send(new GetItemCommand({ TableName: process.env.BENCH_TABLE, Key: JSON.parse(process.env.BENCH_KEY) }));
console.log(JSON.stringify({ ms: performance.now() - started, answer: output.Item ? 200 : 404 }));
`;

export interface StartupComparison {
  readonly handlerMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly runs: number;
  readonly nodeOptions: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function compareStartup(options: {
  entry: string;
  event: unknown;
  /** The deployed function's environment (NODE_OPTIONS among it) and what the local stand-ins need. */
  environment: Record<string, string>;
  tableName: string;
  key: Record<string, unknown>;
  runs: number;
}): Promise<StartupComparison> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const outfile = join(directory, 'handler.mjs');
  // As the stack builds it: source map written next to the bundle, without the sources.
  const bundle = await bundleEntry({ file: options.entry }, { outfile, sourcemap: 'linked', sourcesContent: false });
  for (const file of bundle.files) writeFileSync(file.path, file.contents);
  const sdkModule = pathToFileURL(createRequire(join(projectRoot, 'package.json')).resolve('@aws-sdk/client-dynamodb')).href;

  const once = async (script: string, env: Record<string, string>) => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: directory,
      env: { PATH: process.env.PATH ?? '', ...options.environment, ...env },
    });
    const line = stdout.trim().split('\n').at(-1)!;
    const parsed = JSON.parse(line) as { ms: number; answer: number };
    if (parsed.answer !== 200) throw new Error(`the start-up run answered ${parsed.answer}, not 200: ${stdout}`);
    return parsed.ms;
  };
  const handlerTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    // Alternating, so a slower moment of the machine weighs on both.
    handlerTimes.push(await once(handlerScript, { BENCH_MODULE: pathToFileURL(outfile).href, BENCH_EVENT: JSON.stringify(options.event) }));
    const { NODE_OPTIONS: _deployedOptions, ...plain } = options.environment;
    baselineTimes.push(
      await once(sdkScript, { ...plain, NODE_OPTIONS: '', BENCH_MODULE: sdkModule, BENCH_TABLE: options.tableName, BENCH_KEY: JSON.stringify(options.key) }),
    );
  }
  const handlerMs = median(handlerTimes);
  const baselineMs = median(baselineTimes);
  return { handlerMs, baselineMs, ratio: handlerMs / baselineMs, runs: options.runs, nodeOptions: options.environment.NODE_OPTIONS ?? '' };
}
