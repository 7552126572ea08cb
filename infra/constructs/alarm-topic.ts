/**
 * Where every alarm goes: one SNS topic per stage, with the operations team's address subscribed (SNS first mails
 * a confirmation link to it). It lives with the long-lived resources, so redeploying the functions never asks the
 * team to confirm again.
 */
import { Annotations, AspectPriority, Aspects, Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

export interface AlarmTopicProps {
  readonly stage: string;
  /** Subscribed to the topic; without it the alarms still change state, but reach nobody. */
  readonly email?: string;
}

export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, { stage, email }: AlarmTopicProps) {
    super(scope, id);

    // A key of the stack's own rather than aws/sns: CloudWatch can publish to an encrypted topic only when the key
    // policy lets it use the key, and the AWS managed key's policy cannot be changed.
    this.key = new Key(this, 'Key', {
      description: `Encrypts the ${stage} guest-recognition alarm notifications at rest`,
      enableKeyRotation: true,
      // It encrypts notifications in flight only: nothing kept needs it once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      topicName: `${stage}-guest-recognition-alarms`,
      displayName: `Guest recognition (${stage}) alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic has a policy of its own (SSL only), so CloudWatch, publishing for this account's alarms, is named.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );

    if (email) {
      const subscription = this.topic.addSubscription(new EmailSubscription(email));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'A mail that cannot be delivered would wait in a queue nobody reads; the alarm itself stays in CloudWatch (console, dashboard) whether or not the mail arrives',
      });
    } else {
      Annotations.of(this).addWarningV2(
        'guest-recognition:no-alarm-email',
        'No alarmEmail in the context: alarms are raised but mailed to nobody (pass -c alarmEmail=ops@example.com)',
      );
    }
  }
}

/**
 * Every CloudWatch alarm under `scope`, whoever declares it (the dead-letter queues' alarms, the functions', the
 * API's), notifies the topic when it fires and when it clears. Applied once the tree is complete, so an alarm
 * added later by any construct is covered without naming it here.
 */
export function notifyOnEveryAlarm(scope: IConstruct, topic: ITopic): void {
  const action = new SnsAction(topic);
  Aspects.of(scope).add(
    {
      visit(node: IConstruct) {
        if (node instanceof Alarm) {
          node.addAlarmAction(action);
          node.addOkAction(action);
        }
      },
    },
    { priority: AspectPriority.MUTATING },
  );
}
