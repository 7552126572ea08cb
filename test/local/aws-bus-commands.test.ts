import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { createReplayName, deploymentNames, listDeadLetterQueueUrls, readQueuedDeadLetter } from '#local/aws-bus-commands';
import { synthesise } from '../infra/synthesise.ts';

const functionArn = 'arn:aws:lambda:ap-southeast-1:123456789012:function:guest-recognition-dev-stat-recordcheckin1A2B3C-xYz123';
const busEvent = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'GuestCheckedIn',
  source: 'hotel.guests',
  account: '123456789012',
  time: '2031-05-01T09:00:00Z',
  region: 'ap-southeast-1',
  resources: [],
  detail: { propertyId: 'bangkok', room: '1203' },
};
/** What Lambda parks when the function threw on every asynchronous attempt. */
const onFailureRecord = {
  version: '1.0',
  timestamp: '2031-05-01T09:06:05.568Z',
  requestContext: {
    requestId: 'e4b46cbf-b738-4e0a-8880-a18cdf61200e',
    functionArn: `${functionArn}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: busEvent,
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'TransactionCanceledException', errorMessage: 'Transaction cancelled' },
};
const targetArn = (value: string) => ({ TARGET_ARN: { DataType: 'String', StringValue: value } });

describe('reading a message of a dead-letter queue', () => {
  it('takes the event and the function from a Lambda on-failure record', () => {
    expect(readQueuedDeadLetter(JSON.stringify(onFailureRecord))).toEqual({ event: busEvent, functionArn: `${functionArn}:$LATEST`, parkedBy: 'lambda' });
  });

  it('takes the event from the body, and the function from TARGET_ARN, when EventBridge parked it', () => {
    const attributes = { ...targetArn(functionArn), ERROR_CODE: { DataType: 'String', StringValue: 'Throttling' } };

    expect(readQueuedDeadLetter(JSON.stringify(busEvent), attributes)).toEqual({ event: busEvent, functionArn, parkedBy: 'eventbridge' });
  });

  it("keeps a daily job's input as it was, so the job runs again for its own property and day", () => {
    const run = { propertyId: 'chiangmai', time: '2031-05-01T02:00:00Z' };

    // EventBridge Scheduler could not hand it to Lambda: the body is the input, the function its TARGET_ARN.
    expect(readQueuedDeadLetter(JSON.stringify(run), targetArn(functionArn))).toEqual({ event: run, functionArn, parkedBy: 'scheduler' });
    // The run threw on every attempt: Lambda's on-failure record.
    expect(readQueuedDeadLetter(JSON.stringify({ ...onFailureRecord, requestPayload: run }))).toEqual({
      event: run,
      functionArn: `${functionArn}:$LATEST`,
      parkedBy: 'lambda',
    });
    // An input no job would take is not sent to one.
    expect(readQueuedDeadLetter(JSON.stringify({ ...run, propertyId: 'phuket' }), targetArn(functionArn))).toEqual({ problem: expect.stringMatching(/\w/) });
  });

  it('names the problem when the message cannot be redriven', () => {
    const problems = [
      readQueuedDeadLetter('not json'),
      readQueuedDeadLetter('[1]'),
      readQueuedDeadLetter(JSON.stringify(busEvent)),
      readQueuedDeadLetter(JSON.stringify(busEvent), targetArn('arn:aws:sqs:ap-southeast-1:123456789012:some-queue')),
      readQueuedDeadLetter(JSON.stringify({ ...onFailureRecord, requestPayload: { hello: 'world' } })),
      readQueuedDeadLetter(JSON.stringify({ ...onFailureRecord, requestContext: { functionArn: 'nobody' } })),
      readQueuedDeadLetter(JSON.stringify({ detail: {} })),
    ];

    for (const problem of problems) expect(problem).toEqual({ problem: expect.stringMatching(/\w/) });
  });
});

describe('finding what to redrive and replay on AWS', () => {
  it('lists the dead-letter queues among the stack resources', () => {
    const resource = (LogicalResourceId: string, ResourceType: string, PhysicalResourceId: string) => ({
      LogicalResourceId,
      ResourceType,
      PhysicalResourceId,
      LastUpdatedTimestamp: new Date(),
      ResourceStatus: 'CREATE_COMPLETE' as const,
    });

    const urls = listDeadLetterQueueUrls([
      resource('recordnotesubscriptionDeadLetters5E6F', 'AWS::SQS::Queue', 'https://sqs.example/2'),
      resource('recordcheckinsubscriptionDeadLetters1A2B', 'AWS::SQS::Queue', 'https://sqs.example/1'),
      resource('recordcheckinsubscriptionDeadLettersAlarm9C8D', 'AWS::CloudWatch::Alarm', 'alarm'),
      resource('recordcheckinsubscriptionRule3C4D', 'AWS::Events::Rule', 'rule'),
    ]);

    expect(urls).toEqual(['https://sqs.example/1', 'https://sqs.example/2']);
  });

  it('names replays as EventBridge allows, one per start', () => {
    const name = createReplayName(new Date('2031-05-01T09:00:00.123Z'), 'a1b2c3');

    expect(name).toBe('guest-events-20310501T090000Z-a1b2c3');
    expect(createReplayName(new Date())).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
    expect(createReplayName(new Date())).not.toBe(createReplayName(new Date()));
  });

  it('uses the names the CDK app gives the bus and the functions stack, whose only queues are dead-letter queues', () => {
    const { cdkApp, stateful, stateless } = synthesise({ stage: 'qa' });
    const names = deploymentNames('qa');

    const stackNames = cdkApp.node.children.map((child) => (child as Stack).stackName);
    expect(stackNames).toContain(names.statelessStackName);
    expect(Object.values(stateful.findResources('AWS::Events::EventBus')).map((bus) => bus.Properties.Name)).toEqual([names.eventBusName]);
    const queueIds = Object.keys(stateless.findResources('AWS::SQS::Queue'));
    expect(queueIds.length).toBeGreaterThan(0);
    for (const id of queueIds) expect(id).toContain('DeadLetters');
  });
});
