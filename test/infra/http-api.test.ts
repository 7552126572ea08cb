import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { functions, type HttpFunction } from '#shared/wiring';
import { identityProvider, synthesise } from './synthesise.ts';

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

describe('HTTP API', () => {
  it.each(authenticatedRoutes.map((route) => route.routeKey))('serves %s only to callers with a valid token', (routeKey) => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: findOnlyLogicalId('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }) },
    });
  });

  it.each(openRoutes.map((route) => route.routeKey))('serves %s without asking for a token', (routeKey) => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    });
  });

  it('leaves open only the health check and the unsubscribe link, whose signed token is the credential', () => {
    expect(openRoutes.map((route) => route.routeKey)).toEqual(['GET /v1/health', 'GET /v1/unsubscribe', 'POST /v1/unsubscribe']);
  });

  it.each(routes.map((route) => [route.routeKey, route.name] as const))('hands %s to the %s function', (routeKey, name) => {
    expect(findIntegration(routeKey)?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [app.findFunctionLogicalId(name), 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
  });

  it('accepts bearer tokens from the issuer and for the audience given in the context', () => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: identityProvider.issuer, Audience: [identityProvider.audience] },
    });
  });

  it('throttles the default stage so one runaway terminal cannot starve the others', () => {
    app.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
  });

  it('outputs the URL terminals are configured with', () => {
    const apiId = findOnlyLogicalId('AWS::ApiGatewayV2::Api');
    const url = app.stateless.findOutputs('ApiUrl').ApiUrl?.Value;
    expect(JSON.stringify(url)).toContain(`{"Ref":"${apiId}"}`);
  });
});

describe('identity provider settings', () => {
  it('refuse an issuer not served over https', () => {
    expect(() => synthesise({ jwtIssuer: 'http://login.riverside-hotels.test/' })).toThrow(/jwtIssuer/);
  });

  it('refuse an empty audience', () => {
    expect(() => synthesise({ jwtAudience: ' ' })).toThrow(/jwtAudience/);
  });
});
