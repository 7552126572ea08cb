/**
 * The functions' business metrics, written as CloudWatch embedded metric format (EMF) lines by Powertools Metrics:
 * CloudWatch Logs turns each line into metric data points, with no API call and no wait in the function. Namespace
 * `GuestRecognition`; every metric also carries Powertools' `service` dimension (the function's name from
 * shared/wiring.ts, POWERTOOLS_SERVICE_NAME). Alarms and the dashboard use these names.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Campaign } from './domain/greeting-email.ts';
import type { RecordOutcome } from './ports.ts';

export const metricsNamespace = 'GuestRecognition';

export const metricNames = {
  /** Dimension `detailType`: an event a recorder applied. */
  eventsRecorded: 'EventsRecorded',
  /** Dimension `detailType`: a redelivery of an event recorded before (at-least-once delivery); nothing changed. */
  eventsDuplicate: 'EventsDuplicate',
  /** Dimension `detailType`: an event about an erased guest, marked handled and not applied. */
  eventsDiscarded: 'EventsDiscarded',
  /** A recognition card served (by guest id or by room). */
  recognitionsServed: 'RecognitionsServed',
  /** Dimension `campaign` (`birthday`, `lapsed`), per run. */
  emailsSent: 'EmailsSent',
  /** Dimension `campaign`: candidates not mailed for a reason that is no failure (no consent, sent before, suppressed). */
  emailsSkipped: 'EmailsSkipped',
  /** Dimension `campaign`: emails that can never go out for the period (the provider rejected them). */
  emailsFailed: 'EmailsFailed',
  /** Pairs of guests a check-in found sharing an identity key. */
  possibleDuplicatesFound: 'PossibleDuplicatesFound',
  /** Dimension `campaign`: a run that threw or stopped before its deadline (Lambda retries it). */
  campaignRunsFailed: 'CampaignRunsFailed',
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/** The campaign dimension's values. */
export const campaignDimension: Record<Campaign, string> = { 'birthday-greetings': 'birthday', 'lapsed-guests': 'lapsed' };

const outcomeMetrics: Record<RecordOutcome, MetricName> = {
  recorded: metricNames.eventsRecorded,
  duplicate: metricNames.eventsDuplicate,
  discarded: metricNames.eventsDiscarded,
};

let metrics: Metrics | undefined;

/** Made on first use, so the environment it reads (service name, POWERTOOLS_METRICS_DISABLED) is the function's. */
function getMetrics(): Metrics {
  metrics ??= new Metrics({ namespace: metricsNamespace });
  return metrics;
}

/**
 * Adds to a count, under one dimension or none. Each call is its own EMF line (Powertools' single metric), so
 * metrics with different dimensions never share a line's dimension set.
 */
export function countMetric(name: MetricName, value = 1, dimension?: { readonly name: string; readonly value: string }): void {
  const single = getMetrics().singleMetric();
  if (dimension) single.addDimension(dimension.name, dimension.value);
  single.addMetric(name, MetricUnit.Count, value);
}

/** A recorder's outcome, counted per detail-type. Outcomes other than the three (a live push's) are not counted. */
export function countEventOutcome(outcome: string, detailType: string): void {
  const name = outcomeMetrics[outcome as RecordOutcome];
  if (name) countMetric(name, 1, { name: 'detailType', value: detailType });
}
