/**
 * Where an asynchronous delivery to a function ends when every retry failed, for bus rules and schedules alike: an
 * encrypted queue kept 14 days that takes both the trigger's dead letters and Lambda's own on-failure records (the
 * function's asynchronous retries), and an alarm on the first letter. Made in the caller's scope, so its resources
 * keep the caller's names.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { eventDelivery } from '#shared/wiring';

/** The most retries Lambda allows for an asynchronous invocation. */
const lambdaMaxRetryAttempts = 2;

/** How long an undelivered event is retried, by the trigger and by Lambda alike. */
export const maxEventAge = Duration.seconds(eventDelivery.maxEventAgeSeconds);

export function addDeadLetters(
  scope: Construct,
  { target, queueOf, alarmDescription }: { readonly target: IFunction; readonly queueOf: string; readonly alarmDescription: string },
): { readonly queue: Queue; readonly alarm: Alarm } {
  const queue = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // The longest SQS allows: time to fix the function and redrive before anything is lost.
    retentionPeriod: Duration.days(14),
  });
  const endOfTheLine = `This queue is itself the dead-letter queue of ${queueOf}: what lands here waits for an operator (alarm below) to fix and redrive it, with nowhere further to go`;
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: endOfTheLine }, { id: 'Serverless-SQSRedrivePolicy', reason: endOfTheLine });

  target.configureAsyncInvoke({
    retryAttempts: Math.min(eventDelivery.retryAttempts, lambdaMaxRetryAttempts),
    maxEventAge,
    onFailure: new SqsDestination(queue),
  });

  const alarm = new Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    evaluationPeriods: 1,
    // An empty queue publishes no datapoints; that is the healthy state, not a missing one.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return { queue, alarm };
}
