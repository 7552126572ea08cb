import { describe, expect, it } from 'vitest';
import { properties } from '#shared/config/properties';
import { dailyCron, formatTimeOfDay } from '#shared/domain/daily-schedule';
import { eventDelivery, functions, type ScheduledFunction } from '#shared/wiring';
import { synthesise } from './synthesise.ts';

const app = synthesise();
const resources = app.stateless.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;

const scheduledFunctions = functions.filter((fn): fn is ScheduledFunction => fn.trigger === 'schedule');

interface ScheduleProperties {
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: string;
  FlexibleTimeWindow: { Mode: string };
  Target: {
    Arn: unknown;
    RoleArn: { 'Fn::GetAtt': [string, string] };
    Input: string;
    RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } };
  };
}

const schedulesOf = (name: string): ScheduleProperties[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
    .map((r) => r.Properties as ScheduleProperties)
    .filter((p) => JSON.stringify(p.Target.Arn) === JSON.stringify({ 'Fn::GetAtt': [app.findFunctionLogicalId(name), 'Arn'] }));

describe('daily jobs', () => {
  it('are the two campaigns and the value segmentation, at a local time of day', () => {
    expect(scheduledFunctions.map((fn) => [fn.name, fn.dailyAtLocal])).toEqual([
      ['birthday-greetings', { hour: 9, minute: 0 }],
      ['lapsed-guests', { hour: 9, minute: 30 }],
      ['value-segments', { hour: 4, minute: 30 }],
    ]);
  });

  it('have no EventBridge rule left: EventBridge Scheduler starts them, rules start only the bus subscribers', () => {
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.filter((rule) => 'ScheduleExpression' in rule.Properties)).toEqual([]);
    const ruleTargets = JSON.stringify(rules.map((rule) => rule.Properties.Targets));
    for (const fn of scheduledFunctions) expect(ruleTargets).not.toContain(app.findFunctionLogicalId(fn.name));
  });

  it('are the only schedules: one per job and property', () => {
    app.stateless.resourceCountIs('AWS::Scheduler::Schedule', scheduledFunctions.length * properties.length);
  });
});

describe.each(scheduledFunctions.map((fn) => [fn.name, fn] as const))('the %s job', (name, fn) => {
  const schedules = schedulesOf(name);

  it.each(properties.map((p) => [p.id, p] as const))('runs for %s every day at its local time, in its time zone, naming it', (propertyId, property) => {
    const forProperty = schedules.filter((s) => (JSON.parse(s.Target.Input) as { propertyId: string }).propertyId === propertyId);
    expect(forProperty).toHaveLength(1);
    const [schedule] = forProperty;
    expect(schedule).toMatchObject({
      ScheduleExpression: dailyCron(fn.dailyAtLocal),
      ScheduleExpressionTimezone: property.timeZone,
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    // The time the run was meant for, filled in by the Scheduler: a retry or redrive still runs for that day.
    expect(JSON.parse(schedule!.Target.Input)).toEqual({ propertyId, time: '<aws.scheduler.scheduled-time>' });
  });

  it('is retried by the Scheduler with the declared policy while Lambda cannot take it, then parked', () => {
    for (const schedule of schedules) {
      expect(schedule.Target.RetryPolicy).toEqual({
        MaximumRetryAttempts: eventDelivery.retryAttempts,
        MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
      });
    }
    const queues = new Set(schedules.map((s) => s.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0]));
    expect(queues.size).toBe(1);
    const [queue] = queues;
    expect(resources[queue!]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 60 * 60 },
    });
    // `npm run redrive -- --aws` finds the stage's dead-letter queues by this name.
    expect(queue).toContain('DeadLetters');
  });

  it('is retried by Lambda when a run fails, then parked in the same queue, which raises an alarm', () => {
    const queue = schedules[0]!.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    app.stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: app.findFunctionLogicalId(name) },
      MaximumRetryAttempts: Math.min(eventDelivery.retryAttempts, 2),
      MaximumEventAgeInSeconds: eventDelivery.maxEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    app.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });

  it('is started by a role only the Scheduler of this account may assume, which may invoke this function and park in its queue only', () => {
    const roles = new Set(schedules.map((s) => s.Target.RoleArn['Fn::GetAtt'][0]));
    expect(roles.size).toBe(1);
    const [role] = roles;
    expect(resources[role!]!.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const queue = schedules[0]!.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const functionArn = { 'Fn::GetAtt': [app.findFunctionLogicalId(name), 'Arn'] };
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: expect.arrayContaining([functionArn]) }),
        expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queue, 'Arn'] } }),
      ]),
    );
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });

  it('says in the function description when it runs', () => {
    expect(app.readFunctionProperties(name).Description).toBe(
      `Runs daily at ${formatTimeOfDay(fn.dailyAtLocal)} in each property's time zone, for that property`,
    );
  });
});
