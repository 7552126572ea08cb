import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { eventSource } from '#shared/events/guest-events';
import { tableDefinition } from '#shared/store/table';
import { synthesise } from './synthesise.ts';

const app = synthesise();

describe('guest table', () => {
  it('survives stack deletion and replacement', () => {
    app.stateful.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('can be restored to any point in time and is billed per request', () => {
    app.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('is keyed on the partition and sort keys of the table description', () => {
    app.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it.each(Object.entries(tableDefinition.indexes))('has the %s index, keyed as described and projecting every attribute', (indexName, index) => {
    app.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: index.partitionKey, AttributeType: 'S' },
        { AttributeName: index.sortKey, AttributeType: 'S' },
      ]),
    });
  });

  it('outputs its name for operators and tools', () => {
    app.stateful.hasOutput('TableName', { Value: { Ref: app.tableLogicalId } });
  });
});

describe('guest event bus', () => {
  it('is named for its stage, so stages share an account without clashing', () => {
    app.stateful.hasResourceProperties('AWS::Events::EventBus', { Name: 'test-guest-events' });
  });

  it(`archives every ${eventSource} event on it for a year, so history can be replayed`, () => {
    app.stateful.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [app.busLogicalId, 'Arn'] },
      EventPattern: { source: [eventSource] },
      RetentionDays: 365,
    });
  });

  it('outputs its name for the hotel systems that publish to it', () => {
    app.stateful.hasOutput('EventBusName', { Value: { Ref: app.busLogicalId } });
  });
});
