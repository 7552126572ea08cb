import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { sesFeedbackDetailTypes, sesSource } from '#shared/events/ses-feedback';
import { eventDelivery, functions, type EventFunction } from '#shared/wiring';
import { synthesise } from './synthesise.ts';

const app = synthesise();

const eventFunctions = functions.filter((fn): fn is EventFunction => fn.trigger === 'event');

interface RuleTarget {
  Arn: unknown;
  RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string, string] } };
}

/** What identifies the one rule that triggers a function: its event pattern (the daily jobs: test/infra/property-schedules.test.ts). */
const ruleProperties = new Map<string, object>(
  eventFunctions.map((fn) => [fn.name, { EventPattern: { source: [fn.source], 'detail-type': fn.detailTypes } }] as const),
);
const triggeredNames = [...ruleProperties.keys()];

const findRule = (name: string) => {
  const rules = Object.values(app.stateless.findResources('AWS::Events::Rule', { Properties: ruleProperties.get(name) }));
  expect(rules).toHaveLength(1);
  return rules[0]!.Properties as { EventBusName?: unknown; Targets: RuleTarget[] };
};

const findRuleTarget = (name: string): RuleTarget => {
  const targets = findRule(name).Targets;
  expect(targets).toHaveLength(1);
  return targets[0]!;
};

const findDeadLetterQueueId = (name: string) => {
  const queueArn = findRuleTarget(name).DeadLetterConfig?.Arn['Fn::GetAtt'];
  expect(queueArn?.[1]).toBe('Arn');
  return queueArn![0];
};

describe.each(eventFunctions.map((fn) => [fn.detailTypes.join(' and '), fn] as const))('%s events', (_, fn) => {
  it(`reach ${fn.name}, from the ${fn.bus} bus`, () => {
    expect(findRuleTarget(fn.name).Arn).toEqual({ 'Fn::GetAtt': [app.findFunctionLogicalId(fn.name), 'Arn'] });
    expect(findRule(fn.name).EventBusName).toEqual(fn.bus === 'guests' ? app.imported.busName : 'default');
  });
});

describe('SES bounces and complaints', () => {
  it('reach the suppression recorder from the default bus, where SES publishes them', () => {
    app.stateless.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'default',
      EventPattern: { source: [sesSource], 'detail-type': [sesFeedbackDetailTypes.bounced, sesFeedbackDetailTypes.complained] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [app.findFunctionLogicalId('record-email-feedback'), 'Arn'] } })],
    });
  });

  it('are not archived: the archive keeps guest events only', () => {
    app.stateless.resourceCountIs('AWS::Events::Archive', 0);
  });
});

describe.each(triggeredNames)('what triggers %s', (name) => {
  it('is redelivered with the declared retry policy while Lambda cannot take it', () => {
    expect(findRuleTarget(name).RetryPolicy).toEqual({
      MaximumRetryAttempts: eventDelivery.retryAttempts,
      MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
    });
  });

  it('is retried by Lambda when the function fails, then parked in the dead-letter queue', () => {
    app.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: app.findFunctionLogicalId(name) },
      MaximumRetryAttempts: Math.min(eventDelivery.retryAttempts, 2),
      MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [findDeadLetterQueueId(name), 'Arn'] } } },
    });
  });

  it('that cannot be delivered is parked in an encrypted queue of its own for 14 days', () => {
    const queue = findDeadLetterQueueId(name);
    const otherQueues = triggeredNames.filter((other) => other !== name).map(findDeadLetterQueueId);
    expect(otherQueues).not.toContain(queue);
    expect(app.stateless.toJSON().Resources[queue]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 60 * 60 },
    });
  });

  it('that is parked can be read over TLS only, and EventBridge may park it', () => {
    app.stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: findDeadLetterQueueId(name) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('raises an alarm as soon as one waits in the dead-letter queue', () => {
    app.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [findDeadLetterQueueId(name), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });
});
