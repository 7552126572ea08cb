/**
 * Delivers what a rule matches (events of some detail-types) to one function, and makes sure nothing is dropped
 * silently on the way.
 *
 * An event can fail at two points, and both end in the same dead-letter queue of this subscription (so an operator
 * sees which function is stuck and can redrive just that), with an alarm from the first parked message:
 * - delivery: EventBridge cannot hand it to Lambda (throttled, no permission). EventBridge retries with the policy in
 *   shared/wiring.ts, then parks the event itself (message body: the event).
 * - handling: the function throws. EventBridge invokes Lambda asynchronously, so its retry policy does not apply
 *   here; Lambda's own asynchronous retries do, and then it parks a record (message body: `requestPayload` is the
 *   event, `responsePayload` the error). Every function triggered this way is safe to run twice.
 */
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, type EventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventDelivery } from '#shared/wiring';
import { addDeadLetters, maxEventAge } from './dead-letters.ts';

/** A pattern on a bus. The daily jobs have EventBridge Scheduler schedules instead (property-schedules.ts). */
export interface SubscriptionTrigger {
  readonly bus: IEventBus;
  readonly eventPattern: EventPattern;
}

export interface BusSubscriptionProps {
  readonly trigger: SubscriptionTrigger;
  /** What is delivered, as the rule and the alarm describe it: "GuestDeparted from hotel.guests". */
  readonly description: string;
  readonly target: IFunction;
}

export class BusSubscription extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, { trigger, description, target }: BusSubscriptionProps) {
    super(scope, id);
    const deadLetters = addDeadLetters(this, {
      target,
      queueOf: 'the subscription',
      alarmDescription: `${description}: could not be handled and waits in the dead-letter queue`,
    });
    this.deadLetterQueue = deadLetters.queue;
    this.deadLetterAlarm = deadLetters.alarm;

    this.rule = new Rule(this, 'Rule', {
      eventBus: trigger.bus,
      eventPattern: trigger.eventPattern,
      description,
      targets: [
        new LambdaFunction(target, {
          retryAttempts: eventDelivery.retryAttempts,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}
