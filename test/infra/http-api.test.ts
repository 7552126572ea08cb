import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { scopesFor } from '#shared/auth/token-claims';
import { functions, type HttpFunction } from '#shared/wiring';
import { externalIdentityProvider, synthesise } from './synthesise.ts';

const app = synthesise();

const routes = functions
  .filter((fn): fn is HttpFunction => fn.trigger === 'http')
  .flatMap((fn) => fn.routes.map((route) => ({ ...route, name: fn.name, routeKey: `${route.method} ${route.path}` })));
const authenticatedRoutes = routes.filter((route) => route.authenticated);
const openRoutes = routes.filter((route) => !route.authenticated);

const findOnlyLogicalId = (type: string, props: object = {}) => {
  const ids = Object.keys(app.stateless.findResources(type, props));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

/** The integration a route sends its requests to. */
const findIntegration = (routeKey: string) => {
  const route = app.stateless.toJSON().Resources[findOnlyLogicalId('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } })];
  const target = JSON.stringify(route.Properties.Target);
  const integrations = Object.entries(app.stateless.findResources('AWS::ApiGatewayV2::Integration'));
  return integrations.find(([id]) => target.includes(`"${id}"`))?.[1];
};

const findRoute = (routeKey: string) =>
  app.stateless.toJSON().Resources[findOnlyLogicalId('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } })].Properties;

describe('HTTP API', () => {
  it.each(authenticatedRoutes.map((route) => route.routeKey))('serves %s only to callers with a valid token', (routeKey) => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: findOnlyLogicalId('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }) },
    });
  });

  it.each(authenticatedRoutes.map((route) => [route.routeKey, route.roles.join(', ') || 'admin only', route] as const))(
    'serves %s only to tokens carrying the scope of a role it allows (%s)',
    (routeKey, _, route) => {
      expect(findRoute(routeKey).AuthorizationScopes).toEqual(scopesFor(route.roles));
    },
  );

  it('keeps guest erasure to administrators', () => {
    expect(findRoute('DELETE /v1/guests/{guestId}').AuthorizationScopes).toEqual(['guest-recognition/admin']);
    expect(findRoute('GET /v1/guests/{guestId}/export').AuthorizationScopes).toEqual(['guest-recognition/admin']);
  });

  it('lets the front desk and administrators, but not the restaurant, check guests in', () => {
    expect(findRoute('POST /v1/check-ins').AuthorizationScopes).toEqual(['guest-recognition/frontdesk', 'guest-recognition/admin']);
  });

  it.each(openRoutes.map((route) => route.routeKey))('serves %s without asking for a token', (routeKey) => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
      AuthorizationScopes: Match.absent(),
    });
  });

  it('leaves open only the health check, the API description and the unsubscribe and survey links, whose signed tokens are the credential', () => {
    expect(openRoutes.map((route) => route.routeKey)).toEqual([
      'GET /v1/health',
      'GET /v1/openapi.json',
      'GET /v1/unsubscribe',
      'POST /v1/unsubscribe',
      'GET /v1/absence-survey',
      'POST /v1/absence-survey',
    ]);
  });

  it.each(routes.map((route) => [route.routeKey, route.name] as const))('hands %s to the %s function', (routeKey, name) => {
    expect(findIntegration(routeKey)?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [app.findFunctionLogicalId(name), 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
  });

  it('accepts bearer tokens signed by the staff user pool for the SRP client and the managed-login client', () => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', app.imported.userPoolId()]] },
        // Cognito access tokens carry no `aud`: API Gateway then matches their `client_id`.
        Audience: [app.imported.terminalClientId(), { Ref: app.terminalsLogicalIds.signInClient }],
      },
    });
  });

  it('throttles the default stage so one runaway terminal cannot starve the others', () => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
  });

  it('logs every request, as JSON, to a log group kept for three months', () => {
    const stage = app.stateless.toJSON().Resources[findOnlyLogicalId('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } })].Properties;
    const logGroup = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(app.stateless.toJSON().Resources[logGroup]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      integrationError: '$context.integrationErrorMessage',
    });
  });

  it('logs which route was called but never the path or query, which name guests, rooms and emails', () => {
    const stage = app.stateless.toJSON().Resources[findOnlyLogicalId('AWS::ApiGatewayV2::Stage', { Properties: { StageName: '$default' } })].Properties;
    const format = stage.AccessLogSettings.Format as string;
    for (const variable of ['$context.path', '$context.querystring', '$context.requestOverride', '$input', '$request', '$context.authorizer.claims']) {
      expect(format).not.toContain(variable);
    }
  });

  it('outputs the URL terminals are configured with', () => {
    const apiId = findOnlyLogicalId('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'HTTP' } });
    const url = app.stateless.findOutputs('ApiUrl').ApiUrl?.Value;
    expect(JSON.stringify(url)).toContain(`{"Ref":"${apiId}"}`);
  });
});

describe('an external identity provider, named in the context', () => {
  const external = synthesise(externalIdentityProvider);

  it('signs the tokens the API accepts, for the audience given', () => {
    external.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: externalIdentityProvider.jwtIssuer, Audience: [externalIdentityProvider.jwtAudience] },
    });
  });

  it('replaces the user pool and its token-claims trigger', () => {
    external.stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(() => external.findFunctionLogicalId('token-claims')).toThrow(/No function/);
  });

  it('must put the role scopes in its tokens: every authenticated route still asks for them', () => {
    const scoped = Object.values(external.stateless.findResources('AWS::ApiGatewayV2::Route', { Properties: { AuthorizationType: 'JWT' } }));
    expect(scoped).toHaveLength(authenticatedRoutes.length);
    for (const route of scoped) {
      expect(route.Properties.AuthorizationScopes).toEqual(expect.arrayContaining(['guest-recognition/admin']));
    }
  });

  it('is refused when its issuer is not served over https', () => {
    expect(() => synthesise({ ...externalIdentityProvider, jwtIssuer: 'http://login.riverside-hotels.test/' })).toThrow(/jwtIssuer/);
  });

  it('is refused with an empty audience', () => {
    expect(() => synthesise({ ...externalIdentityProvider, jwtAudience: ' ' })).toThrow(/jwtAudience/);
  });

  it('is refused when only the issuer or only the audience is given', () => {
    expect(() => synthesise({ jwtIssuer: externalIdentityProvider.jwtIssuer })).toThrow(/jwtIssuer and jwtAudience go together/);
    expect(() => synthesise({ jwtAudience: externalIdentityProvider.jwtAudience })).toThrow(/jwtIssuer and jwtAudience go together/);
  });
});
