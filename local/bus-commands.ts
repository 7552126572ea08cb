/**
 * What `npm run replay`, `npm run redrive` and `npm run job` share: running a command and reading its arguments;
 * and, for replay and redrive, reaching the bus of the system `npm start` is running. Only that process can deliver
 * (it loads the handlers, keeps the journal and the dead letters), so they ask it over its endpoint with two
 * local-only operations.
 */
import { localOperations, type RedriveReport, type ReplayReport } from './event-bus.ts';
import { readRunningEnvironment } from './running-system.ts';

export class UsageError extends Error {}

/**
 * Runs a command's body: a usage mistake (ours or parseArgs') prints the message and the usage and exits 2; any other
 * failure prints its message and exits 1.
 */
export async function runCommand(usage: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${usage}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** An ISO-8601 instant with its offset (`2029-06-20T02:00:00Z`): a date alone would be read in some time zone. */
export function readInstant(value: string | undefined, option: string): Date {
  if (!value) throw new UsageError(`--${option} is required`);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !/T.*([zZ]|[+-]\d\d:\d\d)$/.test(value)) {
    throw new UsageError(`--${option} must be an ISO-8601 instant with offset, e.g. 2029-06-20T02:00:00Z, not ${value}`);
  }
  return instant;
}

export function readRange(values: { from?: string | undefined; to?: string | undefined }): { from: Date; to: Date } {
  const from = readInstant(values.from, 'from');
  const to = readInstant(values.to, 'to');
  if (from > to) throw new UsageError('--from must not be after --to');
  return { from, to };
}

/** The bus endpoint of the running system, from `.local/runtime.json`. */
export function runningBusEndpoint(): string {
  const endpoint = readRunningEnvironment().AWS_ENDPOINT_URL_EVENTBRIDGE;
  if (!endpoint) throw new Error('.local/runtime.json names no bus endpoint: restart the system with `npm start`');
  return endpoint;
}

export function replayOnLocalBus(endpoint: string, range: { from: Date; to: Date }): Promise<ReplayReport> {
  return callLocalBus<ReplayReport>(endpoint, localOperations.replay, { from: range.from.toISOString(), to: range.to.toISOString() });
}

export function redriveOnLocalBus(endpoint: string): Promise<RedriveReport> {
  return callLocalBus<RedriveReport>(endpoint, localOperations.redrive, {});
}

async function callLocalBus<T>(endpoint: string, operation: string, body: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': operation, 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify(body),
    });
  } catch {
    // runtime.json outlives the process that wrote it: an answerless endpoint means nothing runs there now.
    throw new Error(`nothing answers at ${endpoint}: the system is not running, start it with \`npm start\` first`);
  }
  const answer = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(`the local bus refused ${operation}: ${answer.message ?? `HTTP ${response.status}`}`);
  return answer as T;
}
