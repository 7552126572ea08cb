/**
 * What holds data: the table and the bus with its archive. Kept apart from the functions and the API so those can
 * be torn down and redeployed freely while guest history stays put.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { eventSource } from '#shared/events/guest-events';
import { tableDefinition } from '#shared/store/table';

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
}

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly bus: EventBus;

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

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', {
      value: this.bus.eventBusName,
      description: `Hotel systems PutEvents here with Source "${eventSource}"`,
    });
  }
}
