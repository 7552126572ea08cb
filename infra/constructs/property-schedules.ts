/**
 * A daily job's schedules: one EventBridge Scheduler schedule per property, at the job's local time in that
 * property's time zone (the Scheduler follows its daylight-saving changes), invoking the function with the property
 * and the time the run was meant for: `{"propertyId": "bangkok", "time": "<aws.scheduler.scheduled-time>"}`. A retry
 * or a redrive hours later still runs for that day, and the campaign ledger (guest · campaign · period) keeps it
 * to one email per guest.
 *
 * As with a bus subscription (bus-subscription.ts), nothing is dropped silently: the Scheduler retries what Lambda
 * does not take with the policy in shared/wiring.ts, then parks the input in this job's dead-letter queue (its
 * attributes name the schedule, the target and the error); a run that throws is retried by Lambda's asynchronous
 * retries, then parked in the same queue as an on-failure record. The first parked message raises the alarm.
 */
import { Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PropertyConfig } from '#shared/config/properties';
import { formatTimeOfDay } from '#shared/domain/daily-schedule';
import type { ScheduledRun } from '#shared/events/scheduled-run';
import { eventDelivery, type ScheduledFunction } from '#shared/wiring';
import { addDeadLetters, maxEventAge } from './dead-letters.ts';

export interface PropertySchedulesProps {
  readonly declaration: ScheduledFunction;
  readonly target: IFunction;
  /** Each gets a schedule of its own, in its time zone. */
  readonly properties: readonly PropertyConfig[];
}

export class PropertySchedules extends Construct {
  /** Keyed by property id. */
  readonly schedules = new Map<string, Schedule>();
  /** What EventBridge Scheduler assumes to invoke the function and park what it could not deliver. */
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, { declaration, target, properties }: PropertySchedulesProps) {
    super(scope, id);
    const localTime = formatTimeOfDay(declaration.dailyAtLocal);
    const deadLetters = addDeadLetters(this, {
      target,
      queueOf: "the job's schedules",
      alarmDescription: `${declaration.name}, daily at ${localTime} per property: a run could not be handled and waits in the dead-letter queue`,
    });
    this.deadLetterQueue = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;

    // One role for the job's schedules, which only schedules of this account may assume (no confused deputy).
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `EventBridge Scheduler invokes ${declaration.name} for each property`,
    });

    for (const property of properties) {
      const input: ScheduledRun = { propertyId: property.id, time: ContextAttribute.scheduledTime };
      const schedule = new Schedule(this, property.id, {
        schedule: ScheduleExpression.cron({
          hour: String(declaration.dailyAtLocal.hour),
          minute: String(declaration.dailyAtLocal.minute),
          timeZone: TimeZone.of(property.timeZone),
        }),
        description: `${declaration.name} for ${property.id} (${property.name}), daily at ${localTime} ${property.timeZone}`,
        target: new LambdaInvoke(target, {
          role: this.role,
          input: ScheduleTargetInput.fromObject(input),
          retryAttempts: eventDelivery.retryAttempts,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
      this.schedules.set(property.id, schedule);
    }
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(target.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: `lambda:InvokeFunction on ${declaration.name} and its versions (CDK's grantInvoke): the one function these schedules start`,
    });
  }
}
