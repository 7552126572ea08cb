/**
 * The HTTP API terminals call. Every route requires a JWT from the configured identity provider, carrying one of
 * the scopes of the roles the route's declaration allows, unless the declaration says otherwise (health; the
 * unsubscribe link, whose signed token is the credential). The stage is throttled so one runaway terminal cannot
 * starve the rest, and logs each request without anything that names a guest.
 */
import { Fn, Lazy, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { scopesFor } from '#shared/auth/token-claims';
import type { HttpRoute } from '#shared/wiring';

/** The tokens the API accepts: who signs them and for whom. */
export interface JwtSettings {
  readonly issuer: string;
  /** Matched against `aud`, or `client_id` in tokens without one (Cognito access tokens). */
  readonly audience: string;
}

export interface GuestApiProps {
  readonly apiName: string;
  readonly jwt: JwtSettings;
}

/**
 * One JSON line per request. Paths and query strings are left out on purpose: paths carry guest ids and room
 * numbers, queries may carry an email. The route key (`GET /v1/guests/{guestId}/recognition`) says which route
 * without saying which guest. The source IP is kept: it is how abuse (a stolen token, guessing at the open
 * routes) is traced and blocked, a legitimate interest in network security (GDPR recital 49); the retention below
 * bounds how long it is kept. No header, body, or token claim is logged.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
  sourceIp: '$context.identity.sourceIp',
} as const;

export class GuestApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  private readonly jwtAuthorizer: HttpJwtAuthorizer;
  private readonly noAuthorizer = new HttpNoneAuthorizer();
  /** The `aud` / `client_id` values the authorizer accepts: the configured one, and app clients added later. */
  private readonly audiences: string[];

  constructor(scope: Construct, id: string, props: GuestApiProps) {
    super(scope, id);

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      // Long enough to investigate an incident reported weeks later; short enough not to become an archive.
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The default stage is declared here rather than by HttpApi, because HttpApi cannot throttle the one it creates.
    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 200, rateLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    this.audiences = [props.jwt.audience];
    this.jwtAuthorizer = new HttpJwtAuthorizer('TerminalJwt', props.jwt.issuer, {
      // Read at synthesis, so an app client created after the API (the staff terminals', which needs the
      // distribution in front of this API for its callback URL) can still be added.
      jwtAudience: Lazy.list({ produce: () => this.audiences }),
    });
  }

  /** The audiences the authorizer accepts, comma-separated (resolved at synthesis, with every client added). */
  get acceptedAudiences(): string {
    return Lazy.string({ produce: () => this.audiences.join(',') });
  }

  /** Accepts the issuer's tokens for another app client too. */
  acceptTokensFor(audience: string): void {
    this.audiences.push(audience);
  }

  /** The API's host name, for a CloudFront origin: `<api-id>.execute-api.<region>.amazonaws.com`. */
  get domainName(): string {
    return Fn.select(2, Fn.split('/', this.api.apiEndpoint));
  }

  /** The URL terminals are configured with (ends with a slash). */
  get url(): string {
    return this.stage.url;
  }

  /** Serves the declared routes with one function; one integration is shared by all of its routes. */
  addFunctionRoutes(id: string, handler: IFunction, routes: readonly HttpRoute[]): void {
    const integration = new HttpLambdaIntegration(`${id}-integration`, handler);
    for (const route of routes) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.authenticated
          ? // API Gateway lets a request through when its token carries any one of these scopes.
            { authorizer: this.jwtAuthorizer, authorizationScopes: scopesFor(route.roles) }
          : { authorizer: this.noAuthorizer }),
      });
      if (!route.authenticated) {
        Validations.of(added!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is declared open: no token is needed (health check; the API's own description, which holds no guest data; unsubscribe link, whose signed token is the credential)`,
        });
      }
    }
  }
}
