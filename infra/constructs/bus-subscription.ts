/**
 * Delivers one detail-type from the bus to one function, and makes sure no event is dropped silently on the way.
 *
 * An event can fail at two points, and both end in the same dead-letter queue of this subscription (so an operator
 * sees which recorder is stuck and can redrive just that), with an alarm from the first parked message:
 * - delivery: EventBridge cannot hand it to Lambda (throttled, no permission). EventBridge retries with the policy in
 *   shared/wiring.ts, then parks the event itself (message body: the event).
 * - recording: the function throws. EventBridge invokes Lambda asynchronously, so its retry policy does not apply
 *   here; Lambda's own asynchronous retries do, and then it parks a record (message body: `requestPayload` is the
 *   event, `responsePayload` the error).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventSource, type DetailType } from '#shared/events/guest-events';
import { eventDelivery } from '#shared/wiring';

/** The most retries Lambda allows for an asynchronous invocation. */
const lambdaMaxRetryAttempts = 2;

export interface BusSubscriptionProps {
  readonly bus: IEventBus;
  readonly detailType: DetailType;
  readonly target: IFunction;
}

export class BusSubscription extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, { bus, detailType, target }: BusSubscriptionProps) {
    super(scope, id);
    const maxEventAge = Duration.seconds(eventDelivery.maxEventAgeSeconds);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to fix the recorder and redrive before anything is lost.
      retentionPeriod: Duration.days(14),
    });

    this.rule = new Rule(this, 'Rule', {
      eventBus: bus,
      description: `${detailType} from ${eventSource}`,
      eventPattern: { source: [eventSource], detailType: [detailType] },
      targets: [
        new LambdaFunction(target, {
          retryAttempts: eventDelivery.retryAttempts,
          maxEventAge,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    target.configureAsyncInvoke({
      retryAttempts: Math.min(eventDelivery.retryAttempts, lambdaMaxRetryAttempts),
      maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `${detailType} events could not be recorded and wait in the dead-letter queue`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      // An empty queue publishes no datapoints; that is the healthy state, not a missing one.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
