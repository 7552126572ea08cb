/**
 * The whole system on one machine: DynamoDB Local, the local bus (PutEvents) routing to the recorders, and the
 * HTTP API with JWT checks, all built from the same wiring as the CDK stack. `npm start`, `npm run demo` and the
 * end-to-end tests all start it through here. Handlers don't know where they run: only the environment differs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { properties } from '#shared/config/properties';
import { roles } from '#shared/http/caller';
import { toFieldErrors } from '#shared/validation';
import { functions, environmentNames } from '#shared/wiring';
import { createLocalDynamoDbClient, ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.ts';
import { startEventBus, type RunningEventBus } from './event-bus.ts';
import { startHttpGateway, type StaffAppOptions } from './http-gateway.ts';
import { createLocalIssuer, defaultKeyDir, localAudience, localIssuer, type LocalIssuer } from './jwt.ts';
import { startLiveGateway } from './live-gateway.ts';
import { consoleLogger, createHandlerLoader, type Logger } from './lambda.ts';
import { ensurePrivateDir, localStateDir, narrowToOwner, privateFileMode } from './paths.ts';
import { findFreePort } from './ports.ts';
import { scheduledJobs } from './running-system.ts';
import { invokeScheduled, startScheduler } from './scheduler.ts';
import { startSecretsManager } from './secrets-manager.ts';
import { startSesLocal } from './ses.ts';

// Lambda runs Node.js 22; locally the SDK would warn once about Node 20 on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalSystemOptions {
  /** HTTP API port (0: any free port). */
  readonly httpPort?: number;
  /** PutEvents endpoint port (0: any free port). */
  readonly busPort?: number;
  /** Live channel (WebSocket) port (0: any free port). */
  readonly livePort?: number;
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
  /** The built staff terminals (web/dist) to serve at `/`, with the local sign-in. */
  readonly staffAppDir?: string;
}

export interface LocalSystem {
  readonly apiUrl: string;
  readonly busEndpoint: string;
  readonly sesEndpoint: string;
  /** The local Secrets Manager (GetSecretValue) holding the per-machine keys. */
  readonly secretsManagerEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly dataDir: string;
  readonly issuer: LocalIssuer;
  readonly bus: RunningEventBus;
  /** What terminals connect to for live notices (`ws://…`). */
  readonly liveUrl: string;
  /** Runs a scheduled function for one property and instant, as that property's daily schedule would, and returns its report. */
  runJob(name: string, at: Date, propertyId: string): Promise<unknown>;
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
  const loadHandler = createHandlerLoader();
  const issuer = createLocalIssuer(options.jwtKeyDir ?? (options.dataDir ? join(dataDir, 'jwt') : defaultKeyDir));
  // The per-machine keys, served the way Secrets Manager serves them on AWS: the functions read them at run time.
  const secretsManager = await startSecretsManager({
    region: localRegion,
    secrets: {
      [localSecretNames.unsubscribeSigningKey]: localKey(dataDir, 'unsubscribe-signing-key'),
      [localSecretNames.erasedIdentityHashKey]: localKey(dataDir, 'erased-identity-hash-key'),
    },
  });
  const live = await startLiveGateway({ port: options.livePort ?? 0, functions, loadHandler, jwks: issuer.jwks, log });
  // Handlers build their clients from the environment at load time (they are imported lazily, after this).
  const handlerEnvironment = {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${busPort}`,
    AWS_ENDPOINT_URL_SES: ses.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    // Logs name the function by its context (function_name); metrics print as EMF lines; no X-Ray daemon here.
    POWERTOOLS_SERVICE_NAME: 'guest-recognition-local',
    POWERTOOLS_TRACE_ENABLED: 'false',
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    [environmentNames.tableName]: tableName,
    [environmentNames.eventBusName]: eventBusName,
    [environmentNames.publicApiUrl]: `http://127.0.0.1:${httpPort}`,
    // The live channel: pushes go to the local connection management endpoint; the connect function checks tokens
    // against the local issuer's published keys, as it checks Cognito's on AWS.
    [environmentNames.liveCallbackUrl]: live.callbackUrl,
    [environmentNames.jwtIssuer]: localIssuer,
    [environmentNames.jwtAudiences]: localAudience,
    [environmentNames.jwtJwksUrl]: live.jwksUrl,
    [environmentNames.unsubscribeSigningKey]: localSecretNames.unsubscribeSigningKey,
    [environmentNames.erasedIdentityHashKey]: localSecretNames.erasedIdentityHashKey,
  };
  Object.assign(process.env, handlerEnvironment);
  // `npm run job` runs a scheduled function against this running system: it needs the same environment.
  // Owner-only, like the rest of the local state (the keys themselves stay with the local Secrets Manager).
  const runtimeFile = join(dataDir, 'runtime.json');
  writeFileSync(runtimeFile, `${JSON.stringify({ handlerEnvironment }, null, 2)}\n`, { mode: privateFileMode });
  narrowToOwner(runtimeFile);

