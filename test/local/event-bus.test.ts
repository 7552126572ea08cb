import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventSource } from '#shared/events/guest-events';
import type { FunctionDeclaration } from '#shared/wiring';
import { startEventBus, type DeadLetter, type DeliveryEnding, type RunningEventBus } from '#local/event-bus';
import { createHandlerLoader, type Logger } from '#local/lambda';
import { findFreePort } from '#local/ports';
import { redriveOnLocalBus, replayOnLocalBus } from '#local/bus-commands';
import { projectRoot } from '#local/paths';
import { killedBusFunctions, restartedBusFunctions } from './fixtures/bus-functions.ts';
import { clearRecordedCalls, recordedCalls } from './fixtures/calls.ts';
import { setFixableRecorderBroken } from './fixtures/fixable-event.ts';

const fixture = (name: string) => `test/local/fixtures/${name}.ts`;
const functions: FunctionDeclaration[] = [
  {
    name: 'record-check-in',
    trigger: 'event',
    entry: fixture('record-event'),
    access: [],
    bus: 'guests',
    source: 'hotel.guests',
    detailTypes: ['GuestCheckedIn'],
  },
  {
    name: 'record-dining',
    trigger: 'event',
    entry: fixture('record-event'),
    access: [],
    bus: 'guests',
    source: 'hotel.guests',
    detailTypes: ['DiningRecorded'],
  },
  {
    name: 'flaky-departure',
    trigger: 'event',
    entry: fixture('flaky-event'),
    access: [],
    bus: 'guests',
    source: 'hotel.guests',
    detailTypes: ['GuestDeparted'],
  },
  {
    name: 'broken-note',
    trigger: 'event',
    entry: fixture('failing-event'),
    access: [],
    bus: 'guests',
    source: 'hotel.guests',
    detailTypes: ['GuestNoteAdded'],
  },
  {
    name: 'http-only',
    trigger: 'http',
    entry: fixture('echo-http'),
    access: [],
    routes: [{ method: 'GET', path: '/v1/health', authenticated: false, roles: [] }],
  },
];

const silent: Logger = { info: () => {}, error: () => {} };
const retryAttempts = 2;
let dataDir: string;
let bus: RunningEventBus;
let client: EventBridgeClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'event-bus-'));
  bus = await startEventBus({
    port: await findFreePort(),
    functions,
    loadHandler: createHandlerLoader(),
    dataDir,
    eventBusName: 'guests',
    retry: { retryAttempts, baseDelayMs: 5 },
    log: silent,
  });
  client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await bus.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => clearRecordedCalls());

const entry = (detailType: string, detail: object, overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: 'guests',
  Source: eventSource,
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  ...overrides,
});

const put = (...entries: PutEventsRequestEntry[]) => client.send(new PutEventsCommand({ Entries: entries }));
const callsTo = (functionName: string) => recordedCalls().filter((call) => call.functionName === functionName);
const readJsonLines = <T>(file: string): T[] =>
  readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);

