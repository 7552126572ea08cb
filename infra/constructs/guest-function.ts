/**
 * The one Lambda construct: every function gets the house defaults from here, and the access its declaration in
 * shared/wiring.ts asks for, each grant paired with the environment variable that names the resource.
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { formatTimeOfDay } from '#shared/domain/daily-schedule';
import { metricsNamespace } from '#shared/metrics';
import { environmentNames, type Access, type FunctionDeclaration } from '#shared/wiring';
import { readDeploymentSettings } from '#infra/settings';
import { accessLogKeys } from '#shared/store/dynamo-access-log';
import type { LiveChannel } from './live-channel.ts';

const tracerModule = '@aws-lambda-powertools/tracer';

/** The bundles' aliases; with `traceAwsCalls` the real Tracer stays, and every AWS call is a subsegment of the trace. */
export function bundleAliases({ traceAwsCalls }: { traceAwsCalls: boolean }): Record<string, string> {
  return Object.fromEntries(Object.entries(bundleSettings.alias).filter(([module]) => !(traceAwsCalls && module === tracerModule)));
}

/** esbuild settings, shared with `npm run bundle-sizes` so the figures it prints are the deployed bundles'. */
export const bundleSettings = {
  target: 'node22',
  // Prefer packages' ESM builds so esbuild can drop what a handler does not use.
  mainFields: ['module', 'main'],
  minify: true,
  // Bundle the AWS SDK too: the deployed code runs the SDK versions the tests ran, not the runtime's.
  externalModules: [] as string[],
  // Some bundled CommonJS dependencies call require() for Node built-ins, which ESM lacks.
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  /**
   * Modules replaced in the bundles only (paths relative to the project root, where the bundler runs); tsx and the
   * tests still load the originals. Each replacement says in its own module why Lambda never needs the original.
   */
  alias: {
    // The SDK's default credential chain (SSO, ini files, processes, web identity, instance metadata, and the STS,
    // SSO and sign-in clients they load): on Lambda the credentials are in the environment, read by `fromEnv` alone.
    '@aws-sdk/credential-provider-node': './shared/aws/lambda-bundle/credential-provider.ts',
    // Endpoint discovery's cache, which no DynamoDB command of this SDK version reads.
    '@aws-sdk/middleware-endpoint-discovery': './shared/aws/lambda-bundle/endpoint-discovery.ts',
    // Event-stream serde, loaded lazily for operations none of the functions' clients has.
    '@smithy/core/event-streams': './shared/aws/lambda-bundle/event-streams.ts',
    // The SESv2 client with SendEmail's schemas alone: the SDK's module of all SESv2 schemas is about 47 KB.
    '@aws-sdk/client-sesv2': './shared/aws/lambda-bundle/client-sesv2.js',
    // The checksums: only SigV4's SHA-256 is used, and on Node it is node:crypto's, never the JavaScript fallback.
    '@smithy/core/checksum': './shared/aws/lambda-bundle/checksum.ts',
    // Powertools Tracer and the X-Ray SDK (about 120 KB): a no-op unless deployed with `-c traceAwsCalls=true`.
    [tracerModule]: './shared/aws/lambda-bundle/no-tracer.ts',
  } as Record<string, string>,
} as const;

const pinnedRuntime =
  'Node.js 22 is the runtime the project targets and tests against (esbuild target node22); it moves to a newer runtime deliberately, in one change with its tests, not whenever CDK learns of one';

/** What a function that may send email is allowed to send from, and told. */
export interface EmailSending {
  /** Verified identities keyed by sender address: the only addresses mail may come from. */
  readonly senderIdentities: ReadonlyMap<string, IEmailIdentity>;
  readonly configurationSet: IConfigurationSet;
  /** Emails per second (the account's SES quota). */
  readonly maxSendRate: number;
  /** Base URL of the HTTP API, for the unsubscribe links in the emails. */
  readonly publicApiUrl: string;
}

/**
 * What a declaration's access can be granted on. A stack passes what it has; a declaration asking for something
 * its stack did not pass fails the synth.
 */
export interface GrantableResources {
  readonly table?: ITable;
  readonly bus?: IEventBus;
  readonly email?: EmailSending;
  readonly unsubscribeSigningKey?: ISecret;
  readonly erasedIdentityHashKey?: ISecret;
  readonly live?: LiveChannel;
  /** How long the access records a function writes are kept (ACCESS_LOG_RETENTION_DAYS; the function's default otherwise). */
  readonly accessLogRetentionDays?: number;
  /** Whose tokens a function that checks staff tokens itself (the live channel's connect) accepts. */
  readonly staffTokens?: { readonly issuer: string; readonly audiences: string; readonly jwksUrl: string };
}

export interface GuestFunctionProps extends GrantableResources {
  readonly declaration: FunctionDeclaration;
  /** Where package-lock.json lives; declaration entries are relative to it. */
  readonly projectRoot: string;
  /** Defaults to 10 s: an HTTP answer or one recorded event takes well under a second. */
  readonly timeout?: Duration;
}

