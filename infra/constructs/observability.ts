/**
 * What an operations team watches: an alarm for each way the system can fail someone (a function failing or
 * throttled, the API answering 5xx, the table throttling, a campaign run failing, the sending reputation slipping)
 * and a dashboard of the product's own metrics next to the AWS ones. Each alarm's description is its runbook in
 * brief; the README's "When an alarm fires" says more. The alarms notify the alarm topic through
 * `notifyOnEveryAlarm` (alarm-topic.ts), applied to the whole stack.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SearchExpression,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { campaignDimension, metricNames, metricsNamespace } from '#shared/metrics';
import type { FunctionDeclaration } from '#shared/wiring';
import type { GuestApi } from './guest-api.ts';

/**
 * The product metrics the functions emit with Powertools Metrics (EMF, shared/metrics.ts), grouped by the dimension
 * they carry. Powertools adds the dimension `service` (the function's name) to every metric, next to the one named
 * here, so the dashboard searches each metric by exactly that set.
 */
export const productMetrics = {
  namespace: metricsNamespace,
  byDetailType: [metricNames.eventsRecorded, metricNames.eventsDuplicate, metricNames.eventsDiscarded],
  byCampaign: [metricNames.emailsSent, metricNames.emailsSkipped, metricNames.emailsFailed, metricNames.campaignRunsFailed],
  plain: [metricNames.recognitionsServed, metricNames.possibleDuplicatesFound],
} as const;

/** The `campaign` dimension a campaign function's metrics carry, by declaration name. */
export const campaignDimensions: Readonly<Record<string, string>> = campaignDimension;

/** The HTTP API alarms on 5xx answers above this share of requests in five minutes... */
export const apiServerErrorPercent = 5;
/** ...once there are at least this many requests: two failures of three requests at night is not an outage. */
export const apiMinimumRequests = 20;
/** SES reviews an account from a 5% bounce rate and a 0.1% complaint rate; these alarm before that. */
export const sesBounceRateThreshold = 0.04;
export const sesComplaintRateThreshold = 0.0008;

/**
 * The table operations the stores run (GetItem, PutItem, UpdateItem, DeleteItem, Query, BatchWriteItem,
 * TransactWriteItems); an alarm's metric math takes at most ten metrics.
 */
const tableOperations = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const fiveMinutes = Duration.minutes(5);

/**
 * A function's alarm: it failed (threw or timed out) or was throttled, from the first one in five minutes, described
 * for whoever is paged. One alarm for both keeps the stack within CloudFormation's 500 resources as functions are
 * added; its description says how to tell the two apart.
 */
