/**
 * The local EventBridge bus. It serves PutEvents on the real wire protocol (so producers use the real SDK client,
 * pointed here by AWS_ENDPOINT_URL_EVENTBRIDGE), archives every accepted event, and delivers it to the functions
 * whose declaration matches — the same source + detail-type rule the CDK stack creates — retrying with backoff,
 * then writing a dead letter.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventDelivery, type EventFunction, type FunctionDeclaration } from '#shared/wiring';
import { consoleLogger, createLambdaContext, localAccount, type LoadHandler, type Logger } from './lambda.ts';
import { readBody } from './read-body.ts';

export interface EventBusOptions {
  readonly port: number;
  readonly host?: string;
  readonly functions: readonly FunctionDeclaration[];
  readonly loadHandler: LoadHandler;
  /** archive.jsonl and dead-letters.jsonl are written here. */
  readonly dataDir: string;
  readonly region?: string;
  /** When set, entries naming another bus are refused, as they would find no rules on AWS. */
  readonly eventBusName?: string;
  readonly retry?: {
    /** Retries after the first attempt (default: the wiring's `eventDelivery.retryAttempts`). */
    readonly retryAttempts?: number;
    /** First retry delay, doubled on each retry up to `maxDelayMs`. */
    readonly baseDelayMs?: number;
    readonly maxDelayMs?: number;
  };
  readonly log?: Logger;
}

export interface RunningEventBus {
  readonly endpoint: string;
  /** Resolves once no delivery is waiting, retrying or running. */
  drain(): Promise<void>;
  /** Delivers archived events again (event `time` within the range), marked with `replay-name`; returns how many. */
  replay(range?: { from?: Date; to?: Date }): Promise<number>;
  /** Stops accepting events; deliveries waiting to retry are dead-lettered, running ones finish first. */
  stop(): Promise<void>;
}

export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;

export interface DeadLetter {
  readonly event: BusEvent;
  readonly functionName: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
}

/** EventBridge's limits for one PutEvents request. */
const maxEntries = 10;
const maxEntryBytes = 256 * 1024;
const maxRequestBodyBytes = 4 * maxEntryBytes;
/** How long a recorder may run; also what `getRemainingTimeInMillis` counts down from. */
const functionTimeoutMs = 30_000;

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export async function startEventBus(options: EventBusOptions): Promise<RunningEventBus> {
  const { functions, loadHandler, dataDir, region = 'us-east-1', log = consoleLogger } = options;
  const retryAttempts = options.retry?.retryAttempts ?? eventDelivery.retryAttempts;
  const baseDelayMs = options.retry?.baseDelayMs ?? 100;
  const maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  const targets = functions.filter((f): f is EventFunction => f.trigger === 'event');
  mkdirSync(dataDir, { recursive: true });
  const archivePath = join(dataDir, 'archive.jsonl');
  const deadLetterPath = join(dataDir, 'dead-letters.jsonl');
  const deliveries = new Set<Promise<void>>();
  const stopping = new AbortController();

  function putEvents(entries: unknown[]): { FailedEntryCount: number; Entries: EntryResult[] } {
    const results = entries.map((entry): EntryResult => {
      const checked = checkEntry(entry, options.eventBusName);
      if ('ErrorCode' in checked) return checked;
      const event = toEvent(checked, region);
      const bus = checked.busName === defaultBusName ? 'default' : 'guests';
      // Archived before it is acknowledged, so whatever the producer was told was accepted can be replayed.
      // As on AWS, only the guest events bus has an archive.
      if (bus === 'guests') appendFileSync(archivePath, `${JSON.stringify(event)}\n`);
      dispatch(event, bus);
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** The same matching as the stack's rules: bus, source and detail-type. */
  function dispatch(event: BusEvent, bus: EventFunction['bus']): void {
    for (const target of targets) {
      if (target.bus === bus && event.source === target.source && target.detailTypes.includes(event['detail-type'])) track(deliver(event, target));
    }
  }

  function track(delivery: Promise<void>): void {
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  }

  async function deliver(event: BusEvent, target: EventFunction): Promise<void> {
    // Producers get their answer first: delivery is asynchronous on AWS too.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const handler = await loadHandler(target.entry);
        await handler(event as never, createLambdaContext(target.name, { region, timeoutMs: functionTimeoutMs }));
        log.info(`${event['detail-type']} ${event.id} -> ${target.name} ok ${Math.round(performance.now() - started)}ms`);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt > retryAttempts || stopping.signal.aborted) return deadLetter(event, target, message, attempt);
        const delay = Math.min(baseDelayMs * 2 ** (attempt - 1), maxDelayMs);
        log.error(`${event['detail-type']} ${event.id} -> ${target.name} failed (attempt ${attempt}), retrying in ${delay}ms: ${message}`);
        try {
          await sleep(delay, undefined, { signal: stopping.signal });
        } catch {
          return deadLetter(event, target, `stopped before a retry: ${message}`, attempt);
        }
      }
    }
  }

  function deadLetter(event: BusEvent, target: EventFunction, error: string, attempts: number): void {
    const letter: DeadLetter = { event, functionName: target.name, error, attempts, failedAt: new Date().toISOString() };
    appendFileSync(deadLetterPath, `${JSON.stringify(letter)}\n`);
    log.error(`${event['detail-type']} ${event.id} -> ${target.name} dead-lettered after ${attempts} attempts: ${error}`);
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(request, maxRequestBodyBytes);
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return reply(response, 400, awsError('UnknownOperationException', `Operation ${target ?? '(none)'} is not supported locally`));
    }
    if (tooLarge) return reply(response, 400, awsError('ValidationException', 'Total size of the entries in the request is over the limit.'));
    let input: { Entries?: unknown };
    try {
      input = JSON.parse(body.toString('utf8')) as { Entries?: unknown };
    } catch {
      return reply(response, 400, awsError('SerializationException', 'The request body is not valid JSON.'));
    }
    const entries = input?.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > maxEntries) {
      return reply(response, 400, awsError('ValidationException', `Entries must hold 1 to ${maxEntries} entries.`));
    }
    reply(response, 200, putEvents(entries));
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      log.error('event bus failed to answer a request', error);
      if (!response.headersSent) reply(response, 500, awsError('InternalException', 'Internal error.'));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  async function drain(): Promise<void> {
    while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
  }

  return {
    endpoint: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    drain,
    async replay({ from, to } = {}) {
      const archived = (await readFile(archivePath, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as BusEvent)
        .filter((event) => (!from || new Date(event.time) >= from) && (!to || new Date(event.time) <= to));
      const replayName = `local-replay-${new Date().toISOString()}`;
      for (const event of archived) dispatch({ ...event, 'replay-name': replayName }, 'guests');
      return archived.length;
    },
    async stop() {
      stopping.abort();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await drain();
    },
  };
}

