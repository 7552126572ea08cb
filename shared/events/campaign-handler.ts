/**
 * The chain for the daily campaign functions: "now" is the scheduled event's `time` (never the wall clock), so any
 * day can be replayed. The report (ids and reasons only) is logged and returned; a run that had to stop before its
 * deadline fails on purpose, so Lambda's retry continues where it stopped (the ledger skips what was sent).
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { campaignDependenciesFromEnvironment } from '../aws/runtime.ts';
import type { Campaign } from '../domain/greeting-email.ts';
import { log } from '../log.ts';
import { parseOrThrow } from '../validation.ts';
import { runCampaign, type CampaignReport } from '../use-cases/run-campaign.ts';

const scheduledEventSchema = z.object({ time: z.iso.datetime() });

export function campaignHandler(campaign: Campaign): (event: ScheduledEvent, context: Context) => Promise<CampaignReport> {
  const dependencies = campaignDependenciesFromEnvironment();
  return async (event, context) => {
    const { time } = parseOrThrow(scheduledEventSchema, event, 'scheduled event');
    const report = await runCampaign({ ...dependencies, remainingMs: () => context.getRemainingTimeInMillis() }, campaign, new Date(time));
    log.info('campaign run', { campaign, at: time, sent: report.sent.length, skipped: report.skipped.length, unfinished: report.unfinished });
    if (report.unfinished) throw new Error(`${campaign} for ${time} stopped before its deadline; the retry sends the rest`);
    return report;
  };
}