export class GuestFunction extends Construct {
  readonly handler: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: GuestFunctionProps) {
    super(scope, id);
    const { declaration, projectRoot } = props;
    const settings = readDeploymentSettings(this.node);

    // An explicit log group, so retention applies from the first invocation and the logs go with the stack.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of its own rather than AWSLambdaBasicExecutionRole, which may write to every log group in the account:
    // this one writes to the function's own group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${declaration.name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: path.join(projectRoot, declaration.entry),
      handler: 'handler',
      description: describeTrigger(declaration),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      role: this.role,
      // Every invocation is traced; with `-c traceAwsCalls=true` each AWS call too (DynamoDB, EventBridge, SES time).
      tracing: Tracing.ACTIVE,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      // The source maps are always in the asset; Node loads them only when asked (`-c sourceMapsAtStart=true`, see
      // infra/settings.ts), since parsing them adds to every cold start. Then stack traces point at the TypeScript
      // source instead of the minified bundle.
      environment: {
        ...(settings.sourceMapsAtStart ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        ...observabilityEnvironment(declaration.name, settings),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: bundleSettings.target,
        mainFields: [...bundleSettings.mainFields],
        minify: bundleSettings.minify,
        sourceMap: true,
        // Maps only need file and line; leaving the sources out keeps cold starts small.
        sourcesContent: false,
        externalModules: [...bundleSettings.externalModules],
        banner: bundleSettings.banner,
        // `--alias:<module>=<replacement>`, run from the project root.
        esbuildArgs: { '--alias': Object.entries(bundleAliases(settings)).map(([module, replacement]) => `${module}=${replacement}`) },
      },
    });

    for (const access of declaration.access) {
      this.grant(access, props);
    }
    this.acknowledgeHouseDefaults(declaration);
  }

  /** Grants the table and names it in TABLE_NAME: one call, so a function never gets one without the other. */
  bindTable(table: ITable, mode: 'read' | 'write'): void {
    // With a customer-managed key, these grants include the key use the data access needs.
    if (mode === 'read') {
      table.grantReadData(this.handler);
    } else {
      table.grantWriteData(this.handler);
    }
    this.handler.addEnvironment(environmentNames.tableName, table.tableName);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${describeIndexWildcard(this, table)}]`,
      reason: 'The indexes of the one guest table (its ARN + /index/*), each serving a query the functions run; no other table is reachable',
    });
    if (table.encryptionKey && mode === 'write') {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${action} on the guest table's own key only: what DynamoDB needs to encrypt the items this function writes`,
        });
      }
    }
  }

  /**
   * Lets a function that reads guest data record who read it: PutItem and BatchWriteItem on the access log's
   * partitions only (`dynamodb:LeadingKeys`), so it still cannot write guest data. Names the table in TABLE_NAME.
   */
  bindAccessLog(table: ITable, retentionDays?: number): void {
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${accessLogKeys.partitionPrefix}*`] } },
      }),
    );
    // With a customer-managed key, the records it writes must be encrypted with it.
    table.encryptionKey?.grant(this.handler, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*');
    if (table.encryptionKey) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${action} on the guest table's own key only: what DynamoDB needs to encrypt the access records this function writes`,
        });
      }
    }
    this.handler.addEnvironment(environmentNames.tableName, table.tableName);
    if (retentionDays !== undefined) this.handler.addEnvironment(environmentNames.accessLogRetentionDays, String(retentionDays));
  }

  /** Grants PutEvents on the bus and names it in EVENT_BUS_NAME. */
  bindBus(bus: IEventBus): void {
    bus.grantPutEventsTo(this.handler);
    this.handler.addEnvironment(environmentNames.eventBusName, bus.eventBusName);
  }

  /**
   * Allows SendEmail from the property identities only, through the configuration set (SES authorises a send
   * against both), and tells the function the set, the send rate and where unsubscribe links point.
   */
  bindEmailSending({ senderIdentities, configurationSet, maxSendRate, publicApiUrl }: EmailSending): void {
    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });
    this.handler.addToRolePolicy(
      new PolicyStatement({
        // SESv2 SendEmail (simple content with the List-Unsubscribe headers) is authorised as ses:SendEmail.
        actions: ['ses:SendEmail'],
        resources: [...[...senderIdentities.values()].map((identity) => identity.emailIdentityArn), configurationSetArn],
        // The From address is pinned as well, so granting a whole domain identity later still cannot widen it.
        conditions: { StringEquals: { 'ses:FromAddress': [...senderIdentities.keys()] } },
      }),
    );
    this.handler.addEnvironment(environmentNames.sesConfigurationSet, configurationSet.configurationSetName);
    this.handler.addEnvironment(environmentNames.sesMaxSendRate, String(maxSendRate));
    this.handler.addEnvironment(environmentNames.publicApiUrl, publicApiUrl);
  }

  /**
   * Lets the function read a key (the unsubscribe signing key, the erased-identity hash key) from its secret, and
   * names the secret's ARN in the variable. The key itself is never in the function's configuration, the template
   * or the cloud assembly: the function reads it at run time and caches it for a few minutes (shared/aws/runtime.ts),
   * so whoever may read the function's configuration still cannot read the key.
   */
  bindSecret(variable: string, secret: ISecret): void {
    secret.grantRead(this.handler);
    this.handler.addEnvironment(variable, secret.secretArn);
  }

  private grant(
    access: Access,
    { declaration, table, bus, email, unsubscribeSigningKey, erasedIdentityHashKey, live, staffTokens, accessLogRetentionDays }: GuestFunctionProps,
  ): void {
    const required = <T>(resource: T | undefined): T => {
      if (resource === undefined) throw new Error(`${declaration.name} asks for ${access}, which its stack does not provide`);
      return resource;
    };
    switch (access) {
      case 'table:read':
        this.bindTable(required(table), 'read');
        return;
      case 'table:write':
        this.bindTable(required(table), 'write');
        return;
      case 'access-log:write':
        this.bindAccessLog(required(table), accessLogRetentionDays);
        return;
      case 'bus:put':
        this.bindBus(required(bus));
        return;
      case 'email:send':
        this.bindEmailSending(required(email));
        return;
      case 'unsubscribe-key':
        this.bindSecret(environmentNames.unsubscribeSigningKey, required(unsubscribeSigningKey));
        return;
      case 'erased-identity-key':
        this.bindSecret(environmentNames.erasedIdentityHashKey, required(erasedIdentityHashKey));
        return;
      case 'live:push':
        required(live).grantPush(this.role);
        this.handler.addEnvironment(environmentNames.liveCallbackUrl, required(live).callbackUrl);
        return;
      case 'token:verify': {
        const { issuer, audiences, jwksUrl } = required(staffTokens);
        this.handler.addEnvironment(environmentNames.jwtIssuer, issuer);
        this.handler.addEnvironment(environmentNames.jwtAudiences, audiences);
        this.handler.addEnvironment(environmentNames.jwtJwksUrl, jwksUrl);
        return;
      }
      default:
        throw new Error(`Unknown access "${access satisfies never}"`);
    }
  }

  /** The cdk-nag findings every function raises by design, each with the reason it stands. */
  private acknowledgeHouseDefaults(declaration: FunctionDeclaration): void {
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
    });
    Validations.of(this.handler).acknowledge(
      { id: 'AwsSolutions-L1', reason: pinnedRuntime },
      { id: 'Serverless-LambdaLatestVersion', reason: pinnedRuntime },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          declaration.trigger === 'event' || declaration.trigger === 'schedule'
            ? 'Failed asynchronous invocations go to the dead-letter queue of its subscription (or of its schedules) through an on-failure destination, which, unlike a DLQ, keeps the error with the event'
            : 'Invoked synchronously (API Gateway, its WebSocket routes, Cognito): a failure is answered to the caller, there is no asynchronous event to park',
      },
    );
  }
}

