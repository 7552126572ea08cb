/**
 * For the command-line tools (`npm run job`, `npm run demo`): how to reach the system `npm start` is running, and
 * run a scheduled function against it in this process, with the same environment its handlers have.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functions, type ScheduledFunction } from '#shared/wiring';
import { createHandlerLoader } from './lambda.ts';
import { localStateDir } from './paths.ts';
import { invokeScheduled } from './scheduler.ts';

export const scheduledJobs = functions.filter((f): f is ScheduledFunction => f.trigger === 'schedule');

export interface JobReport {
  readonly sent: { guestId: string; propertyId: string; period: string }[];
  readonly skipped: { guestId: string; reason: string }[];
}

export function readRunningEnvironment(): Record<string, string> {
  const runtimeFile = join(localStateDir, 'runtime.json');
  if (!existsSync(runtimeFile)) throw new Error('the system is not running here: start it with `npm start` first');
  return (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { handlerEnvironment: Record<string, string> }).handlerEnvironment;
}

export function runJobAgainstRunningSystem(job: ScheduledFunction, propertyId: string, at: Date): Promise<JobReport> {
  return runJobInEnvironment(readRunningEnvironment(), job, propertyId, at);
}

/** Runs a scheduled function for one property in this process with a running system's handler environment. */
export async function runJobInEnvironment(environment: Record<string, string>, job: ScheduledFunction, propertyId: string, at: Date): Promise<JobReport> {
  Object.assign(process.env, environment, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  return (await invokeScheduled(job, propertyId, at, createHandlerLoader())) as JobReport;
}
