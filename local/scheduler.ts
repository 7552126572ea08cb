/**
 * The daily rules on the local clock: each scheduled function fires at its `dailyAtUtc` time, with an EventBridge
 * scheduled event whose `time` is the firing instant, as on AWS. A failed run is retried twice (Lambda's
 * asynchronous retries).
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { FunctionDeclaration, ScheduledFunction } from '#shared/wiring';
import { createLambdaContext, localAccount, type LoadHandler, type Logger } from './lambda.ts';

const retries = 2;

export function scheduledEvent(declaration: ScheduledFunction, time: Date, region = 'us-east-1'): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: localAccount,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${localAccount}:rule/${declaration.name}`],
    detail: {},
  };
}

/** Runs one scheduled function for one instant and returns what it returned. */
export async function invokeScheduled(declaration: ScheduledFunction, time: Date, loadHandler: LoadHandler): Promise<unknown> {
  const handler = await loadHandler(declaration.entry);
  return handler(scheduledEvent(declaration, time) as never, createLambdaContext(declaration.name, { region: 'us-east-1', timeoutMs: declaration.timeoutSeconds * 1000 }));
}

export function nextDailyRun({ hour, minute }: ScheduledFunction['dailyAtUtc'], after: Date): Date {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hour, minute));
  if (next <= after) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export function startScheduler(options: { functions: readonly FunctionDeclaration[]; loadHandler: LoadHandler; log: Logger }): { stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (declaration: ScheduledFunction) => {
    const at = nextDailyRun(declaration.dailyAtUtc, new Date());
    const timer = setTimeout(async () => {
      timers.delete(timer);
      for (let attempt = 0; attempt <= retries; attempt++) {
        try {
          await invokeScheduled(declaration, at, options.loadHandler);
          options.log.info(`schedule ${declaration.name} ran for ${at.toISOString()}`);
          break;
        } catch (error) {
          options.log.error(`schedule ${declaration.name} failed (attempt ${attempt + 1} of ${retries + 1})`, error);
        }
      }
      schedule(declaration);
    }, at.getTime() - Date.now());
    timer.unref();
    timers.add(timer);
  };
  for (const declaration of options.functions) if (declaration.trigger === 'schedule') schedule(declaration);
  return {
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
