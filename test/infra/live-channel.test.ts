import { describe, expect, it } from 'vitest';
import { environmentNames, functions } from '#shared/wiring';
import { listAllowedActions, synthesise } from './synthesise.ts';

const app = synthesise();
const resources = () => app.stateless.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const webSocketApiId = () => Object.keys(app.stateless.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'WEBSOCKET' } }))[0]!;

describe('the live channel', () => {
  it('is a WebSocket API whose connect and disconnect routes reach the functions the wiring declares for them', () => {
    for (const declaration of functions.filter((f) => f.trigger === 'live')) {
      const [route] = Object.values(resources()).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === declaration.route);
      expect(route?.Properties.ApiId).toEqual({ Ref: webSocketApiId() });
      const integration = resources()[route!.Properties.Target['Fn::Join'][1][1].Ref]!;
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(app.findFunctionLogicalId(declaration.name));
    }
  });

  it('lets only the function that passes notices on push to connections, and tells it where', () => {
    const pushers = functions.filter((fn) =>
      listAllowedActions(app.findPolicyStatements(fn.name)).some(({ action }) => action === 'execute-api:ManageConnections'),
    );
    expect(pushers.map((fn) => fn.name)).toEqual(['pass-on-coming-down']);
    expect(JSON.stringify(app.readFunctionProperties('pass-on-coming-down').Environment.Variables[environmentNames.liveCallbackUrl])).toContain(
      webSocketApiId(),
    );
  });

  it("tells the connect function whose tokens to accept: the API authorizer's issuer and audiences", () => {
    const variables = app.readFunctionProperties('live-connect').Environment.Variables;
    const authorizer = Object.values(resources()).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer' && r.Properties.AuthorizerType === 'JWT')!;
    expect(variables[environmentNames.jwtIssuer]).toEqual(authorizer.Properties.JwtConfiguration.Issuer);
    const audiences = JSON.stringify(variables[environmentNames.jwtAudiences]);
    for (const audience of authorizer.Properties.JwtConfiguration.Audience) expect(audiences).toContain(JSON.stringify(audience));
    expect(JSON.stringify(variables[environmentNames.jwtJwksUrl])).toContain('/.well-known/jwks.json');
  });

  it('logs connection events without their query, which carries the token', () => {
    const stage = Object.values(resources()).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Stage' && JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: webSocketApiId() }),
    )!;
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(JSON.parse(format)).toMatchObject({ routeKey: '$context.routeKey', connectionId: '$context.connectionId' });
    expect(format).not.toMatch(/querystring|\$request/);
  });

  it('outputs the URL terminals connect to', () => {
    expect(JSON.stringify(app.stateless.findOutputs('LiveUrl').LiveUrl?.Value)).toContain(webSocketApiId());
  });
});
