/**
 * What holds data or takes long to set up: the table, the bus with its archive, the staff user pool, the SES sending
 * domains (each verified through DNS records) and configuration set, the key that signs unsubscribe links, and the
 * alarm topic (whose subscriber confirms once by mail). Kept apart from the functions and the API so those can be
 * torn down and redeployed freely while all of this stays put.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailSendingEvent, EventDestination, type EmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { properties } from '#shared/config/properties';
import { eventSource } from '#shared/events/guest-events';
import { tableDefinition } from '#shared/store/table';
import { eventDelivery, type TokenClaimsFunction } from '#shared/wiring';
import { AlarmTopic, notifyOnEveryAlarm } from '#infra/constructs/alarm-topic';
import { SendingDomains } from '#infra/constructs/email-identities';
import { GuestEventSchemas } from '#infra/constructs/event-schemas';
import { GuestFunction } from '#infra/constructs/guest-function';
import { alarmOnFunction, DataAlarms } from '#infra/constructs/observability';
import { StaffDirectory } from '#infra/constructs/staff-directory';
import { TableBackup } from '#infra/constructs/table-backup';
import type { DeploymentSettings } from '#infra/settings';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  readonly tableEncryption: DeploymentSettings['tableEncryption'];
  /**
   * Given when the stack is the identity provider: the user pool is created with its token-claims function, which
   * lives here rather than with the other functions because the pool calls it and the API trusts the pool.
   */
  readonly staffSignIn?: { readonly tokenClaims: TokenClaimsFunction; readonly projectRoot: string };
  /** Subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** Where DMARC aggregate reports for the sending domains go. */
  readonly dmarcReportAddress?: string;
  /** An AWS Backup plan for the table. */
  readonly backup?: boolean;
}

export class StatefulStack extends Stack {
  readonly table: Table;
  /** Only with `tableEncryption: customer-managed`. */
  readonly tableKey?: Key;
  readonly staffDirectory?: StaffDirectory;
  /** Functions declared here (the token-claims trigger), keyed by declaration name. */
  readonly functions = new Map<string, GuestFunction>();
  readonly bus: EventBus;
  readonly eventSchemas: GuestEventSchemas;
  /** Each property sender address with the verified domain identity it sends under. */
  readonly senderIdentities: ReadonlyMap<string, EmailIdentity>;
  readonly sendingDomains: SendingDomains;
  readonly emailConfigurationSet: ConfigurationSet;
  readonly unsubscribeSigningKey: Secret;
  readonly erasedIdentityHashKey: Secret;
  /** Every alarm of the app notifies it. */
  readonly alarmTopic: AlarmTopic;
  readonly dataAlarms: DataAlarms;
  /** Only with `backup: true`. */
  readonly tableBackup?: TableBackup;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