const defaultBusName = 'default';

interface ValidEntry {
  /** `default` or the guest events bus. */
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly time?: Date;
  readonly resources: string[];
}

/** Checks one entry as EventBridge does; a bad entry fails alone and the others are still accepted. */
function checkEntry(entry: unknown, eventBusName: string | undefined): ValidEntry | Extract<EntryResult, { ErrorCode: string }> {
  const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  for (const name of ['Source', 'DetailType', 'Detail']) {
    if (typeof fields[name] !== 'string' || fields[name] === '') {
      return entryError('InvalidArgument', `Parameter ${name} is not valid. Reason: ${name} is a required argument.`);
    }
  }
  const { Source: source, DetailType: detailType, Detail: rawDetail } = fields as Record<'Source' | 'DetailType' | 'Detail', string>;
  const busName = typeof fields.EventBusName === 'string' && fields.EventBusName ? fields.EventBusName.split('/').pop()! : 'default';
  if (eventBusName && busName !== eventBusName && busName !== defaultBusName) {
    return entryError('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  }
  // AWS services (SES feedback) publish on the default bus; locally, whoever plays them may too.
  if (source.startsWith('aws.') && busName !== defaultBusName) {
    return entryError('NotAuthorizedForSourceException', `Not authorized for the source ${source}.`);
  }
  const resources = Array.isArray(fields.Resources) ? fields.Resources.filter((r): r is string => typeof r === 'string') : [];
  const time = readTime(fields.Time);
  if (time === null) return entryError('InvalidArgument', 'Parameter Time is not valid.');
  const size = (time ? 14 : 0) + [source, detailType, rawDetail, ...resources].reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (size > maxEntryBytes) return entryError('InvalidArgument', `Entry size ${size} bytes exceeds the limit of ${maxEntryBytes} bytes.`);
  let detail: unknown;
  try {
    detail = JSON.parse(rawDetail);
  } catch {
    return entryError('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return entryError('MalformedDetail', 'Detail is malformed: it must be a JSON object.');
  }
  return { busName, source, detailType, detail: detail as Record<string, unknown>, time, resources };
}

/** The SDK sends Time as epoch seconds; other clients may send an ISO string. null means unreadable. */
function readTime(value: unknown): Date | undefined | null {
  if (value === undefined || value === null) return undefined;
  const time = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time : null;
}

function toEvent(entry: ValidEntry, region: string): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.detailType,
    source: entry.source,
    account: localAccount,
    // EventBridge stamps whole seconds: 2025-06-08T00:30:00Z.
    time: (entry.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: entry.resources,
    detail: entry.detail,
  };
}

function entryError(code: string, message: string) {
  return { ErrorCode: code, ErrorMessage: message };
}

function awsError(type: string, message: string) {
  return { __type: type, message };
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}
