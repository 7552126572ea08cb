import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourceServerId, scopeOf, scopesFor } from '#shared/auth/token-claims';
import { roles } from '#shared/http/caller';
import { functions, type HttpFunction } from '#shared/wiring';
import { synthesise } from './synthesise.ts';

const app = synthesise();

const readResource = (logicalId: string | undefined) => {
  if (!logicalId) throw new Error('The stack has no staff user pool');
  return app.stateful.toJSON().Resources[logicalId];
};
const userPool = () => readResource(app.userPoolLogicalId).Properties;
const terminalClient = () => readResource(app.terminalClientLogicalId).Properties;
const userPoolRef = () => ({ Ref: app.userPoolLogicalId });

describe('staff user pool', () => {
  it('lets no one sign up: administrators create every account', () => {
    expect(userPool().AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
  });

  it('survives stack deletion and cannot be deleted by accident', () => {
    expect(readResource(app.userPoolLogicalId)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(userPool().DeletionProtection).toBe('ACTIVE');
  });

  it('requires an authenticator app as a second factor from every member of staff', () => {
    expect(userPool()).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it('requires long passwords mixing cases, digits and symbols, and refuses recent ones', () => {
    expect(userPool().Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      PasswordHistorySize: 5,
    });
  });

  it('is on the Essentials plan, the lowest that lets the trigger customise access tokens', () => {
    expect(userPool().UserPoolTier).toBe('ESSENTIALS');
  });

  it("records each user's property in a custom attribute", () => {
    expect(userPool().Schema).toContainEqual(expect.objectContaining({ Name: 'propertyId', AttributeDataType: 'String', Mutable: true }));
  });

  it.each(roles)('has a %s group', (role) => {
    app.stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role, UserPoolId: userPoolRef() });
  });

  it('ranks admin above frontdesk above restaurant above floor, as the token-claims function does', () => {
    const groups = Object.values(app.stateful.findResources('AWS::Cognito::UserPoolGroup'));
    const byPrecedence = groups.sort((a, b) => a.Properties.Precedence - b.Properties.Precedence).map((group) => group.Properties.GroupName);
    expect(byPrecedence).toEqual(['admin', 'frontdesk', 'restaurant', 'floor']);
  });

  it(`defines the ${resourceServerId} resource server with one scope per role`, () => {
    app.stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: resourceServerId,
      UserPoolId: userPoolRef(),
      Scopes: roles.map((role) => Match.objectLike({ ScopeName: role })),
    });
  });

  it('can issue every scope a route asks for', () => {
    const issuable = roles.map(scopeOf);
    const asked = functions
      .filter((fn): fn is HttpFunction => fn.trigger === 'http')
      .flatMap((fn) => fn.routes.filter((route) => route.authenticated).flatMap((route) => scopesFor(route.roles)));
    expect(issuable).toEqual(expect.arrayContaining([...new Set(asked)]));
  });

  it('calls the token-claims function before issuing tokens, with the V2 event that can customise access tokens', () => {
    expect(userPool().LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [app.findFunctionLogicalId('token-claims'), 'Arn'] }, LambdaVersion: 'V2_0' },
    });
    app.stateful.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [app.findFunctionLogicalId('token-claims'), 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [app.userPoolLogicalId, 'Arn'] },
    });
  });

  it('outputs the pool and client ids administrators and terminals need', () => {
    app.stateful.hasOutput('StaffUserPoolId', { Value: userPoolRef() });
    app.stateful.hasOutput('TerminalClientId', { Value: { Ref: app.terminalClientLogicalId } });
  });
});

describe("terminals' app client", () => {
  it('has no secret, which an app on a terminal could not keep, and signs in with SRP only', () => {
    expect(terminalClient()).toMatchObject({ GenerateSecret: false, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  });

  it('offers no OAuth redirect flow, where a user could ask for scopes beyond their role', () => {
    expect(terminalClient().AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(terminalClient().AllowedOAuthFlows).toBeUndefined();
  });

  it("cannot change a user's property or email: only administrators can", () => {
    const writable = terminalClient().WriteAttributes as string[];
    // An empty list would mean Cognito's default, where the client may write every standard attribute.
    expect(writable.length).toBeGreaterThan(0);
    expect(writable).not.toContain('custom:propertyId');
    expect(writable).not.toContain('email');
  });

  it('keeps a sign-in for about a shift', () => {
    expect(terminalClient()).toMatchObject({ RefreshTokenValidity: 12 * 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
  });
});
