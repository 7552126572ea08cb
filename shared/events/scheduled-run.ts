/**
 * What a daily job is invoked with: one property, and the time its run was meant for. On AWS each property's
 * EventBridge Scheduler schedule passes `{"propertyId": "bangkok", "time": "<aws.scheduler.scheduled-time>"}`, so a
 * retry or a late redrive still runs for the day it was scheduled; locally the scheduler and `npm run job` pass the
 * same shape.
 */
import * as z from 'zod/mini';
import { instantSchema, propertyIdSchema } from './guest-events.ts';

export const scheduledRunSchema = z.object({
  /** The property whose guests this run handles (shared/config/properties.ts). */
  propertyId: propertyIdSchema,
  /** The schedule's intended time (ISO-8601): the run's "now", read in the property's time zone. */
  time: instantSchema,
});

export type ScheduledRun = z.infer<typeof scheduledRunSchema>;

/** The schedule's intended time as EventBridge Scheduler fills it into the input (a context attribute). */
export const schedulerScheduledTime = '<aws.scheduler.scheduled-time>';
