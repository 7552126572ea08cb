/**
 * What a function writes as it runs: Powertools Logger's lines (request id, cold start, correlation id, service)
 * and Powertools Metrics' EMF lines, read from what the process writes to stdout, where Lambda's log agent reads
 * them. The use cases here are plain functions returning an outcome: the handler chains are what is under test.
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventHandler } from '#shared/events/event-handler';
import { guestNoteAdded } from '#shared/events/guest-events';
import { httpHandler } from '#shared/http/http-handler';
import { countMetric, metricNames, metricsNamespace } from '#shared/metrics';
import { aNote } from '#test/support/builders';

// As Lambda sets it for on-demand functions: Powertools counts a cold start only there.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

let written: string[] = [];

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stderr.write);
});
afterEach(() => vi.restoreAllMocks());

const lines = () =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const logLines = () => lines().filter((line) => line._aws === undefined);
const emfLines = () =>
  lines().filter((line) => line._aws !== undefined) as (Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  })[];

function contextFor(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'record-note',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:record-note',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/record-note',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const note = aNote('g_0123456789abcdefghijklmn', { at: '2026-01-02T03:04:05Z' });
const busEvent = (id: string): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id,
  'detail-type': guestNoteAdded.detailType,
  source: 'guest-recognition',
  account: '000000000000',
  time: '2026-01-02T03:04:06Z',
  region: 'us-east-1',
  resources: [],
  detail: note,
});

describe('a bus-triggered function', () => {
  it('logs with the Lambda request id, cold start and the bus event id as correlation id, and counts the outcome per detail-type', async () => {
    const outcomes = ['recorded', 'duplicate'];
    const handler = eventHandler(guestNoteAdded, async () => outcomes.shift()!);

    await handler(busEvent('bus-event-1'), contextFor('request-1'));
    await handler(busEvent('bus-event-2'), contextFor('request-2'));

    const handled = logLines().filter((line) => line.message === 'event handled');
    expect(handled).toHaveLength(2);
    expect(handled[0]).toMatchObject({
      level: 'INFO',
      correlation_id: 'bus-event-1',
      function_request_id: 'request-1',
      function_name: 'record-note',
      cold_start: true,
      outcome: 'recorded',
    });
    expect(handled[1]).toMatchObject({ correlation_id: 'bus-event-2', function_request_id: 'request-2', cold_start: false, outcome: 'duplicate' });
    expect(handled[0]).toHaveProperty('service');

    const counted = emfLines().map((line) => ({
      metric: line._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name,
      detailType: line.detailType,
      namespace: line._aws.CloudWatchMetrics[0]!.Namespace,
      dimensions: line._aws.CloudWatchMetrics[0]!.Dimensions,
    }));
    expect(counted).toEqual([
      { metric: metricNames.eventsRecorded, detailType: guestNoteAdded.detailType, namespace: metricsNamespace, dimensions: [['service', 'detailType']] },
      { metric: metricNames.eventsDuplicate, detailType: guestNoteAdded.detailType, namespace: metricsNamespace, dimensions: [['service', 'detailType']] },
    ]);
  });

  it('logs a failure with the correlation id and the error reduced to name and message, and counts nothing', async () => {
    const handler = eventHandler(guestNoteAdded, async () => {
      throw new Error('the store is unreachable');
    });
    await expect(handler(busEvent('bus-event-3'), contextFor('request-3'))).rejects.toThrow('unreachable');
    const failed = logLines().find((line) => line.message === 'event failed');
    expect(failed).toMatchObject({ level: 'ERROR', correlation_id: 'bus-event-3', error: { name: 'Error', message: 'the store is unreachable' } });
    expect(emfLines()).toEqual([]);
  });
});

describe('an HTTP function', () => {
  const event = (body: string) =>
    ({
      routeKey: 'GET /v1/health',
      rawPath: '/v1/health',
      headers: { 'content-type': 'application/json' },
      body,
      isBase64Encoded: false,
      requestContext: { requestId: 'api-request-1', http: { method: 'GET' } },
    }) as never;

  it("takes API Gateway's request id as correlation id and logs the route template and status", async () => {
    const handler = httpHandler(async () => {
      countMetric(metricNames.recognitionsServed);
      return { statusCode: 200, body: { status: 'ok' } };
    });
    await handler(event(''), contextFor('request-4'));
    expect(logLines().find((line) => line.message === 'request handled')).toMatchObject({
      correlation_id: 'api-request-1',
      function_request_id: 'request-4',
      route: 'GET /v1/health',
      status: 200,
    });
    expect(emfLines().map((line) => line._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name)).toEqual([metricNames.recognitionsServed]);
  });

  it("takes a write's own eventId as correlation id, the id the recorder logs too", async () => {
    const handler = httpHandler(async () => ({ statusCode: 202, body: { eventId: 'terminal-event-1' } }));
    await handler(
      {
        routeKey: 'POST /v1/departures',
        rawPath: '/v1/departures',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventId: 'terminal-event-1', propertyId: 'bangkok', room: '1203' }),
        isBase64Encoded: false,
        requestContext: {
          requestId: 'api-request-2',
          http: { method: 'POST' },
          authorizer: { jwt: { claims: { sub: 'desk-1', role: 'frontdesk', propertyId: 'bangkok' } } },
        },
      } as never,
      contextFor('request-7'),
    );
    expect(logLines().find((line) => line.message === 'request handled')).toMatchObject({
      correlation_id: 'terminal-event-1',
      route: 'POST /v1/departures',
      status: 202,
      eventId: 'terminal-event-1',
    });
  });

  it('logs a 500 with the correlation id, and answers nothing internal', async () => {
    const handler = httpHandler(async () => {
      throw new Error('boom');
    });
    const answer = await handler(event(''), contextFor('request-5'));
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('boom');
    expect(logLines().find((line) => line.message === 'unhandled error')).toMatchObject({ correlation_id: 'api-request-1', level: 'ERROR' });
    expect(logLines().find((line) => line.message === 'request handled')).toMatchObject({ status: 500 });
  });
});
