/**
 * What the Lambda runtime gives a handler, locally: the module loaded once (after the environment is set, because
 * handlers read it at load time), a `Context`, and somewhere to log.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { projectRoot } from './paths.ts';

export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;
export type LoadHandler = (entry: string) => Promise<LambdaHandler>;

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => (error === undefined ? console.error(message) : console.error(message, error)),
};

export const localAccount = '000000000000';

/**
 * Imports each entry (relative to `root`) on first use, like a cold start, and reuses it afterwards.
 * A failed import is not cached, so fixing the file and retrying works without a restart.
 */
export function createHandlerLoader(root: string = projectRoot): LoadHandler {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return (entry) => {
    let handler = loaded.get(entry);
    if (!handler) {
      handler = importHandler(join(root, entry));
      loaded.set(entry, handler);
      handler.catch(() => loaded.delete(entry));
    }
    return handler;
  };
}

async function importHandler(file: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${file} does not export a function named handler`);
  return module.handler as LambdaHandler;
}

export function createLambdaContext(functionName: string, options: { region: string; timeoutMs: number }): Context {
  const deadline = Date.now() + options.timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${localAccount}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
