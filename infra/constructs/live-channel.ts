/**
 * The live channel (API Gateway WebSocket API): restaurant terminals keep a connection open for their outlet, and
 * the notices the floor sends ("Mr. Yu, room 1203, is coming down") are pushed down it. WebSocket API rather than
 * AppSync Events: the same Lambda functions, tokens and DynamoDB table as the rest of the system, a connection
 * management API the local runtime can serve on the same wire protocol, and nothing per month when no one listens.
 * Its routes come from the wiring's `live` declarations.
 */
import { RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { LiveFunction } from '#shared/wiring';

/** One line per connection event; the query (which carries the token) is never logged. */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  eventType: '$context.eventType',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  sourceIp: '$context.identity.sourceIp',
} as const;

export class LiveChannel extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: { readonly apiName: string }) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new WebSocketApi(this, 'Api', { apiName: props.apiName, description: 'Live notices to the staff terminals of an outlet' });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: 'live',
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: AccessLogFormat.custom(JSON.stringify(accessLogFields)) },
    });
  }

  /** The connect function checks the token itself (from the query: browsers cannot set headers on a WebSocket). */
  addRoute(route: LiveFunction['route'], handler: IFunction): void {
    const added = this.api.addRoute(route, { integration: new WebSocketLambdaIntegration(`${route.slice(1)}-integration`, handler) });
    Validations.of(added).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        route === '$connect'
          ? "The connect function is the authorizer: it checks the staff token from the query (signature against the issuer's keys, issuer, audience, expiry, then role and property) and answers 401/403 before anything is stored, which refuses the connection"
          : 'A disconnect is sent by API Gateway itself when a connection closes; it carries no request from a client to authorize',
    });
  }

  /** What terminals connect to: `wss://…/live`. */
  get url(): string {
    return this.stage.url;
  }

  /** Where a function pushes to a connection (`POST @connections/{id}`). */
  get callbackUrl(): string {
    return this.stage.callbackUrl;
  }

  grantPush(grantee: IGrantable & IConstruct): void {
    this.api.grantManageConnections(grantee);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${Stack.of(this).getLogicalId(this.api.node.defaultChild as CfnElement)}>/*/*/@connections/*]`,
      reason: "Connection ids exist only at run time, one per open terminal: the grant is to this API's connections and nothing else",
    });
  }
}
