/**
 * The one Lambda construct: every function gets the house defaults from here, and the access its declaration in
 * shared/wiring.ts asks for, each grant paired with the environment variable that names the resource.
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { environmentNames, type Access, type FunctionDeclaration } from '#shared/wiring';

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
} as const;

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

export interface GuestFunctionProps {
  readonly declaration: FunctionDeclaration;
  /** Where package-lock.json lives; declaration entries are relative to it. */
  readonly projectRoot: string;
  /** Defaults to 10 s: an HTTP answer or one recorded event takes well under a second. */
  readonly timeout?: Duration;
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly email: EmailSending;
  readonly unsubscribeSigningKey: ISecret;
}

export class GuestFunction extends Construct {
  readonly handler: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: GuestFunctionProps) {
    super(scope, id);
    const { declaration, projectRoot } = props;

    // An explicit log group, so retention applies from the first invocation and the logs go with the stack.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: path.join(projectRoot, declaration.entry),
      handler: 'handler',
      description: describeTrigger(declaration),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      environment: {
        // Stack traces point at the TypeScript source instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
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
      },
    });

    for (const access of declaration.access) {
      this.grant(access, props);
    }
  }

  /** Grants the table and names it in TABLE_NAME: one call, so a function never gets one without the other. */
  bindTable(table: ITable, mode: 'read' | 'write'): void {
    if (mode === 'read') {
      table.grantReadData(this.handler);
    } else {
      table.grantWriteData(this.handler);
    }
    this.handler.addEnvironment(environmentNames.tableName, table.tableName);
  }

  /** Grants PutEvents on the bus and names it in EVENT_BUS_NAME. */
  bindBus(bus: IEventBus): void {
    bus.grantPutEventsTo(this.handler);
    this.handler.addEnvironment(environmentNames.eventBusName, bus.eventBusName);
  }

  /**
   * Allows SendRawEmail from the property identities only, through the configuration set (SES authorises a send
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
        // Raw MIME only: the List-Unsubscribe headers must go out as built.
        actions: ['ses:SendRawEmail'],
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
   * Passes the unsubscribe signing key in UNSUBSCRIBE_SIGNING_KEY. `unsafeUnwrap` renders a CloudFormation dynamic
   * reference (`{{resolve:secretsmanager:...}}`): CloudFormation resolves it at deploy time, so the key is never
   * written into the template or the cloud assembly. It is passed as a value rather than fetched at run time
   * because the key must be readable synchronously at cold start by the same code that runs locally, where there
   * is no Secrets Manager. The function needs no secretsmanager permission; the key sits in its configuration,
   * encrypted at rest, readable by whoever may read that configuration.
   */
  bindUnsubscribeKey(secret: ISecret): void {
    this.handler.addEnvironment(environmentNames.unsubscribeSigningKey, secret.secretValue.unsafeUnwrap());
  }

  private grant(access: Access, { table, bus, email, unsubscribeSigningKey }: GuestFunctionProps): void {
    switch (access) {
      case 'table:read':
        return this.bindTable(table, 'read');
      case 'table:write':
        return this.bindTable(table, 'write');
      case 'bus:put':
        return this.bindBus(bus);
      case 'email:send':
        return this.bindEmailSending(email);
      case 'unsubscribe-key':
        return this.bindUnsubscribeKey(unsubscribeSigningKey);
      default:
        throw new Error(`Unknown access "${access satisfies never}"`);
    }
  }
}

/** What the console shows next to the function: what triggers it. */
function describeTrigger(declaration: FunctionDeclaration): string {
  switch (declaration.trigger) {
    case 'http':
      return declaration.routes.map((route) => `${route.method} ${route.path}`).join(', ');
    case 'event':
      return `Handles ${declaration.detailTypes.join(', ')} from ${declaration.source}`;
    case 'schedule':
      return `Runs daily at ${formatUtcTime(declaration.dailyAtUtc)}`;
  }
}

/** `02:30 UTC` */
export function formatUtcTime({ hour, minute }: { readonly hour: number; readonly minute: number }): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} UTC`;
}
