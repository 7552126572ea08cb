/**
 * Structured logs, one JSON line each (CloudWatch Logs Insights reads them as fields), written by Powertools
 * Logger: every line carries the function's service name (POWERTOOLS_SERVICE_NAME), and, once a handler chain has
 * called `beginInvocation`, the Lambda request id, whether this was a cold start and the correlation id (the event
 * id). The level comes from the environment (POWERTOOLS_LOG_LEVEL, or Lambda's own log level setting), INFO when
 * neither is set. Callers pass ids and codes, never guest names or contact details; errors are reduced to name,
 * message and stack (a cause, which may quote what a guest sent, is left out).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

type Fields = Record<string, unknown>;

let logger: Logger | undefined;

/** Made on first use, so the environment it reads (service name, level) is the one the function runs with. */
function getLogger(): Logger {
  logger ??= new Logger();
  return logger;
}

function serialise(fields: Fields): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) =>
      value instanceof Error ? [key, { name: value.name, message: value.message, stack: value.stack }] : [key, value],
    ),
  );
}

export const log = {
  info: (message: string, fields: Fields = {}) => getLogger().info(message, serialise(fields)),
  warn: (message: string, fields: Fields = {}) => getLogger().warn(message, serialise(fields)),
  error: (message: string, fields: Fields = {}) => getLogger().error(message, serialise(fields)),
};

/**
 * Called by each handler chain as an invocation starts: forgets the previous invocation's correlation id, adds
 * the Lambda context (request id, cold start, function name) and this invocation's correlation id.
 */
export function beginInvocation(context: Context | undefined, correlationId: string | undefined): void {
  const instance = getLogger();
  instance.resetKeys();
  if (context) instance.addContext(context);
  if (correlationId) instance.setCorrelationId(correlationId);
}
