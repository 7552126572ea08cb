import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { eventSource } from '#shared/events/guest-events';
import { eventDelivery, functions, type EventFunction } from '#shared/wiring';
import { synthesise } from './synthesise.ts';

const app = synthesise();

const recorders = functions.filter((fn): fn is EventFunction => fn.trigger === 'event');

interface RuleTarget {
  Arn: unknown;
  RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string, string] } };
}

/** The target of the one rule that matches a detail-type from the guest event source. */
const findRuleTarget = (detailType: string): RuleTarget => {
  const rules = Object.values(
    app.stateless.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { source: [eventSource], 'detail-type': [detailType] } },
    }),
  );
  expect(rules).toHaveLength(1);
  const targets = rules[0]!.Properties.Targets as RuleTarget[];
  expect(targets).toHaveLength(1);
  return targets[0]!;
};

const findDeadLetterQueueId = (detailType: string) => {
  const queueArn = findRuleTarget(detailType).DeadLetterConfig?.Arn['Fn::GetAtt'];
  expect(queueArn?.[1]).toBe('Arn');
  return queueArn![0];
};

describe.each(recorders.map((fn) => [fn.detailType, fn.name] as const))('%s events', (detailType, name) => {
  it(`reach ${name}, from the guest event bus`, () => {
    expect(findRuleTarget(detailType).Arn).toEqual({ 'Fn::GetAtt': [app.findFunctionLogicalId(name), 'Arn'] });
    app.stateless.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: app.imported.busName,
      EventPattern: { source: [eventSource], 'detail-type': [detailType] },
    });
  });

  it('are redelivered with the declared retry policy while Lambda cannot take them', () => {
    expect(findRuleTarget(detailType).RetryPolicy).toEqual({
      MaximumRetryAttempts: eventDelivery.retryAttempts,
      MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
    });
  });

  it(`that ${name} fails to record are retried by Lambda, then parked in the dead-letter queue`, () => {
    app.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: app.findFunctionLogicalId(name) },
      MaximumRetryAttempts: Math.min(eventDelivery.retryAttempts, 2),
      MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [findDeadLetterQueueId(detailType), 'Arn'] } } },
    });
  });

  it('that cannot be delivered are parked in an encrypted queue of their own for 14 days', () => {
    const queue = findDeadLetterQueueId(detailType);
    const otherQueues = recorders.filter((other) => other.name !== name).map((other) => findDeadLetterQueueId(other.detailType));
    expect(otherQueues).not.toContain(queue);
    expect(app.stateless.toJSON().Resources[queue]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 60 * 60 },
    });
  });

  it('that are parked can be read over TLS only, and EventBridge may park them', () => {
    app.stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: findDeadLetterQueueId(detailType) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('raise an alarm as soon as one waits in the dead-letter queue', () => {
    app.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [findDeadLetterQueueId(detailType), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });
});
