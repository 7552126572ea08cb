/**
 * The chain for the daily value segmentation: like a campaign run (shared/events/campaign-handler.ts), each run is for
 * one property and takes "now" from its input, never the wall clock, so any day can be run again; an input that names
 * no known property or no valid time is refused before anything is read. The report (ids and counts only) is returned.
 */
import type { Context } from 'aws-lambda';
import { valueSegmentsFromEnvironment } from '../aws/runtime.ts';
import { beginInvocation } from '../log.ts';
import { runValueSegments, type ValueSegmentsReport } from '../use-cases/value-segments.ts';
import { parseOrThrow } from '../validation.ts';
import { scheduledRunSchema, type ScheduledRun } from './scheduled-run.ts';

export function valueSegmentsHandler(): (event: ScheduledRun, context: Context) => Promise<ValueSegmentsReport> {
  const dependencies = valueSegmentsFromEnvironment();
  return async (event, context) => {
    const { propertyId, time } = parseOrThrow(scheduledRunSchema, event, 'scheduled run');
    // The run's identity: a retry of the same run logs under the same correlation id.
    beginInvocation(context, `value-segments/${propertyId}/${time}`);
    return runValueSegments(dependencies, propertyId, new Date(time));
  };
}