    if (props.tableEncryption === 'customer-managed') {
      this.tableKey = new Key(this, 'GuestTableKey', {
        alias: `${props.stage}-guest-table`,
        description: 'Encrypts the guest table: its key policy and CloudTrail decide and show who can read guest data',
        enableKeyRotation: true,
        // Without the key the table (and every backup of it) is unreadable: it must outlive the stack, as the table does.
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    this.table = new Table(this, 'GuestTable', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      // What only lives a while (a terminal's live connection) says until when; DynamoDB deletes it after that.
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Either way a key the account sees, whose use shows in its CloudTrail: the stack's own, or the AWS managed
      // aws/dynamodb key rather than DynamoDB's default key, which AWS owns.
      ...(this.tableKey ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.tableKey } : { encryption: TableEncryption.AWS_MANAGED }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Not even a deliberate DeleteTable succeeds until someone turns this off first.
      deletionProtection: true,
      // Guest history outlives any stack: deleting the stack leaves the table to be removed by hand, if ever.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(tableDefinition.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType[index.projection],
      });
    }

    this.bus = new EventBus(this, 'GuestEvents', { eventBusName: `${props.stage}-guest-events` });
    // Every guest event is kept, so an operator can replay history into a fixed or a new recorder.
    this.bus.archive('GuestEventsArchive', {
      description: `All ${eventSource} events, for replay`,
      eventPattern: { source: [eventSource] },
      retention: Duration.days(eventDelivery.archiveRetentionDays),
    });
    // Each guest event's contract, where a hotel system's developer looks for it.
    this.eventSchemas = new GuestEventSchemas(this, 'GuestEventSchemas', { stage: props.stage, eventBusName: this.bus.eventBusName });

    // Every send goes through the configuration set, so bounces and complaints come back as events: SES puts
    // them on the account's default bus (the only bus it can target), where the suppression recorder listens.
    this.emailConfigurationSet = new ConfigurationSet(this, 'GuestEmail', {
      configurationSetName: `${props.stage}-guest-email`,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.emailConfigurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    // One domain identity per sending domain, verified by its DKIM records (the stack outputs them).
    this.sendingDomains = new SendingDomains(this, 'SendingDomains', {
      senderAddresses: [...new Set(properties.map((property) => property.senderAddress))],
      configurationSet: this.emailConfigurationSet,
      dmarcReportAddress: props.dmarcReportAddress,
    });
    this.senderIdentities = this.sendingDomains.senderIdentities;

    this.unsubscribeSigningKey = this.createRetainedKey(
      'UnsubscribeSigningKey',
      'HMAC key that signs the unsubscribe links in guest emails',
      'every unsubscribe link already mailed is signed with this key, and rotating it would break them all',
    );
    this.erasedIdentityHashKey = this.createRetainedKey(
      'ErasedIdentityHashKey',
      'HMAC key for what is kept of an erased guest: a keyed hash of each identity key they held',
      'the hashes kept for erased guests are made with this key, and a new key would no longer recognise them, so check-ins from before an erasure could bring a guest back',
    );

    if (props.staffSignIn) {
      const { tokenClaims, projectRoot } = props.staffSignIn;
      const fn = new GuestFunction(this, tokenClaims.name, { declaration: tokenClaims, projectRoot });
      this.functions.set(tokenClaims.name, fn);
      this.staffDirectory = new StaffDirectory(this, 'StaffDirectory', { stage: props.stage, tokenClaims: fn.handler });
      new CfnOutput(this, 'StaffUserPoolId', {
        value: this.staffDirectory.userPool.userPoolId,
        description: 'Administrators create staff users here (aws cognito-idp admin-create-user)',
      });
      new CfnOutput(this, 'TerminalClientId', {
        value: this.staffDirectory.terminalClient.userPoolClientId,
        description: 'The app client terminals sign in with (SRP)',
      });
    }

    this.alarmTopic = new AlarmTopic(this, 'Alarms', { stage: props.stage, email: props.alarmEmail });
    this.dataAlarms = new DataAlarms(this, 'DataAlarms', {
      table: this.table,
      configurationSetName: this.emailConfigurationSet.configurationSetName,
    });
    if (props.staffSignIn) {
      alarmOnFunction(this, props.staffSignIn.tokenClaims, this.functions.get(props.staffSignIn.tokenClaims.name)!.handler);
    }
    notifyOnEveryAlarm(this, this.alarmTopic.topic);
    if (props.backup) {
      this.tableBackup = new TableBackup(this, 'TableBackup', { stage: props.stage, table: this.table });
    }

    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topic.topicArn,
      description: 'Every alarm notifies this topic; subscribe more people or a chat integration here',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', {
      value: this.bus.eventBusName,
      description: `Hotel systems PutEvents here with Source "${eventSource}"`,
    });
  }

  /**
   * A generated HMAC key that outlives the stack: what it signed or hashed (mailed links, erased guests' keys) must
   * still check out after a redeploy. Not rotated automatically, for the same reason.
   */
  private createRetainedKey(id: string, description: string, whyNotRotated: string): Secret {
    const secret = new Secret(this, id, {
      description,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: `Not rotated automatically: ${whyNotRotated}. Rotate by hand, deliberately, if the key leaks`,
    });
    return secret;
  }
}
