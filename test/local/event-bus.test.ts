import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventSource } from '#shared/events/guest-events';
import type { FunctionDeclaration } from '#shared/wiring';
import { startEventBus, type DeadLetter, type RunningEventBus } from '#local/event-bus';
import { createHandlerLoader, type Logger } from '#local/lambda';
import { findFreePort } from '#local/ports';
import { clearRecordedCalls, recordedCalls } from './fixtures/calls.ts';

const fixture = (name: string) => `test/local/fixtures/${name}.ts`;
const functions: FunctionDeclaration[] = [
  { name: 'record-check-in', trigger: 'event', entry: fixture('record-event'), access: [], bus: 'guests', source: 'hotel.guests', detailTypes: ['GuestCheckedIn'] },
  { name: 'record-dining', trigger: 'event', entry: fixture('record-event'), access: [], bus: 'guests', source: 'hotel.guests', detailTypes: ['DiningRecorded'] },
  { name: 'flaky-departure', trigger: 'event', entry: fixture('flaky-event'), access: [], bus: 'guests', source: 'hotel.guests', detailTypes: ['GuestDeparted'] },
  { name: 'broken-note', trigger: 'event', entry: fixture('failing-event'), access: [], bus: 'guests', source: 'hotel.guests', detailTypes: ['GuestNoteAdded'] },
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

    const replayed = await bus.replay({ from: time, to: time });
    await bus.drain();

    expect(replayed).toBe(1);
    expect(callsTo('record-check-in').map((call) => call.event)).toEqual([
      expect.objectContaining({ id: eventId, 'replay-name': expect.any(String) }),
    ]);
  });
});