  const bus = await startEventBus({ port: busPort, functions, loadHandler, dataDir, eventBusName, log, ...(options.retry ? { retry: options.retry } : {}) });
  const staffApp = options.staffAppDir ? localStaffApp(options.staffAppDir, issuer, live.url) : undefined;
  const gateway = await startHttpGateway({ port: httpPort, functions, loadHandler, verifyToken: issuer.verifyToken, log, ...(staffApp ? { staffApp } : {}) });
  const scheduler = options.schedules ? startScheduler({ functions, loadHandler, log }) : undefined;

  return {
    apiUrl: gateway.url,
    busEndpoint: bus.endpoint,
    sesEndpoint: ses.endpoint,
    secretsManagerEndpoint: secretsManager.endpoint,
    dynamoDbEndpoint,
    tableName,
    eventBusName,
    dataDir,
    issuer,
    bus,
    liveUrl: live.url,
    runJob(name, at, propertyId) {
      const job = scheduledJobs.find((f) => f.name === name);
      if (!job) throw new Error(`no scheduled function ${name}`);
      return invokeScheduled(job, propertyId, at, loadHandler);
    },
    async stop() {
      scheduler?.stop();
      await gateway.stop();
      await ses.stop();
      await bus.stop();
      await live.stop();
      await secretsManager.stop();
      await dynamoDb?.stop();
    },
  };
}

/** The local secrets' names (on AWS the functions are given the secrets' ARNs instead). */
export const localSecretNames = { unsubscribeSigningKey: 'unsubscribe-signing-key', erasedIdentityHashKey: 'erased-identity-hash-key' } as const;

/**
 * A random key per machine, kept with the local data, so it outlives restarts: unsubscribe links stay valid, and
 * erased guests' identity keys stay recognisable.
 */
function localKey(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: privateFileMode, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

const localSignInSchema = z.strictObject({
  role: z.enum(roles),
  propertyId: z.enum(properties.map((p) => p.id) as [string, ...string[]]),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60), z.regex(/^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/)),
});

/**
 * The staff terminals with the local sign-in: whoever opens the app picks a role, a property and a name, and gets a
 * token from the local issuer (what Cognito's managed login does on AWS). Only the local runtime has this.
 */
export function localStaffApp(root: string, issuer: LocalIssuer, liveUrl: string): StaffAppOptions {
  return {
    root,
    config: { signIn: { kind: 'local' }, live: { url: liveUrl } },
    connectSources: [liveUrl],
    async signIn(body) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return { status: 400, body: { error: { code: 'invalid_input', message: 'The body must be JSON', fields: { body: 'must be JSON' } } } };
      }
      // reportInput lets a wrong-typed field be told from a missing one, as the API's validation does.
      const parsed = localSignInSchema.safeParse(json, { reportInput: true });
      if (!parsed.success) {
        return { status: 400, body: { error: { code: 'invalid_input', message: 'Check the sign-in', fields: toFieldErrors(parsed.error.issues) } } };
      }
      const { role, propertyId, name } = parsed.data;
      const token = await issuer.signToken({ role, propertyId, subject: name });
      return { status: 200, body: { token } };
    },
  };
}