/**
 * Powertools' settings: the service name every log line and metric carries (the function's name in the wiring), the
 * log level (`-c logLevel`, INFO by default; or change it on one function in the console, no deploy needed), and no
 * traced responses or errors in trace metadata (they may hold guest data).
 */
export function observabilityEnvironment(
  functionName: string,
  { traceAwsCalls, logLevel }: { readonly traceAwsCalls: boolean; readonly logLevel: string },
): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: functionName,
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
    POWERTOOLS_TRACE_ENABLED: String(traceAwsCalls),
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
  };
}

/** What the console shows next to the function: what triggers it. */
function describeTrigger(declaration: FunctionDeclaration): string {
  switch (declaration.trigger) {
    case 'http':
      return declaration.routes.map((route) => `${route.method} ${route.path}`).join(', ');
    case 'event':
      return `Handles ${declaration.detailTypes.join(', ')} from ${declaration.source}`;
    case 'schedule':
      return `Runs daily at ${formatTimeOfDay(declaration.dailyAtLocal)} in each property's time zone, for that property`;
    case 'token-claims':
      return 'Puts the role, property and scope into the tokens the staff user pool issues';
    case 'live':
      return `Live channel ${declaration.route}`;
  }
}

/**
 * The index wildcard of a table's grants as cdk-nag spells it: the template's `Fn::Join` flattened, an import
 * standing for its export's name. A table in another stack reaches this one through the export of its ARN that
 * CDK creates for the grant; `exportValue` names that same export.
 */
function describeIndexWildcard(scope: Construct, table: ITable): string {
  const tableStack = Stack.of(table);
  if (tableStack === Stack.of(scope)) {
    const [logicalId] = (tableStack.resolve(table.tableArn) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    return `<${logicalId}.Arn>/index/*`;
  }
  const imported = tableStack.resolve(tableStack.exportValue(table.tableArn)) as { 'Fn::ImportValue': string };
  return `${imported['Fn::ImportValue']}/index/*`;
}
