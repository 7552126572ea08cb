import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functions } from '#shared/wiring';
import { apiMinimumRequests, apiServerErrorPercent, campaignDimensions, productMetrics } from '#infra/constructs/observability';
import { synthesise } from './synthesise.ts';

const app = synthesise({ alarmEmail: 'night-manager@riverside-hotels.test' });

interface AlarmProperties {
  AlarmDescription?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  TreatMissingData?: string;
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold?: number;
  ComparisonOperator?: string;
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions?: { Name: string; Value: unknown }[] } };
  }[];
}

const listAlarms = (template: Template) =>
  Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([logicalId, resource]) => ({
    logicalId,
    ...(resource.Properties as AlarmProperties),
  }));

/** The alarms watching a metric, directly or through metric math. */
const alarmsOn = (template: Template, namespace: string, metricName: string) =>
  listAlarms(template).filter(
    (alarm) =>
      (alarm.Namespace === namespace && alarm.MetricName === metricName) ||
      (alarm.Metrics ?? []).some(({ MetricStat }) => MetricStat?.Metric.Namespace === namespace && MetricStat.Metric.MetricName === metricName),
  );

describe('alarm topic', () => {
  it('is encrypted with a key of its own that CloudWatch may use, rotated yearly', () => {
    app.stateful.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'test-guest-recognition-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [app.alarmTopicKeyLogicalId, 'Arn'] },
    });
    const key = app.stateful.toJSON().Resources[app.alarmTopicKeyLogicalId];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      ]),
    );
  });

  it("refuses publishing without TLS and lets this account's alarms publish", () => {
    app.stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: app.alarmTopicLogicalId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('mails the address given at deploy time', () => {
    app.stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'night-manager@riverside-hotels.test',
      TopicArn: { Ref: app.alarmTopicLogicalId },
    });
    app.stateful.resourceCountIs('AWS::SNS::Subscription', 1);
  });

  it('has no subscriber when no address is given, and says so at synth', () => {
    const unsubscribed = synthesise();
    unsubscribed.stateful.resourceCountIs('AWS::SNS::Subscription', 0);
    unsubscribed.stateful.resourceCountIs('AWS::SNS::Topic', 1);
    const warnings = unsubscribed.cdkApp.node.findAll().flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning'));
    expect(warnings.map((entry) => String(entry.data))).toEqual(expect.arrayContaining([expect.stringMatching(/alarmEmail/)]));
  });

  it('refuses an alarm address that is not an email address', () => {
    expect(() => synthesise({ alarmEmail: 'night manager' })).toThrow(/alarmEmail/);
  });
});

describe.each([
  ['stateful', () => app.stateful, () => ({ Ref: app.alarmTopicLogicalId })],
  ['stateless', () => app.stateless, () => app.imported.alarmTopicArn],
] as const)('every alarm of the %s stack', (_, template, topicArn) => {
  it('notifies the topic when it fires and when it clears', () => {
    const alarms = listAlarms(template());
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.logicalId).toEqual([topicArn()]);
      expect(alarm.OKActions, alarm.logicalId).toEqual([topicArn()]);
    }
  });

  it('says what it means and what to do, and how it treats missing data', () => {
    for (const alarm of listAlarms(template())) {
      expect(alarm.AlarmDescription?.split(' ').length, alarm.logicalId).toBeGreaterThanOrEqual(12);
      // CloudWatch's limit for a description.
      expect(alarm.AlarmDescription!.length, alarm.logicalId).toBeLessThanOrEqual(1024);
      expect(['notBreaching', 'ignore'], alarm.logicalId).toContain(alarm.TreatMissingData);
    }
  });
});

describe('dead-letter alarms', () => {
  it('notify the topic from the first message parked', () => {
    const alarms = alarmsOn(app.stateless, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(alarms.length).toBe(Object.keys(app.stateless.findResources('AWS::SQS::Queue')).length);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [app.imported.alarmTopicArn] });
    }
  });
});

