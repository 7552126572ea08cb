/**
 * The local EventBridge bus. It serves PutEvents on the real wire protocol (so producers use the real SDK client,
 * pointed here by AWS_ENDPOINT_URL_EVENTBRIDGE), archives every accepted event, and delivers it to the functions
 * whose declaration matches — the same source + detail-type rule the CDK stack creates — retrying with backoff,
 * then writing a dead letter.
 *
 * Nothing accepted is lost to a stop or a kill: every delivery that ends (handled, or dead-lettered) is written to a
 * journal, and at start every archived event whose delivery to a matching function has no ending there is delivered
 * again. Recorders are idempotent, so the one delivery that may have run without being journaled does no harm.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventDelivery, type EventFunction, type FunctionDeclaration } from '#shared/wiring';
import { consoleLogger, createLambdaContext, localAccount, type LoadHandler, type Logger } from './lambda.ts';
import { ensurePrivateDir, narrowToOwner, privateFileMode } from './paths.ts';
import { readBody } from './read-body.ts';

export interface EventBusOptions {
  readonly port: number;
  readonly host?: string;
  readonly functions: readonly FunctionDeclaration[];
  readonly loadHandler: LoadHandler;
  /** archive.jsonl, dead-letters.jsonl and deliveries.jsonl (the delivery journal) are kept here. */
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
  /** Delivers archived events again (event `time` within the range), marked with `replay-name`. */
  replay(range?: { from?: Date; to?: Date }): Promise<ReplayReport>;
  /**
   * Delivers every dead letter once more to the function that failed it, and removes from the dead-letter file
   * those it now handles; the others stay, as they were.
   */
  redrive(): Promise<RedriveReport>;
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

/** One line of the delivery journal: how the delivery of an event to one function ended. */
export interface DeliveryEnding {
  readonly eventId: string;
  readonly functionName: string;
  readonly outcome: 'ok' | 'dead-lettered';
  readonly at: string;
}

export interface ReplayReport {
  readonly replayName: string;
  /** Archived events delivered again (each to every function its rule matches). */
  readonly replayed: number;
}

export interface RedriveReport {
  /** Dead letters delivered again, and so removed from the file. */
  readonly succeeded: number;
  /** Still failing, or naming a function that no longer exists: kept in the file. */
  readonly failed: readonly { readonly eventId: string; readonly functionName: string; readonly error: string }[];
}

