/**
 * The chain for the daily campaign functions: each run is for one property, and "now" is the time its schedule
 * meant (never the wall clock), both from the input (shared/events/scheduled-run.ts), so any day can be replayed.
 * An input that names no known property or no valid time is refused before anything is read or sent. The report
 * (ids and reasons only) is logged and returned; a run that had to stop before its deadline fails on purpose, so
 * Lambda's retry continues where it stopped (the ledger skips what was sent). Each run counts its emails (EmailsSent,
 * EmailsSkipped, EmailsFailed) and whether it failed (CampaignRunsFailed), per campaign (shared/metrics.ts).
 */
import type { Context } from 'aws-lambda';
import { campaignDependenciesFromEnvironment } from '../aws/runtime.ts';
import type { Campaign } from '../domain/greeting-email.ts';
import { beginInvocation, log } from '../log.ts';
import { campaignDimension, countMetric, metricNames } from '../metrics.ts';
import { parseOrThrow } from '../validation.ts';
import { runCampaign, type CampaignReport } from '../use-cases/run-campaign.ts';
import { scheduledRunSchema, type ScheduledRun } from './scheduled-run.ts';

export function campaignHandler(campaign: Campaign): (event: ScheduledRun, context: Context) => Promise<CampaignReport> {
  const dependencies = campaignDependenciesFromEnvironment();
  return async (event, context) => {
    const { propertyId, time } = parseOrThrow(scheduledRunSchema, event, 'scheduled run');
    // The run's identity: a retry of the same run logs under the same correlation id.
    beginInvocation(context, `${campaign}/${propertyId}/${time}`);
    const dimension = { name: 'campaign', value: campaignDimension[campaign] };
    try {
      // Read for each run (cached, see shared/aws/runtime.ts), so a changed key is picked up without a cold start.
      const unsubscribeSigningKey = await dependencies.readUnsubscribeSigningKey();
      const report = await runCampaign(
        { ...dependencies, unsubscribeSigningKey, remainingMs: () => context.getRemainingTimeInMillis() },
        campaign,
        new Date(time),
        propertyId,
      );
      log.info('campaign run', {
        campaign,
        propertyId,
        at: time,
        sent: report.sent.length,
        skipped: report.skipped.length,
        failed: report.failed.length,
        unfinished: report.unfinished,
      });
      countEmails(report, dimension);
      if (report.unfinished) throw new Error(`${campaign} for ${propertyId} at ${time} stopped before its deadline; the retry sends the rest`);
      countMetric(metricNames.campaignRunsFailed, 0, dimension);
      return report;
    } catch (error) {
      countMetric(metricNames.campaignRunsFailed, 1, dimension);
      throw error;
    }
  };
}

/** A run's emails, counted from its report: sent, skipped, and failed (refused by the provider for good). */
function countEmails(report: CampaignReport, dimension: { name: string; value: string }): void {
  countMetric(metricNames.emailsSent, report.sent.length, dimension);
  countMetric(metricNames.emailsSkipped, report.skipped.length, dimension);
  countMetric(metricNames.emailsFailed, report.failed.length, dimension);
}