describe('function alarms', () => {
  const statelessFunctions = app.listStatelessFunctionLogicalIds();

  it('cover every declared function but the token-claims trigger, which lives with the user pool', () => {
    expect(statelessFunctions.map(([name]) => name).sort()).toEqual(
      functions
        .filter((declaration) => declaration.trigger !== 'token-claims')
        .map((declaration) => declaration.name)
        .sort(),
    );
  });

  /** The function's alarm: one for its errors and throttles together. */
  const functionAlarm = (template: Template, logicalId: string) =>
    alarmsOn(template, 'AWS/Lambda', 'Errors').find((candidate) =>
      (candidate.Metrics ?? []).some(
        (query) => JSON.stringify(query.MetricStat?.Metric.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: logicalId } }]),
      ),
    );

  it('raise one alarm per function on its errors and throttles together, from the first one in five minutes', () => {
    for (const [name, logicalId] of statelessFunctions) {
      const alarm = functionAlarm(app.stateless, logicalId);
      expect(alarm, name).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      const watched = alarm!.Metrics!.flatMap((query) => (query.MetricStat ? [query.MetricStat.Metric.MetricName] : [])).sort();
      expect(watched, name).toEqual(['Errors', 'Throttles']);
      expect(alarm!.Metrics!.find((query) => query.Expression)?.Expression).toBe('FILL(errors, 0) + FILL(throttles, 0)');
      expect(alarm!.AlarmDescription, name).toContain(name);
    }
  });

  it('tell whoever is paged to redrive what an event or schedule function left in its dead-letter queue', () => {
    expect(functionAlarm(app.stateless, app.findFunctionLogicalId('record-check-in'))?.AlarmDescription).toContain('npm run redrive -- --aws');
  });

  it('watch the token-claims trigger in the stateful stack too', () => {
    const [alarm, ...others] = alarmsOn(app.stateful, 'AWS/Lambda', 'Throttles');
    expect(others).toEqual([]);
    expect(alarm).toEqual(functionAlarm(app.stateful, app.findFunctionLogicalId('token-claims')));
    expect(alarm!.AlarmDescription).toMatch(/sign in/);
  });
});

describe('HTTP API alarm', () => {
  it(`fires when more than ${apiServerErrorPercent}% of at least ${apiMinimumRequests} answers in five minutes are 5xx`, () => {
    const [alarm, ...others] = alarmsOn(app.stateless, 'AWS/ApiGateway', '5xx');
    expect(others).toEqual([]);
    expect(alarm).toMatchObject({ Threshold: apiServerErrorPercent, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    const byId = Object.fromEntries(alarm!.Metrics!.map((query) => [query.Id, query]));
    expect(byId.errors?.MetricStat?.Metric).toMatchObject({ MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: expect.any(String) } }] });
    expect(byId.requests?.MetricStat?.Metric).toMatchObject({ MetricName: 'Count' });
    expect(alarm!.Metrics!.find((query) => query.Expression)?.Expression).toBe(`IF(requests >= ${apiMinimumRequests}, 100 * errors / requests, 0)`);
  });
});

describe('table alarm', () => {
  it('fires on the first throttled request to the guest table', () => {
    const [alarm, ...others] = alarmsOn(app.stateful, 'AWS/DynamoDB', 'ThrottledRequests');
    expect(others).toEqual([]);
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    const operations = alarm!
      .Metrics!.flatMap(({ MetricStat }) => (MetricStat ? [MetricStat.Metric] : []))
      .map((metric) => {
        expect(metric.Dimensions).toContainEqual({ Name: 'TableName', Value: { Ref: app.tableLogicalId } });
        return metric.Dimensions!.find((dimension) => dimension.Name === 'Operation')!.Value;
      });
    expect(operations).toEqual(expect.arrayContaining(['GetItem', 'PutItem', 'UpdateItem', 'Query', 'TransactWriteItems', 'BatchWriteItem']));
  });
});