describe('local event bus', () => {
  it('accepts PutEvents from the real SDK client and answers with event ids', async () => {
    const result = await put(entry('GuestCheckedIn', { room: '1203' }), entry('DiningRecorded', { table: '7' }));

    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(2);
    for (const resultEntry of result.Entries!) expect(resultEntry.EventId).toMatch(/^[0-9a-f-]{36}$/);
    await bus.drain();
  });

  it('delivers an event as EventBridge shapes it, to the matching function only', async () => {
    const time = new Date('2025-06-08T00:30:00.250Z');
    const result = await put(entry('GuestCheckedIn', { room: '1203' }, { Time: time, Resources: ['room/1203'] }));
    await bus.drain();

    expect(recordedCalls().map((call) => call.functionName)).toEqual(['record-check-in']);
    expect(callsTo('record-check-in')[0]!.event).toEqual({
      version: '0',
      id: result.Entries![0]!.EventId,
      'detail-type': 'GuestCheckedIn',
      source: eventSource,
      account: '000000000000',
      time: '2025-06-08T00:30:00Z',
      region: 'us-east-1',
      resources: ['room/1203'],
      detail: { room: '1203' },
    });
  });

  it('stamps the event with the current time, in whole seconds, when the entry has none', async () => {
    await put(entry('DiningRecorded', { table: '7' }));
    await bus.drain();

    const { time } = callsTo('record-dining')[0]!.event as { time: string };
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('does not deliver events from another source', async () => {
    const result = await put(entry('GuestCheckedIn', { room: '1203' }, { Source: 'hotel.other' }));
    await bus.drain();

    expect(result.FailedEntryCount).toBe(0);
    expect(recordedCalls()).toEqual([]);
  });

  it('fails an entry with malformed detail alone and still accepts the others', async () => {
    const result = await put(
      entry('GuestCheckedIn', { room: '1' }),
      { ...entry('GuestCheckedIn', {}), Detail: '{not json' },
      { ...entry('GuestCheckedIn', {}), Detail: '[1, 2]' },
      entry('GuestCheckedIn', { room: '2' }),
    );
    await bus.drain();

    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries![0]!.EventId).toBeDefined();
    expect(result.Entries![1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries![2]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries![3]!.EventId).toBeDefined();
    expect(callsTo('record-check-in').map((call) => (call.event as { detail: unknown }).detail)).toEqual([{ room: '1' }, { room: '2' }]);
  });

  it('fails entries with missing fields, another bus or an oversized detail', async () => {
    const result = await put(
      { ...entry('GuestCheckedIn', {}), Source: undefined },
      entry('GuestCheckedIn', {}, { EventBusName: 'someone-else' }),
      entry('GuestCheckedIn', { padding: 'x'.repeat(256 * 1024) }),
    );

    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries!.map((e) => e.ErrorCode)).toEqual(['InvalidArgument', 'ResourceNotFoundException', 'InvalidArgument']);
    expect(result.Entries!.every((e) => e.ErrorMessage)).toBe(true);
  });

  it('accepts the bus named by its ARN', async () => {
    const result = await put(entry('GuestCheckedIn', { room: '3' }, { EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/guests' }));
    await bus.drain();

    expect(result.FailedEntryCount).toBe(0);
  });

  it('rejects a request with more than 10 entries as a whole', async () => {
    const entries = Array.from({ length: 11 }, () => entry('GuestCheckedIn', {}));

    await expect(put(...entries)).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers other operations with UnknownOperationException', async () => {
    const response = await fetch(bus.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('retries a failing delivery until it succeeds', async () => {
    await put(entry('GuestDeparted', { failures: 2 }));
    await bus.drain();

    expect(callsTo('flaky-departure')).toHaveLength(3);
  });

  it('writes a dead letter after the first attempt and every retry failed', async () => {
    const result = await put(entry('GuestNoteAdded', { text: 'allergic to peanuts' }));
    await bus.drain();

    const eventId = result.Entries![0]!.EventId;
    expect(callsTo('broken-note')).toHaveLength(1 + retryAttempts);
    const letter = readJsonLines<DeadLetter>('dead-letters.jsonl').find((l) => l.event.id === eventId);
    expect(letter).toMatchObject({
      functionName: 'broken-note',
      error: 'recorder cannot reach the table',
      attempts: 1 + retryAttempts,
      event: { 'detail-type': 'GuestNoteAdded', detail: { text: 'allergic to peanuts' } },
    });
    expect(new Date(letter!.failedAt).getTime()).not.toBeNaN();
  });

  it('archives accepted events and replays them on request', async () => {
    const time = new Date('2031-01-01T10:00:00Z');
    const result = await put(entry('GuestCheckedIn', { room: '1501' }, { Time: time }));
    await bus.drain();
    const eventId = result.Entries![0]!.EventId;
    expect(readJsonLines<{ id: string }>('archive.jsonl').map((event) => event.id)).toContain(eventId);
    clearRecordedCalls();

    const { replayed, replayName } = await bus.replay({ from: time, to: time });
    await bus.drain();

    expect(replayed).toBe(1);
    expect(callsTo('record-check-in').map((call) => call.event)).toEqual([expect.objectContaining({ id: eventId, 'replay-name': replayName })]);
  });

  it('replays on request of the replay command, over the bus endpoint', async () => {
    const time = new Date('2032-02-02T08:00:00Z');
    const result = await put(
      entry('DiningRecorded', { table: '9' }, { Time: time }),
      entry('DiningRecorded', { table: '10' }, { Time: new Date('2032-02-03T08:00:00Z') }),
    );
    await bus.drain();
    clearRecordedCalls();

    const report = await replayOnLocalBus(bus.endpoint, { from: new Date('2032-02-02T00:00:00Z'), to: new Date('2032-02-02T23:59:59Z') });
    await bus.drain();

    expect(report).toEqual({ replayed: 1, replayName: expect.stringMatching(/^local-replay-/) });
    expect(callsTo('record-dining').map((call) => (call.event as { id: string }).id)).toEqual([result.Entries![0]!.EventId]);
  });

  it('refuses a replay whose range is not made of instants', async () => {
    const response = await fetch(bus.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Local.Replay', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ from: 'last tuesday' }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'ValidationException' });
  });
});

describe('local event bus after a stop or a kill', () => {
  const startBus = async (dir: string, busFunctions: readonly FunctionDeclaration[], retry = { retryAttempts: 0, baseDelayMs: 5 }) =>
    startEventBus({ port: 0, functions: busFunctions, loadHandler: createHandlerLoader(), dataDir: dir, retry, log: silent });
  const archived = (id: string, detailType: string): object => ({
    version: '0',
    id,
    'detail-type': detailType,
    source: eventSource,
    account: '000000000000',
    time: '2031-05-01T09:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { room: id },
  });
  const jsonLines = (...values: object[]) => values.map((value) => `${JSON.stringify(value)}\n`).join('');
  const ended = (eventId: string, functionName: string) => ({ eventId, functionName, outcome: 'ok', at: '2031-05-01T09:00:01.000Z' });
  const deliveredPairs = () =>
    recordedCalls()
      .map((call) => `${(call.event as { id: string }).id} -> ${call.functionName}`)
      .sort();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-bus-restart-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('delivers again, at start, exactly the archived deliveries that had not ended', async () => {
    writeFileSync(
      join(dir, 'archive.jsonl'),
      jsonLines(
        archived('e1', 'GuestCheckedIn'),
        archived('e2', 'GuestCheckedIn'),
        archived('e3', 'GuestNoteAdded'),
        archived('e4', 'GuestNoteAdded'),
        archived('e5', 'DiningRecorded'),
      ) +
        // The last append of a killed process, cut short: never acknowledged, so never delivered.
        '{"version":"0","id":"e6","detail-type":"GuestChe',
    );
    writeFileSync(join(dir, 'deliveries.jsonl'), jsonLines(ended('e1', 'record-check-in'), ended('e2', 'record-check-in'), ended('e2', 'notify-check-in')));
    writeFileSync(
      join(dir, 'dead-letters.jsonl'),
      jsonLines({ event: archived('e3', 'GuestNoteAdded'), functionName: 'record-note', error: 'x', attempts: 9, failedAt: '2031-05-01T09:05:00.000Z' }),
    );

    const restarted = await startBus(dir, restartedBusFunctions);
    await restarted.drain();

    expect(deliveredPairs()).toEqual(['e1 -> notify-check-in', 'e4 -> record-note']);
    const endings = readFileSync(join(dir, 'deliveries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(3)
      .map((line) => JSON.parse(line) as DeliveryEnding);
    expect(endings.map(({ eventId, functionName, outcome }) => ({ eventId, functionName, outcome }))).toEqual(
      expect.arrayContaining([
        { eventId: 'e1', functionName: 'notify-check-in', outcome: 'ok' },
        { eventId: 'e4', functionName: 'record-note', outcome: 'ok' },
      ]),
    );

    // The cut line stays apart: an event accepted now is archived whole and delivered.
    const sdk = new EventBridgeClient({ endpoint: restarted.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { Entries } = await sdk.send(new PutEventsCommand({ Entries: [entry('DiningRecorded', { table: '4' })] }));
    sdk.destroy();
    await restarted.stop();
    const lastLine = readFileSync(join(dir, 'archive.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!;
    expect(JSON.parse(lastLine)).toMatchObject({ id: Entries![0]!.EventId });

    clearRecordedCalls();
    await (await startBus(dir, restartedBusFunctions)).stop();
    expect(recordedCalls()).toEqual([]);
  });

  it('after a kill, delivers again what was running or waiting to retry, and not what had finished', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('bus-process'), dir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const output = createInterface({ input: child.stdout! });
      const lines: string[] = [];
      const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
      output.on('line', (line) => {
        lines.push(line);
        for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(line);
      });
      const waitForLine = (pattern: RegExp) =>
        new Promise<string>((resolve) => {
          const seen = lines.find((line) => pattern.test(line));
          if (seen) resolve(seen);
          else waiters.push({ pattern, resolve });
        });

      const endpoint = (await waitForLine(/^endpoint /)).slice('endpoint '.length);
      const sdk = new EventBridgeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const { Entries } = await sdk.send(
        new PutEventsCommand({ Entries: [entry('GuestCheckedIn', { room: '1203' }), entry('GuestNoteAdded', { text: 'window seat' })] }),
      );
      sdk.destroy();
      const [checkIn, note] = Entries!.map((e) => e.EventId!);
      await waitForLine(new RegExp(`${checkIn} -> record-check-in ok`));
      await waitForLine(new RegExp(`${note} -> record-note failed \\(attempt 1\\), retrying`));

      child.kill('SIGKILL');
      await exited;
      expect(existsSync(join(dir, 'dead-letters.jsonl'))).toBe(false);

      const restarted = await startBus(dir, restartedBusFunctions);
      await restarted.drain();
      await restarted.stop();

      expect(deliveredPairs()).toEqual([`${checkIn} -> notify-check-in`, `${note} -> record-note`].sort());
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('redrive delivers each dead letter again, removes those now handled and keeps the others', async () => {
    const busFunctions: FunctionDeclaration[] = [
      {
        name: 'record-departure',
        trigger: 'event',
        entry: fixture('fixable-event'),
        access: [],
        bus: 'guests',
        source: eventSource,
        detailTypes: ['GuestDeparted'],
      },
      {
        name: 'record-note',
        trigger: 'event',
        entry: fixture('failing-event'),
        access: [],
        bus: 'guests',
        source: eventSource,
        detailTypes: ['GuestNoteAdded'],
      },
    ];
    setFixableRecorderBroken(true);
    const running = await startBus(dir, busFunctions);
    try {
      const sdk = new EventBridgeClient({ endpoint: running.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const { Entries } = await sdk.send(
        new PutEventsCommand({ Entries: [entry('GuestDeparted', { room: '1203' }), entry('GuestNoteAdded', { text: 'late checkout' })] }),
      );
      sdk.destroy();
      await running.drain();
      const [departure, note] = Entries!.map((e) => e.EventId!);
      const deadLettered = readJsonLinesIn<DeadLetter>(dir, 'dead-letters.jsonl').map((l) => [l.functionName, l.event.id]);
      expect([...deadLettered].sort()).toEqual([
        ['record-departure', departure],
        ['record-note', note],
      ]);
      setFixableRecorderBroken(false);
      clearRecordedCalls();

      const report = await redriveOnLocalBus(running.endpoint);

      expect(report).toEqual({ succeeded: 1, failed: [{ eventId: note, functionName: 'record-note', error: 'recorder cannot reach the table' }] });
      // The two retries run concurrently, so either may have dead-lettered first; redrive takes the file's order.
      expect(recordedCalls().map((call) => [call.functionName, (call.event as { id: string }).id])).toEqual(deadLettered);
      expect(readJsonLinesIn<DeadLetter>(dir, 'dead-letters.jsonl').map((l) => [l.functionName, l.event.id])).toEqual([['record-note', note]]);
      expect(
        readJsonLinesIn<DeliveryEnding>(dir, 'deliveries.jsonl')
          .filter((e) => e.eventId === departure)
          .map((e) => e.outcome),
      ).toEqual(['dead-lettered', 'ok']);
    } finally {
      setFixableRecorderBroken(false);
      await running.stop();
    }

    clearRecordedCalls();
    await (await startBus(dir, busFunctions)).stop();
    expect(recordedCalls()).toEqual([]);
  });

  it('keeps the data dir and the files holding events readable by their owner only', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'archive.jsonl'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'archive.jsonl'), 0o644);
    const freshDir = join(dir, 'fresh', 'data');

    const existing = await startBus(dataDir, killedBusFunctions);
    const fresh = await startBus(freshDir, killedBusFunctions);
    const sdk = new EventBridgeClient({ endpoint: fresh.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sdk.send(new PutEventsCommand({ Entries: [entry('GuestNoteAdded', { text: 'quiet room' })] }));
    sdk.destroy();
    await fresh.drain();
    await Promise.all([existing.stop(), fresh.stop()]);

    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'archive.jsonl'))).toBe(0o600);
    expect(mode(freshDir)).toBe(0o700);
    for (const file of ['archive.jsonl', 'dead-letters.jsonl', 'deliveries.jsonl']) expect([file, mode(join(freshDir, file))]).toEqual([file, 0o600]);
  });
});

function readJsonLinesIn<T>(dir: string, file: string): T[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
