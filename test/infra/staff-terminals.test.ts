import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { roles } from '#shared/http/caller';
import { scopeOf } from '#shared/auth/token-claims';
import { createApp } from '#infra/app';
import { externalIdentityProvider, synthesise, terminalsBuild } from './synthesise.ts';

const app = synthesise();
const ids = app.terminalsLogicalIds;
const resources = () => app.stateless.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
const distributionConfig = () => resources()[ids.distribution]!.Properties.DistributionConfig;
const apiBehaviour = () =>
  (distributionConfig().CacheBehaviors as ({ PathPattern: string; TargetOriginId: string } & Record<string, any>)[]).find(
    (behaviour) => behaviour.PathPattern === '/v1/*',
  )!;
const originOf = (behaviour: { TargetOriginId: string }) =>
  (distributionConfig().Origins as { Id: string }[]).find((origin) => origin.Id === behaviour.TargetOriginId) as Record<string, any>;
const distributionUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, '/']] };
const signInClient = () => resources()[ids.signInClient!]!.Properties;

const findDeployment = (built: ReturnType<typeof synthesise>, id: string) => {
  const found = Object.entries(built.stateless.findResources('Custom::CDKBucketDeployment')).find(([logicalId]) => logicalId.includes(id));
  if (!found) throw new Error(`No ${id} deployment`);
  return { logicalId: found[0], properties: found[1].Properties as Record<string, any> };
};

/** config.json as the deployment will write it, with the template's values in place of CDK's markers. */
const readDeployedConfig = (built: ReturnType<typeof synthesise>) => {
  const { properties } = findDeployment(built, 'RevalidatedFiles');
  const index = (properties.SourceMarkers as object[]).findIndex((markers) => Object.keys(markers).length > 0);
  const asset = join(built.cdkApp.outdir, `asset.${(properties.SourceObjectKeys[index] as string).replace(/\.zip$/, '')}`, 'config.json');
  let text = readFileSync(asset, 'utf8');
  for (const [marker, value] of Object.entries(properties.SourceMarkers[index] as Record<string, unknown>)) {
    text = text.replaceAll(marker, JSON.stringify(value).replaceAll('"', "'"));
  }
  return JSON.parse(text) as unknown;
};

/** The live channel's WebSocket API, and its URL as config.json carries it (CDK's markers replaced). */
const liveApiId = (built: ReturnType<typeof synthesise>) =>
  Object.keys(built.stateless.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'WEBSOCKET' } }))[0]!;
const liveUrlOf = (built: ReturnType<typeof synthesise>) =>
  `wss://{'Ref':'${liveApiId(built)}'}.execute-api.{'Ref':'AWS::Region'}.{'Ref':'AWS::URLSuffix'}/live`;

/** Runs the app-routes CloudFront Function on a request for `uri`, as CloudFront would. */
const routeRequest = (uri: string) => {
  const code = resources()[ids.appRoutesFunction]!.Properties.FunctionCode as string;
  const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  return handler({ request: { uri } }).uri;
};

describe("the terminals' bucket", () => {
  it('blocks all public access, encrypts at rest and refuses plain HTTP', () => {
    const bucket = resources()[ids.bucket]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    app.stateless.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('is read by this distribution alone, through origin access control rather than a legacy identity', () => {
    const [policy] = Object.values(app.stateless.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: ids.bucket } } }));
    const cloudFrontReads = (policy!.Properties.PolicyDocument.Statement as Record<string, any>[]).filter(
      (statement) => statement.Principal?.Service === 'cloudfront.amazonaws.com',
    );
    expect(cloudFrontReads).toHaveLength(1);
    expect(cloudFrontReads[0]).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
    expect(JSON.stringify(cloudFrontReads[0]!.Condition.StringEquals['AWS:SourceArn'])).toContain(`{"Ref":"${ids.distribution}"}`);

    const bucketOrigin = originOf(distributionConfig().DefaultCacheBehavior);
    expect(bucketOrigin.DomainName).toEqual({ 'Fn::GetAtt': [ids.bucket, 'RegionalDomainName'] });
    expect(bucketOrigin.OriginAccessControlId).toBeDefined();
    expect(bucketOrigin.S3OriginConfig.OriginAccessIdentity).toBe('');
    app.stateless.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });
});