describe('campaign alarms', () => {
  it.each(Object.entries(campaignDimensions))('fire when a %s run reports itself failed (campaign=%s), whatever service emits it', (name, campaign) => {
    const alarm = listAlarms(app.stateless).find((candidate) => candidate.Metrics?.some((query) => query.Expression?.includes(`campaign = '${campaign}'`)));
    expect(alarm?.Metrics).toEqual([
      expect.objectContaining({
        Expression: `SELECT SUM(CampaignRunsFailed) FROM SCHEMA("${productMetrics.namespace}", campaign, service) WHERE campaign = '${campaign}'`,
        Period: 300,
        ReturnData: true,
      }),
    ]);
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm!.AlarmDescription).toContain(name);
  });

  it('name every scheduled campaign function (the jobs that send email)', () => {
    expect(Object.keys(campaignDimensions).sort()).toEqual(
      functions
        .filter((declaration) => declaration.trigger === 'schedule' && declaration.access.includes('email:send'))
        .map((declaration) => declaration.name)
        .sort(),
    );
  });
});

describe('email reputation alarms', () => {
  it.each([
    ['Reputation.BounceRate', 0.04],
    ['Reputation.ComplaintRate', 0.0008],
  ])("fire when the configuration set's %s is above %s", (metricName, threshold) => {
    const [alarm, ...others] = alarmsOn(app.stateful, 'AWS/SES', metricName);
    expect(others).toEqual([]);
    expect(alarm).toMatchObject({ Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'ignore' });
    expect(alarm!.Dimensions).toEqual([{ Name: 'ses:configuration-set', Value: { Ref: app.configurationSetLogicalId } }]);
  });

  it("come from the configuration set's reputation metrics, which are on", () => {
    app.stateful.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
  });
});

describe('product metrics', () => {
  it('are every metric the functions emit, each in one group', () => {
    const grouped = [...productMetrics.byDetailType, ...productMetrics.byCampaign, ...productMetrics.plain];
    expect(grouped.sort()).toEqual([
      'CampaignRunsFailed',
      'EmailsFailed',
      'EmailsSent',
      'EmailsSkipped',
      'EventsDiscarded',
      'EventsDuplicate',
      'EventsRecorded',
      'PossibleDuplicatesFound',
      'RecognitionsServed',
    ]);
    expect(productMetrics.namespace).toBe('GuestRecognition');
  });
});

describe('dashboard', () => {
  const body = () => {
    const [dashboard, ...others] = Object.values(app.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(others).toEqual([]);
    expect(dashboard!.Properties.DashboardName).toBe('test-guest-recognition');
    // The body is a Fn::Join of JSON text and references; the text is what names the metrics.
    return JSON.stringify(dashboard!.Properties.DashboardBody);
  };

  it.each(productMetrics.byDetailType)('graphs %s per detail-type, with the service dimension Powertools adds', (metricName) => {
    expect(body()).toContain(`SEARCH('{${productMetrics.namespace},detailType,service} MetricName=\\\\\\"${metricName}\\\\\\"', 'Sum', 300)`);
  });

  it.each(productMetrics.byCampaign)('graphs %s per campaign', (metricName) => {
    expect(body()).toContain(`SEARCH('{${productMetrics.namespace},campaign,service} MetricName=\\\\\\"${metricName}\\\\\\"', 'Sum', 300)`);
  });

  it.each(productMetrics.plain)('graphs %s', (metricName) => {
    expect(body()).toContain(`SEARCH('{${productMetrics.namespace},service} MetricName=\\\\\\"${metricName}\\\\\\"', 'Sum', 300)`);
  });

  it('graphs the API latency at p50, p90 and p99', () => {
    for (const percentile of ['p50', 'p90', 'p99']) {
      expect(body()).toContain(`\\"stat\\":\\"${percentile}\\"`);
    }
    expect(body()).toContain('\\"AWS/ApiGateway\\",\\"Latency\\"');
  });

  it('graphs the depth of every dead-letter queue', () => {
    const queues = Object.keys(app.stateless.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThan(0);
    for (const logicalId of queues) {
      expect(body()).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId, 'QueueName'] }));
    }
  });

  it('is named in the stack outputs', () => {
    app.stateless.hasOutput('DashboardName', {});
  });
});