/** Local-only operations on the bus endpoint, for `npm run replay` and `npm run redrive`. */
export const localOperations = { replay: 'Local.Replay', redrive: 'Local.Redrive' } as const;

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
  ensurePrivateDir(dataDir);
  const archivePath = join(dataDir, 'archive.jsonl');
  const deadLetterPath = join(dataDir, 'dead-letters.jsonl');
  const journalPath = join(dataDir, 'deliveries.jsonl');
  for (const file of [archivePath, deadLetterPath, journalPath]) prepareJsonLines(file);
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
      if (bus === 'guests') appendJsonLine(archivePath, event);
      dispatch(event, bus);
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** The same matching as the stack's rules: bus, source and detail-type. */
  function matchingTargets(event: BusEvent, bus: EventFunction['bus']): EventFunction[] {
    return targets.filter((target) => target.bus === bus && event.source === target.source && target.detailTypes.includes(event['detail-type']));
  }

  function dispatch(event: BusEvent, bus: EventFunction['bus']): void {
    for (const target of matchingTargets(event, bus)) track(deliver(event, target));
  }

  function track(delivery: Promise<void>): void {
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  }

  async function deliver(event: BusEvent, target: EventFunction): Promise<void> {
    // Producers get their answer first: delivery is asynchronous on AWS too.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      const failure = await invoke(event, target);
      if (failure === undefined) return recordEnding(event, target, 'ok');
      if (attempt > retryAttempts || stopping.signal.aborted) return deadLetter(event, target, failure, attempt);
      const delay = Math.min(baseDelayMs * 2 ** (attempt - 1), maxDelayMs);
      log.error(`${event['detail-type']} ${event.id} -> ${target.name} failed (attempt ${attempt}), retrying in ${delay}ms: ${failure}`);
      try {
        await sleep(delay, undefined, { signal: stopping.signal });
      } catch {
        return deadLetter(event, target, `stopped before a retry: ${failure}`, attempt);
      }
    }
  }

  /** One invocation of the function; resolves with the error message when it fails. */
  async function invoke(event: BusEvent, target: EventFunction): Promise<string | undefined> {
    const started = performance.now();
    try {
      const handler = await loadHandler(target.entry);
      await handler(event as never, createLambdaContext(target.name, { region, timeoutMs: functionTimeoutMs }));
      log.info(`${event['detail-type']} ${event.id} -> ${target.name} ok ${Math.round(performance.now() - started)}ms`);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  function recordEnding(event: BusEvent, target: EventFunction, outcome: DeliveryEnding['outcome']): void {
    const ending: DeliveryEnding = { eventId: event.id, functionName: target.name, outcome, at: new Date().toISOString() };
    appendJsonLine(journalPath, ending);
  }

  function deadLetter(event: BusEvent, target: EventFunction, error: string, attempts: number): void {
    const letter: DeadLetter = { event, functionName: target.name, error, attempts, failedAt: new Date().toISOString() };
    appendJsonLine(deadLetterPath, letter);
    recordEnding(event, target, 'dead-lettered');
    log.error(`${event['detail-type']} ${event.id} -> ${target.name} dead-lettered after ${attempts} attempts: ${error}`);
  }

  /** Every (archived event, matching function) pair whose delivery has no ending in the journal or the dead letters. */
  function findUnfinishedDeliveries(): { event: BusEvent; target: EventFunction }[] {
    const ended = new Set<string>();
    for (const ending of readJsonLines<DeliveryEnding>(journalPath)) ended.add(deliveryKey(ending.eventId, ending.functionName));
    for (const letter of readJsonLines<DeadLetter>(deadLetterPath)) ended.add(deliveryKey(letter.event?.id, letter.functionName));
    return readJsonLines<BusEvent>(archivePath).flatMap((event) =>
      matchingTargets(event, 'guests')
        .filter((target) => !ended.has(deliveryKey(event.id, target.name)))
        .map((target) => ({ event, target })),
    );
  }

  function replay({ from, to }: { from?: Date; to?: Date } = {}): ReplayReport {
    const archived = readJsonLines<BusEvent>(archivePath).filter((event) => (!from || new Date(event.time) >= from) && (!to || new Date(event.time) <= to));
    const replayName = `local-replay-${new Date().toISOString()}`;
    for (const event of archived) dispatch({ ...event, 'replay-name': replayName }, 'guests');
    return { replayName, replayed: archived.length };
  }

  async function redrive(): Promise<RedriveReport> {
    const lines = readLines(deadLetterPath);
    const handled: string[] = [];
    const failed: { eventId: string; functionName: string; error: string }[] = [];
    // One at a time: a redrive follows a fix, and a burst of retries would only hide which letter still fails.
    for (const line of lines) {
      const letter = parseJson<DeadLetter>(line);
      if (!letter?.event) continue;
      const target = targets.find((t) => t.name === letter.functionName);
      const error = target ? await invoke(letter.event, target) : `no function named ${letter.functionName} takes events`;
      if (error === undefined) {
        recordEnding(letter.event, target!, 'ok');
        handled.push(line);
      } else {
        failed.push({ eventId: letter.event.id, functionName: letter.functionName, error });
      }
    }
    removeLines(deadLetterPath, handled);
    return { succeeded: handled.length, failed };
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(request, maxRequestBodyBytes);
    const target = request.headers['x-amz-target'];
    if (request.method === 'POST' && target === localOperations.replay) return answerReplay(body, tooLarge, response);
    if (request.method === 'POST' && target === localOperations.redrive) return reply(response, 200, await redrive());
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

  function answerReplay(body: Buffer, tooLarge: boolean, response: ServerResponse): void {
    const input = tooLarge ? undefined : parseJson<{ from?: unknown; to?: unknown }>(body.toString('utf8') || '{}');
    const from = readTime(input?.from);
    const to = readTime(input?.to);
    if (!input || from === null || to === null) {
      reply(response, 400, awsError('ValidationException', 'from and to must be ISO-8601 instants.'));
      return;
    }
    reply(response, 200, replay({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));
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

  const unfinished = findUnfinishedDeliveries();
  if (unfinished.length > 0) {
    const count = unfinished.length === 1 ? '1 delivery' : `${unfinished.length} deliveries`;
    log.info(`delivering again ${count} of archived events that had not ended when the bus last stopped`);
    for (const { event, target } of unfinished) track(deliver(event, target));
  }

  async function drain(): Promise<void> {
    while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
  }

  return {
    endpoint: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    drain,
    replay: async (range) => replay(range),
    redrive,
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

const deliveryKey = (eventId: string, functionName: string) => `${eventId} ${functionName}`;

/**
 * Readies a JSON-lines file for appending: owner-only, and ending on a line break, so a line cut short by a kill
 * stays a line of its own (skipped when read) instead of corrupting the next one.
 */
function prepareJsonLines(file: string): void {
  if (!existsSync(file)) return;
  narrowToOwner(file);
  const text = readFileSync(file, 'utf8');
  if (text && !text.endsWith('\n')) appendFileSync(file, '\n');
}

function appendJsonLine(file: string, value: unknown): void {
  appendFileSync(file, `${JSON.stringify(value)}\n`, { mode: privateFileMode });
}

function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** The lines that hold a JSON object; anything else (a line cut short by a kill) is skipped. */
function readJsonLines<T extends object>(file: string): T[] {
  return readLines(file).flatMap((line) => {
    const value = parseJson<T>(line);
    return typeof value === 'object' && value !== null ? [value] : [];
  });
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * Removes these lines (once each) from the file, keeping whatever was appended meanwhile. Synchronous from read to
 * rename, so no append of this process falls in between.
 */
function removeLines(file: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const toRemove = new Map<string, number>();
  for (const line of lines) toRemove.set(line, (toRemove.get(line) ?? 0) + 1);
  const kept = readLines(file).filter((line) => {
    const count = toRemove.get(line) ?? 0;
    if (count > 0) toRemove.set(line, count - 1);
    return count === 0;
  });
  const next = `${file}.next`;
  rmSync(next, { force: true });
  writeFileSync(next, kept.map((line) => `${line}\n`).join(''), { mode: privateFileMode });
  renameSync(next, file);
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