export function alarmOnFunction(scope: Construct, declaration: FunctionDeclaration, handler: IFunction): Alarm {
  const { name } = declaration;
  return new Alarm(scope, `${name}-failures`, {
    alarmDescription: `${name} failed (threw or timed out) or was throttled. ${whatFailureMeans(declaration)} On the dashboard, Errors or Throttles of the function shows which. Failed: open the function's log group, find the error by its request id, fix and deploy. Throttled: Lambda refused to run it because the account's (or the function's) concurrency was used up; look at the account's ConcurrentExecutions and which function uses them, and ask AWS for a higher quota if the load is real. ${whatToRedo(declaration)}`,
    metric: new MathExpression({
      label: `${name} errors and throttles`,
      expression: 'FILL(errors, 0) + FILL(throttles, 0)',
      usingMetrics: {
        errors: handler.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        throttles: handler.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
      },
      period: fiveMinutes,
    }),
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    evaluationPeriods: 1,
    // No invocations, no datapoint: nothing failed.
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

function whatFailureMeans(declaration: FunctionDeclaration): string {
  switch (declaration.trigger) {
    case 'http':
      return 'Staff terminals got a 500 (or 503) for its routes; nothing of the request was recorded.';
    case 'event':
      return "The event is retried; if every retry fails it waits in the subscription's dead-letter queue (a dead-letter alarm follows).";
    case 'schedule':
      return `A property's daily ${declaration.name} run stopped; Lambda retries it twice, then the schedule's input ({"propertyId", "time"}) waits in the job's dead-letter queue (a dead-letter alarm follows). ${declaration.access.includes('email:send') ? 'Emails already sent stay sent (the send ledger).' : 'What it recorded stays recorded once (a rerun of the day records nothing twice).'}`;
    case 'live':
      return 'A terminal could not open or close its live connection; it reconnects by itself.';
    case 'token-claims':
      return 'Staff could not sign in: Cognito issues no token when this function fails.';
  }
}

function whatToRedo(declaration: FunctionDeclaration): string {
  switch (declaration.trigger) {
    case 'event':
      return 'Once fixed, run `npm run redrive -- --aws --stage <stage>` for what reached the dead-letter queue.';
    case 'schedule':
      return 'Once fixed, run `npm run redrive -- --aws --stage <stage>`: a parked run is run again for its own property and day.';
    case 'http':
      return 'Once fixed, staff retry from the terminal: every write carries its own event id, so a retry is recorded once.';
    default:
      return 'Nothing to redrive: the next attempt uses the fixed function.';
  }
}

export interface DataAlarmsProps {
  readonly table: ITable;
  readonly configurationSetName: string;
}

/** Alarms on what the long-lived stack holds: the table and the email configuration set. */
export class DataAlarms extends Construct {
  readonly tableThrottles: Alarm;
  readonly bounceRate: Alarm;
  readonly complaintRate: Alarm;

  constructor(scope: Construct, id: string, { table, configurationSetName }: DataAlarmsProps) {
    super(scope, id);

    this.tableThrottles = new Alarm(this, 'TableThrottles', {
      alarmDescription:
        "DynamoDB throttled requests to the guest table: writes were retried by the SDK and may have failed (API 500s, events retried or dead-lettered). The table is on demand, so this is a hot partition or a sudden jump beyond twice the previous peak. Check the functions' errors and the dead-letter queues; redrive (`npm run redrive -- --aws`) once the throttling stops. If it persists, look at CloudWatch Contributor Insights for the hot key.",
      metric: table.metricThrottledRequestsForOperations({ operations: tableOperations, period: fiveMinutes }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const reputation = (metricName: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName,
        // Published per configuration set once its reputation metrics are on.
        dimensionsMap: { 'ses:configuration-set': configurationSetName },
        statistic: 'Maximum',
        period: Duration.minutes(15),
      });
    this.bounceRate = new Alarm(this, 'BounceRate', {
      alarmDescription: `The bounce rate of guest emails is above ${sesBounceRateThreshold * 100}% (SES reviews the account at 5% and may pause sending). Campaign mail is going to addresses that do not exist: check recent runs (EmailsSent per campaign on the dashboard), whether the suppression recorder is keeping up (its dead-letter queue), and whether addresses typed at check-in are wrong. Hold the campaigns (disable their schedules) until the cause is found.`,
      metric: reputation('Reputation.BounceRate'),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: sesBounceRateThreshold,
      evaluationPeriods: 1,
      // The rate is published while there is sending history; a gap says nothing new, so the last state holds.
      treatMissingData: TreatMissingData.IGNORE,
    });
    this.complaintRate = new Alarm(this, 'ComplaintRate', {
      alarmDescription: `The complaint rate of guest emails is above ${sesComplaintRateThreshold * 100}% (SES reviews the account at 0.1%). Guests mark the mail as spam: check that only guests with marketing consent are mailed, that unsubscribe links work (GET /v1/unsubscribe), and the content of recent campaigns. Hold the campaigns (disable their schedules) until the cause is found.`,
      metric: reputation('Reputation.ComplaintRate'),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: sesComplaintRateThreshold,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.IGNORE,
    });
  }
}

export interface ServiceMonitoringProps {
  readonly stage: string;
  /** Every function of the stack, with its declaration. */
  readonly functions: readonly { readonly declaration: FunctionDeclaration; readonly handler: IFunction }[];
  readonly api: GuestApi;
  /** Labelled, e.g. by the subscription that parks its failures there. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: IQueue }[];
  readonly table: ITable;
  readonly configurationSetName: string;
}

/** The functions' and the API's alarms, the campaign-run alarms and the stage's dashboard. */
export class ServiceMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly apiServerErrors: Alarm;
  /** Keyed by campaign dimension (`birthday`, `lapsed`). */
  readonly campaignRunsFailed = new Map<string, Alarm>();
  readonly functionAlarms = new Map<string, Alarm>();

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const { api } = props;

    for (const { declaration, handler } of props.functions) {
      this.functionAlarms.set(declaration.name, alarmOnFunction(this, declaration, handler));
    }

    const serverErrors = api.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    const requests = api.api.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    this.apiServerErrors = new Alarm(this, 'ApiServerErrors', {
      alarmDescription: `More than ${apiServerErrorPercent}% of the HTTP API's answers in five minutes were 5xx (with at least ${apiMinimumRequests} requests): the terminals are failing for staff. Look at the function errors alarms and the API access logs (status, routeKey, integrationError) to find the route; a 503 with no function error is Lambda throttling or an integration timeout. Fix and deploy; staff retries are recorded once.`,
      metric: new MathExpression({
        expression: `IF(requests >= ${apiMinimumRequests}, 100 * errors / requests, 0)`,
        usingMetrics: { errors: serverErrors, requests },
        period: fiveMinutes,
        label: '5xx (% of requests)',
      }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: apiServerErrorPercent,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const { declaration } of props.functions) {
      const campaign = campaignDimensions[declaration.name];
      if (!campaign) continue;
      // A Metrics Insights query sums the metric over every `service` that emits it, whatever Powertools names it.
      this.campaignRunsFailed.set(
        campaign,
        new Alarm(this, `CampaignRunsFailed-${campaign}`, {
          alarmDescription: `A ${declaration.name} run reported itself failed (CampaignRunsFailed, campaign=${campaign}): it stopped before every guest of the day was handled, because a send failed or the run neared its time limit. The function's log says why; emails already sent stay sent and are not sent again. A send with an unclear outcome is marked "unknown" in the ledger and is never retried by itself: check it first. Then run the day again for that property: \`npm run redrive -- --aws\` if the run reached the job's dead-letter queue, otherwise invoke the function with {"propertyId", "time"} of the run (from the log); guests already mailed are skipped.`,
          metric: new MathExpression({
            expression: `SELECT SUM(${metricNames.campaignRunsFailed}) FROM SCHEMA("${productMetrics.namespace}", campaign, service) WHERE campaign = '${campaign}'`,
            period: fiveMinutes,
            label: `${campaign} runs failed`,
          }),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          // A run is daily: most periods have no datapoint, and that is the healthy state.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.stage}-guest-recognition`,
      defaultInterval: Duration.days(1),
    });
    const search = (metricName: string, dimensions: readonly string[], label: string): IMetric =>
      new SearchExpression({
        expression: `SEARCH('{${productMetrics.namespace},${[...dimensions, 'service'].join(',')}} MetricName="${metricName}"', 'Sum', 300)`,
        label,
        period: fiveMinutes,
      });
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, left, width, height: 6 });

    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Guest recognition (${props.stage})\nProduct metrics (namespace \`${productMetrics.namespace}\`), the API, the dead-letter queues. What to do when an alarm fires: the README, "When an alarm fires".`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      ...productMetrics.byDetailType.map((metricName) => graph(`${metricName} by detail-type`, [search(metricName, ['detailType'], metricName)])),
    );
    this.dashboard.addWidgets(
      ...productMetrics.byCampaign.map((metricName) => graph(`${metricName} by campaign`, [search(metricName, ['campaign'], metricName)], 6)),
    );
    this.dashboard.addWidgets(
      ...productMetrics.plain.map((metricName) => graph(metricName, [search(metricName, [], metricName)], 6)),
      graph(
        'API latency (ms)',
        (['p50', 'p90', 'p99'] as const).map((statistic) => api.api.metricLatency({ statistic, period: fiveMinutes, label: statistic })),
        6,
      ),
      graph('API requests and errors', [requests, api.api.metricClientError({ period: fiveMinutes, statistic: 'Sum' }), serverErrors], 6),
    );
    this.dashboard.addWidgets(
      graph(
        'Dead letters waiting',
        props.deadLetterQueues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum', label }),
        ),
        12,
      ),
      graph('Table throttled requests', [props.table.metricThrottledRequestsForOperations({ operations: tableOperations, period: fiveMinutes })], 6),
      graph(
        'SES reputation (0.04 = 4%)',
        ['Reputation.BounceRate', 'Reputation.ComplaintRate'].map(
          (metricName) =>
            new Metric({
              namespace: 'AWS/SES',
              metricName,
              dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
              statistic: 'Maximum',
              period: Duration.minutes(15),
            }),
        ),
        6,
      ),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Alarms of the functions, the API and the campaigns',
        alarms: [this.apiServerErrors, ...this.campaignRunsFailed.values(), ...this.functionAlarms.values()],
        width: 24,
        height: 8,
      }),
    );
  }
}
