/**
 * The chain for the daily campaign functions: each run is for one property, and "now" is the time its schedule
 * meant (never the wall clock), both from the input (shared/events/scheduled-run.ts), so any day can be replayed.
 * An input that names no known property or no valid time is refused before anything is read or sent. The report
 * (ids and reasons only) is logged and returned; a run that had to stop before its deadline fails on purpose, so
 * Lambda's retry continues where it stopped (the ledger skips what was sent).
 */
import type { Context } from 'aws-lambda';
import { campaignDependenciesFromEnvironment } from '../aws/runtime.ts';
import type { Campaign } from '../domain/greeting-email.ts';
import { log } from '../log.ts';
import { parseOrThrow } from '../validation.ts';
import { runCampaign, type CampaignReport } from '../use-cases/run-campaign.ts';
import { scheduledRunSchema, type ScheduledRun } from './scheduled-run.ts';

export function campaignHandler(campaign: Campaign): (event: ScheduledRun, context: Context) => Promise<CampaignReport> {
  const dependencies = campaignDependenciesFromEnvironment();
  return async (event, context) => {
    const { propertyId, time } = parseOrThrow(scheduledRunSchema, event, 'scheduled run');
    const report = await runCampaign({ ...dependencies, remainingMs: () => context.getRemainingTimeInMillis() }, campaign, new Date(time), propertyId);
    log.info('campaign run', { campaign, propertyId, at: time, sent: report.sent.length, skipped: report.skipped.length, unfinished: report.unfinished });
    if (report.unfinished) throw new Error(`${campaign} for ${propertyId} at ${time} stopped before its deadline; the retry sends the rest`);
    return report;
  };
}
