/**
 * The HTTP API terminals call. Every route requires a JWT from the configured identity provider unless its
 * declaration says otherwise (health; the unsubscribe link, whose signed token is the credential), and the stage
 * is throttled so one runaway terminal cannot starve the rest.
 */
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { HttpRoute } from '#shared/wiring';

export interface GuestApiProps {
  readonly apiName: string;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
}

export class GuestApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly jwtAuthorizer: HttpJwtAuthorizer;
  private readonly noAuthorizer = new HttpNoneAuthorizer();

  constructor(scope: Construct, id: string, props: GuestApiProps) {
    super(scope, id);

    // The default stage is declared here rather than by HttpApi, because HttpApi cannot throttle the one it creates.
    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 200, rateLimit: 100 },
    });

    this.jwtAuthorizer = new HttpJwtAuthorizer('TerminalJwt', props.jwtIssuer, {
      jwtAudience: [props.jwtAudience],
    });
  }

  /** The URL terminals are configured with (ends with a slash). */
  get url(): string {
    return this.stage.url;
  }

  /** Serves the declared routes with one function; one integration is shared by all of its routes. */
  addFunctionRoutes(id: string, handler: IFunction, routes: readonly HttpRoute[]): void {
    const integration = new HttpLambdaIntegration(`${id}-integration`, handler);
    for (const route of routes) {
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.authenticated ? this.jwtAuthorizer : this.noAuthorizer,
      });
    }
  }
}
