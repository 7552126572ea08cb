/**
 * What holds data or takes long to set up: the table, the bus with its archive, the SES sender identities (each
 * verified by a click in a mailbox) and configuration set, and the key that signs unsubscribe links. Kept apart
 * from the functions and the API so those can be torn down and redeployed freely while all of this stays put.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { properties } from '#shared/config/properties';
import { eventSource } from '#shared/events/guest-events';
import { tableDefinition } from '#shared/store/table';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
}

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly bus: EventBus;
  /** One verified identity per distinct property sender, keyed by address. */
  readonly senderIdentities = new Map<string, EmailIdentity>();
  readonly emailConfigurationSet: ConfigurationSet;
  readonly unsubscribeSigningKey: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, 'GuestTable', {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Guest history outlives any stack: deleting the stack leaves the table to be removed by hand, if ever.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(tableDefinition.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    this.bus = new EventBus(this, 'GuestEvents', { eventBusName: `${props.stage}-guest-events` });
    // Every guest event is kept, so an operator can replay history into a fixed or a new recorder.
    this.bus.archive('GuestEventsArchive', {
      description: `All ${eventSource} events, for replay`,
      eventPattern: { source: [eventSource] },
      retention: Duration.days(365),
    });

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

    // SES sends a verification link to each address; nothing goes out from it until someone clicks.
    for (const address of new Set(properties.map((property) => property.senderAddress))) {
      const identity = new EmailIdentity(this, `Sender-${address}`, {
        identity: Identity.email(address),
        // The default set for the identity too, so even a send that names no set still reports its bounces.
        configurationSet: this.emailConfigurationSet,
      });
      this.senderIdentities.set(address, identity);
    }

    this.unsubscribeSigningKey = new Secret(this, 'UnsubscribeSigningKey', {
      description: 'HMAC key that signs the unsubscribe links in guest emails',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Links already mailed carry signatures made with this key: losing it would break every one of them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', {
      value: this.bus.eventBusName,
      description: `Hotel systems PutEvents here with Source "${eventSource}"`,
    });
  }
}
