/**
 * The whole system on one machine: DynamoDB Local, the local bus (PutEvents) routing to the recorders, and the
 * HTTP API with JWT checks, all built from the same wiring as the CDK stack. `npm start`, `npm run demo` and the
 * end-to-end tests all start it through here. Handlers don't know where they run: only the environment differs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functions, environmentNames, type ScheduledFunction } from '#shared/wiring';
import { createLocalDynamoDbClient, ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startEventBus, type RunningEventBus } from './event-bus.ts';
import { startHttpGateway } from './http-gateway.ts';
import { createLocalIssuer, defaultKeyDir, type LocalIssuer } from './jwt.ts';
import { consoleLogger, createHandlerLoader, type Logger } from './lambda.ts';
import { ensurePrivateDir, localStateDir, narrowToOwner, privateFileMode } from './paths.ts';
import { findFreePort } from './ports.ts';
import { invokeScheduled, startScheduler } from './scheduler.ts';
import { startSesLocal } from './ses.ts';

// Lambda runs Node.js 22; locally the SDK would warn once about Node 20 on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalSystemOptions {
  /** HTTP API port (0: any free port). */
  readonly httpPort?: number;
  /** PutEvents endpoint port (0: any free port). */
  readonly busPort?: number;
  /** SES stand-in port (0: any free port). */
  readonly sesPort?: number;
  /** Fire the daily rules on the local clock (npm start); tests fire jobs for chosen instants instead. */
  readonly schedules?: boolean;
  /** Use this DynamoDB (e.g. the tests' shared DynamoDB Local) instead of starting one. */
  readonly dynamoDbEndpoint?: string;
  readonly tableName?: string;
  readonly eventBusName?: string;
  /** DynamoDB data, bus archive and dead letters. */
  readonly dataDir?: string;
  readonly jwtKeyDir?: string;
  readonly retry?: { retryAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  readonly log?: Logger;
}

export interface LocalSystem {
  readonly apiUrl: string;
  readonly busEndpoint: string;
  readonly sesEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly dataDir: string;
  readonly issuer: LocalIssuer;
  readonly bus: RunningEventBus;
  /** Runs a scheduled function for an instant, as its daily rule would, and returns its report. */
  runJob(name: string, at: Date): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const dataDir = options.dataDir ?? localStateDir;
  const tableName = options.tableName ?? 'guests';
  const eventBusName = options.eventBusName ?? 'guest-events';
  const log = options.log ?? consoleLogger;
  // Before DynamoDB Local writes the guest table under it.
  ensurePrivateDir(dataDir);

  const dynamoDb = options.dynamoDbEndpoint ? undefined : await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb!.endpoint;
  const client = createLocalDynamoDbClient(dynamoDbEndpoint);
  await ensureTable(client, tableName);
  client.destroy();

  const busPort = options.busPort || (await findFreePort());
  const httpPort = (options.httpPort ?? 3000) || (await findFreePort());
  const ses = await startSesLocal(options.sesPort ?? 8005);
  // Handlers build their clients from the environment at load time (they are imported lazily, after this).
  const handlerEnvironment = {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${busPort}`,
    AWS_ENDPOINT_URL_SES: ses.endpoint,
    [environmentNames.tableName]: tableName,
    [environmentNames.eventBusName]: eventBusName,
    [environmentNames.publicApiUrl]: `http://127.0.0.1:${httpPort}`,
    [environmentNames.unsubscribeSigningKey]: localKey(dataDir, 'unsubscribe-signing-key'),
    [environmentNames.erasedIdentityHashKey]: localKey(dataDir, 'erased-identity-hash-key'),
  };
  Object.assign(process.env, handlerEnvironment);
  // `npm run job` runs a scheduled function against this running system: it needs the same environment.
  // It holds the local keys: owner-only, like the rest of the local state.
  const runtimeFile = join(dataDir, 'runtime.json');
  writeFileSync(runtimeFile, `${JSON.stringify({ handlerEnvironment }, null, 2)}\n`, { mode: privateFileMode });
  narrowToOwner(runtimeFile);

  const loadHandler = createHandlerLoader();
  const issuer = createLocalIssuer(options.jwtKeyDir ?? (options.dataDir ? join(dataDir, 'jwt') : defaultKeyDir));
  const bus = await startEventBus({ port: busPort, functions, loadHandler, dataDir, eventBusName, log, ...(options.retry ? { retry: options.retry } : {}) });
  const gateway = await startHttpGateway({ port: httpPort, functions, loadHandler, verifyToken: issuer.verifyToken, log });
  const scheduler = options.schedules ? startScheduler({ functions, loadHandler, log }) : undefined;

  return {
    apiUrl: gateway.url,
    busEndpoint: bus.endpoint,
    sesEndpoint: ses.endpoint,
    dynamoDbEndpoint,
    tableName,
    eventBusName,
    dataDir,
    issuer,
    bus,
    runJob(name, at) {
      const job = functions.find((f): f is ScheduledFunction => f.trigger === 'schedule' && f.name === name);
      if (!job) throw new Error(`no scheduled function ${name}`);
      return invokeScheduled(job, at, loadHandler);
    },
    async stop() {
      scheduler?.stop();
      await gateway.stop();
      await ses.stop();
      await bus.stop();
      await dynamoDb?.stop();
    },
  };
}

/**
 * A random key per machine, kept with the local data, so it outlives restarts: unsubscribe links stay valid, and
 * erased guests' identity keys stay recognisable.
 */
function localKey(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}
