/**
 * The functions and how they are reached, built entirely from the declaration in shared/wiring.ts: an HTTP function
 * gets its routes on the API, an event function a rule on its bus, a scheduled function a daily schedule per property
 * in its time zone. Nothing here names a function by hand.
 */
import { CfnOutput, CrossStackReferences, Duration, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { properties } from '#shared/config/properties';
import type { FunctionDeclaration } from '#shared/wiring';
import { BusSubscription, type SubscriptionTrigger } from '#infra/constructs/bus-subscription';
import { GuestApi, type JwtSettings } from '#infra/constructs/guest-api';
import { GuestFunction, type EmailSending } from '#infra/constructs/guest-function';
import { notifyOnEveryAlarm } from '#infra/constructs/alarm-topic';
import { LiveChannel } from '#infra/constructs/live-channel';
import { ServiceMonitoring } from '#infra/constructs/observability';
import { PropertySchedules } from '#infra/constructs/property-schedules';
import { StaffTerminals, type TerminalsSignInSettings } from '#infra/constructs/staff-terminals';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly declarations: readonly FunctionDeclaration[];
  readonly projectRoot: string;
  readonly table: ITable;
  readonly bus: IEventBus;
  /** Everything but the API URL, which this stack creates. */
  readonly email: Omit<EmailSending, 'publicApiUrl'>;
  readonly unsubscribeSigningKey: ISecret;
  readonly erasedIdentityHashKey: ISecret;
  /** The staff user pool's, or an external identity provider's. */
  readonly jwt: JwtSettings;
  readonly terminals: {
    /** The built web app (`web/dist`). */
    readonly assetDirectory: string;
    readonly signIn: TerminalsSignInSettings;
  };
  /** Every alarm of this stack notifies it. */
  readonly alarmTopic: ITopic;
  /** Days the record of who read which guest is kept; the functions' own default (365) if not given. */
  readonly accessLogRetentionDays?: number;
}

export class StatelessStack extends Stack {
  readonly api: GuestApi;
  readonly terminals: StaffTerminals;
  readonly live: LiveChannel;
  /** Keyed by declaration name. */
  readonly functions = new Map<string, GuestFunction>();
  readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Exports and imports: CloudFormation then refuses to delete the table's stack while these functions use it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { table, bus, projectRoot, unsubscribeSigningKey, erasedIdentityHashKey } = props;

    this.api = new GuestApi(this, 'GuestApi', {
      apiName: `${props.stage}-guest-recognition`,
      jwt: props.jwt,
    });
    // The stage URL names only the API, not its routes, so a function that is itself an integration could take it
    // without a dependency cycle; only the campaign functions need it, for the links in their emails.
    const email: EmailSending = { ...props.email, publicApiUrl: this.api.url };
    this.live = new LiveChannel(this, 'LiveChannel', { apiName: `${props.stage}-guest-recognition-live` });
    // The live channel's connect function checks staff tokens itself, against the issuer's published keys.
    const staffTokens = {
      issuer: props.jwt.issuer,
      audiences: this.api.acceptedAudiences,
      jwksUrl: `${props.jwt.issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    };
    // Where AWS services publish: SES bounces and complaints arrive here.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    for (const declaration of props.declarations) {
      // The identity provider calls it, not the API or a bus: it lives with the user pool, in the stateful stack.
      if (declaration.trigger === 'token-claims') continue;
      const timeout = declaration.trigger === 'schedule' ? Duration.seconds(declaration.timeoutSeconds) : undefined;
      const fn = new GuestFunction(this, declaration.name, {
        declaration,
        projectRoot,
        timeout,
        table,
        bus,
        email,
        unsubscribeSigningKey,
        erasedIdentityHashKey,
        live: this.live,
        staffTokens,
        accessLogRetentionDays: props.accessLogRetentionDays,
      });
      this.functions.set(declaration.name, fn);

      switch (declaration.trigger) {
        case 'http':
          this.api.addFunctionRoutes(declaration.name, fn.handler, declaration.routes);
          break;
        case 'event': {
          const trigger: SubscriptionTrigger = {
            bus: declaration.bus === 'guests' ? bus : defaultBus,
            eventPattern: { source: [declaration.source], detailType: [...declaration.detailTypes] },
          };
          new BusSubscription(this, `${declaration.name}-subscription`, {
            trigger,
            description: `${declaration.detailTypes.join(', ')} from ${declaration.source}`,
            target: fn.handler,
          });
          break;
        }
        case 'schedule':
          // EventBridge Scheduler, which evaluates each property's schedule in that property's time zone.
          new PropertySchedules(this, `${declaration.name}-schedules`, { declaration, target: fn.handler, properties });
          break;
        case 'live':
          this.live.addRoute(declaration.route, fn.handler);
          break;
        default:
          throw new Error(`Unknown trigger in ${JSON.stringify(declaration satisfies never)}`);
      }
    }

    // Here rather than with the user pool: the distribution routes /v1/* to this stack's API.
    this.terminals = new StaffTerminals(this, 'StaffTerminals', { api: this.api, liveUrl: this.live.url, ...props.terminals });

    // Last, so it sees every function and dead-letter queue; every alarm here, whoever declares it, notifies the topic.
    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      stage: props.stage,
      functions: props.declarations.flatMap((declaration) => {
        const fn = this.functions.get(declaration.name);
        return fn ? [{ declaration, handler: fn.handler }] : [];
      }),
      api: this.api,
      deadLetterQueues: this.node
        .findAll()
        .filter((construct): construct is Queue => construct instanceof Queue)
        .map((queue) => ({ label: queue.node.scope!.node.id, queue })),
      table,
      configurationSetName: props.email.configurationSet.configurationSetName,
    });
    notifyOnEveryAlarm(this, props.alarmTopic);

    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'The CloudWatch dashboard of this stage' });
    new CfnOutput(this, 'TerminalsUrl', { value: this.terminals.url, description: 'Staff open the terminals here' });
    if (this.terminals.signIn) {
      new CfnOutput(this, 'TerminalsSignInClientId', {
        value: this.terminals.signIn.client.userPoolClientId,
        description: 'The app client the terminals sign in with (managed login, authorization code with PKCE)',
      });
    }
    new CfnOutput(this, 'LiveUrl', { value: this.live.url, description: 'The live channel terminals connect to for notices' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL terminals call, e.g. <ApiUrl>v1/health' });
  }
}