describe("the terminals' distribution", () => {
  it('routes /v1/* to the HTTP API, every method, uncached, with the Authorization header and query strings', () => {
    expect(apiBehaviour()).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      // With caching disabled, all viewer headers (Authorization included) and the query string reach the API;
      // the Host header stays the API's own.
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(originOf(apiBehaviour())).toMatchObject({
      DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.stringMatching(/^GuestApi/), 'ApiEndpoint'] }] }] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it("serves the app's files by default, over HTTPS", () => {
    expect(distributionConfig()).toMatchObject({ DefaultRootObject: 'index.html' });
    expect(distributionConfig().DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
  });

  it("answers the app's routes with index.html on the default behaviour only, so the API's 404s stay JSON", () => {
    expect(distributionConfig().DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [ids.appRoutesFunction, 'FunctionARN'] } },
    ]);
    expect(apiBehaviour().FunctionAssociations).toBeUndefined();
    // Distribution-wide error pages would turn the API's 404s and 403s into index.html as well.
    expect(distributionConfig().CustomErrorResponses).toBeUndefined();
  });

  it.each([
    ['/', '/index.html'],
    ['/restaurant/breakfast', '/index.html'],
    ['/front-desk/guests/g-123/', '/index.html'],
    ['/index.html', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/app-7QK2M4ZD.js', '/assets/app-7QK2M4ZD.js'],
  ])('hands a request for %s to the bucket as %s', (uri, expected) => {
    expect(routeRequest(uri)).toBe(expected);
  });

  it('sends HSTS, nosniff and frame denial, and a CSP of self plus the sign-in domain and the live channel', () => {
    const behaviour = distributionConfig().DefaultCacheBehavior;
    const policy = resources()[behaviour.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(policy).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
    const csp = JSON.stringify(policy.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' https://");
    expect(csp).toContain(JSON.stringify(app.imported.signInDomain()));
    expect(csp).toContain('.amazoncognito.com wss://');
    expect(csp).toContain(JSON.stringify({ Ref: liveApiId(app) }));
    expect(csp).toContain('/live;');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("sends the same transport headers with the API's answers, without the app's CSP", () => {
    const policy = resources()[apiBehaviour().ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(policy).toMatchObject({
      StrictTransportSecurity: { Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
    });
    expect(policy.ContentSecurityPolicy).toBeUndefined();
  });

  it('outputs the URL staff open', () => {
    app.stateless.hasOutput('TerminalsUrl', { Value: distributionUrl });
  });
});

describe("the terminals' files", () => {
  it('writes a config.json telling the app to sign in with managed login, for this client and this distribution', () => {
    expect(readDeployedConfig(app)).toEqual({
      signIn: {
        kind: 'cognito',
        domain: `https://{'Fn::ImportValue':'${app.imported.signInDomain()['Fn::ImportValue']}'}.auth.{'Ref':'AWS::Region'}.amazoncognito.com`,
        clientId: `{'Ref':'${ids.signInClient}'}`,
        redirectUri: `https://{'Fn::GetAtt':['${ids.distribution}','DomainName']}/`,
      },
      live: { url: liveUrlOf(app) },
    });
  });

  it("has browsers revalidate index.html, config.json and unhashed files on every load, and invalidates CloudFront's copies", () => {
    const { properties } = findDeployment(app, 'RevalidatedFiles');
    expect(properties).toMatchObject({
      SystemMetadata: { 'cache-control': 'no-cache' },
      Exclude: [terminalsBuild.hashedBundle],
      DistributionId: { Ref: ids.distribution },
      DistributionPaths: ['/*'],
      DestinationBucketName: { Ref: ids.bucket },
    });
    expect(properties.Include).toBeUndefined();
  });

  it('lets browsers keep hashed files for a year, and uploads them before the index.html that names them', () => {
    const hashed = findDeployment(app, 'HashedFiles');
    expect(hashed.properties).toMatchObject({
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Exclude: ['*'],
      Include: [terminalsBuild.hashedBundle],
      // Kept across deploys: a terminal still running the previous index.html can load what it names.
      Prune: false,
    });
    expect(resources()[findDeployment(app, 'RevalidatedFiles').logicalId]!.DependsOn).toContain(hashed.logicalId);
  });

  it('refuses to synthesise before the terminals are built', () => {
    expect(() => createApp({ 'aws:cdk:bundling-stacks': [] }, {}, { terminalsDirectory: join(terminalsBuild.directory, 'missing') })).toThrow(
      'build the staff terminals first: npm run build:web',
    );
    expect(existsSync(join(terminalsBuild.directory, 'index.html'))).toBe(true);
  });
});

describe('managed login for the terminals', () => {
  it('serves the newer managed login on a Cognito prefix domain named after the stage and account', () => {
    app.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['guest-recognition-test-', { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: app.userPoolLogicalId },
    });
  });

  it('refuses a stage Cognito would refuse in the domain', () => {
    expect(() => synthesise({ stage: 'laws' })).toThrow(/contains "aws"/);
  });

  it('gives the terminals a public client: the authorization code grant only, no secret (PKCE instead)', () => {
    expect(signInClient()).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      UserPoolId: app.imported.userPoolId(),
    });
    expect(signInClient().ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('allows only openid, so no user can ask for a role scope; the token-claims function adds their own', () => {
    expect(signInClient().AllowedOAuthScopes).toEqual(['openid']);
    for (const role of roles) expect(signInClient().AllowedOAuthScopes).not.toContain(scopeOf(role));
  });

  it('sends codes back only to the distribution, and signs out to it', () => {
    expect(signInClient()).toMatchObject({ CallbackURLs: [distributionUrl], LogoutURLs: [distributionUrl] });
  });

  it("also accepts a developer's http://localhost:3000/ when the context asks for it", () => {
    const local = synthesise({ terminalsLocalSignIn: 'true' });
    local.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: [Match.anyValue(), 'http://localhost:3000/'] });
  });

  it("gives the client Cognito's own managed login style, without which its pages do not show", () => {
    app.stateless.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: ids.signInClient },
      UserPoolId: app.imported.userPoolId(),
      UseCognitoProvidedValues: true,
    });
  });

  it("has the API accept the client's tokens", () => {
    const [authorizer] = Object.values(app.stateless.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer!.Properties.JwtConfiguration.Audience).toContainEqual({ Ref: ids.signInClient });
  });

  it('outputs the client id', () => {
    app.stateless.hasOutput('TerminalsSignInClientId', { Value: { Ref: ids.signInClient } });
  });
});

describe('the terminals with an external identity provider', () => {
  const external = synthesise(externalIdentityProvider);

  it("creates no Cognito client and tells the app the provider's issuer and client", () => {
    external.stateless.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(readDeployedConfig(external)).toEqual({
      signIn: {
        kind: 'oidc',
        issuer: externalIdentityProvider.jwtIssuer,
        clientId: externalIdentityProvider.jwtAudience,
        redirectUri: `https://{'Fn::GetAtt':['${external.terminalsLogicalIds.distribution}','DomainName']}/`,
      },
      live: { url: liveUrlOf(external) },
    });
  });

  it('lets the app fetch tokens from the provider', () => {
    const [policy] = Object.values(
      external.stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: {} } } },
      }),
    );
    expect(JSON.stringify(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)).toContain(
      `connect-src 'self' ${new URL(externalIdentityProvider.jwtIssuer).origin} wss://`,
    );
  });
});
