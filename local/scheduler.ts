/**
 * The daily schedules on the local clock, as EventBridge Scheduler runs them on AWS: each scheduled function fires
 * once a day for each property, at its `dailyAtLocal` time in that property's time zone (daylight-saving changes
 * included), with the input `{ propertyId, time }` where `time` is the intended instant. A failed run is retried
 * twice (Lambda's asynchronous retries), for the same instant.
 */
import { properties, type PropertyConfig } from '#shared/config/properties';
import { formatTimeOfDay, nextLocalRun } from '#shared/domain/daily-schedule';
import type { ScheduledRun } from '#shared/events/scheduled-run';
import type { FunctionDeclaration, ScheduledFunction } from '#shared/wiring';
import { createLambdaContext, type LoadHandler, type Logger } from './lambda.ts';

const retries = 2;

/** The input a property's schedule passes: `time` as EventBridge Scheduler renders `<aws.scheduler.scheduled-time>`. */
export function scheduledRun(propertyId: string, time: Date): ScheduledRun {
  return { propertyId, time: time.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** Runs one scheduled function for one property and instant and returns what it returned. */
export async function invokeScheduled(declaration: ScheduledFunction, propertyId: string, time: Date, loadHandler: LoadHandler): Promise<unknown> {
  const handler = await loadHandler(declaration.entry);
  return handler(
    scheduledRun(propertyId, time) as never,
    createLambdaContext(declaration.name, { region: 'us-east-1', timeoutMs: declaration.timeoutSeconds * 1000 }),
  );
}

/** `daily 09:00 Asia/Bangkok -> birthday-greetings (bangkok)`, one line per schedule, for `npm start`. */
export function describeSchedules(functions: readonly FunctionDeclaration[], scope: readonly PropertyConfig[] = properties): string[] {
  return functions.flatMap((f) =>
    f.trigger === 'schedule' ? scope.map((p) => `daily ${formatTimeOfDay(f.dailyAtLocal)} ${p.timeZone} -> ${f.name} (${p.id})`) : [],
  );
}

/** The next run of a job for a property. */
export interface UpcomingRun {
  readonly job: string;
  readonly propertyId: string;
  readonly at: Date;
}

export function startScheduler(options: {
  functions: readonly FunctionDeclaration[];
  loadHandler: LoadHandler;
  log: Logger;
  properties?: readonly PropertyConfig[];
}): { upcoming(): UpcomingRun[]; stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  const upcoming = new Map<string, UpcomingRun>();
  let stopped = false;
  const schedule = (declaration: ScheduledFunction, property: PropertyConfig, after: Date) => {
    if (stopped) return;
    const at = nextLocalRun(declaration.dailyAtLocal, property.timeZone, after);
    const name = `${declaration.name} (${property.id})`;
    upcoming.set(name, { job: declaration.name, propertyId: property.id, at });
    const timer = setTimeout(
      async () => {
        timers.delete(timer);
        for (let attempt = 0; attempt <= retries; attempt++) {
          try {
            await invokeScheduled(declaration, property.id, at, options.loadHandler);
            options.log.info(`schedule ${name} ran for ${at.toISOString()}`);
            break;
          } catch (error) {
            options.log.error(`schedule ${name} failed (attempt ${attempt + 1} of ${retries + 1})`, error);
          }
        }
        // From the instant just run, not from the clock: a run that outlasts a minute still schedules the next day.
        schedule(declaration, property, at);
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    timers.add(timer);
  };
  const now = new Date();
  for (const declaration of options.functions) {
    if (declaration.trigger !== 'schedule') continue;
    for (const property of options.properties ?? properties) schedule(declaration, property, now);
  }
  return {
    upcoming: () => [...upcoming.values()],
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
