/**
 * The whole system on one machine: DynamoDB Local, the local bus (PutEvents) routing to the recorders, and the
 * HTTP API with JWT checks, all built from the same wiring as the CDK stack. `npm start`, `npm run demo` and the
 * end-to-end tests all start it through here. Handlers don't know where they run: only the environment differs.
 */
import { join } from 'node:path';
import { functions, environmentNames } from '#shared/wiring';
import { createLocalDynamoDbClient, ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startEventBus, type RunningEventBus } from './event-bus.ts';
import { startHttpGateway } from './http-gateway.ts';
import { createLocalIssuer, defaultKeyDir, type LocalIssuer } from './jwt.ts';
import { consoleLogger, createHandlerLoader, type Logger } from './lambda.ts';
import { localStateDir } from './paths.ts';
import { findFreePort } from './ports.ts';

// Lambda runs Node.js 22; locally the SDK would warn once about Node 20 on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalSystemOptions {
  /** HTTP API port (0: any free port). */
  readonly httpPort?: number;
  /** PutEvents endpoint port (0: any free port). */
  readonly busPort?: number;
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
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly dataDir: string;
  readonly issuer: LocalIssuer;
  readonly bus: RunningEventBus;
  stop(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const dataDir = options.dataDir ?? localStateDir;
  const tableName = options.tableName ?? 'guests';
  const eventBusName = options.eventBusName ?? 'guest-events';
  const log = options.log ?? consoleLogger;

  const dynamoDb = options.dynamoDbEndpoint ? undefined : await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb!.endpoint;
  const client = createLocalDynamoDbClient(dynamoDbEndpoint);
  await ensureTable(client, tableName);
  client.destroy();

  const busPort = options.busPort || (await findFreePort());
  // Handlers build their clients from the environment at load time (they are imported lazily, after this).
  Object.assign(process.env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${busPort}`,
    [environmentNames.tableName]: tableName,
    [environmentNames.eventBusName]: eventBusName,
  });

  const loadHandler = createHandlerLoader();
  const issuer = createLocalIssuer(options.jwtKeyDir ?? (options.dataDir ? join(dataDir, 'jwt') : defaultKeyDir));
  const bus = await startEventBus({ port: busPort, functions, loadHandler, dataDir, eventBusName, log, ...(options.retry ? { retry: options.retry } : {}) });
  const gateway = await startHttpGateway({ port: options.httpPort ?? 3000, functions, loadHandler, verifyToken: issuer.verifyToken, log });

  return {
    apiUrl: gateway.url,
    busEndpoint: bus.endpoint,
    dynamoDbEndpoint,
    tableName,
    eventBusName,
    dataDir,
    issuer,
    bus,
    async stop() {
      await gateway.stop();
      await bus.stop();
      await dynamoDb?.stop();
    },
  };
}
