/**
 * The staff who may sign in at the terminals, when the stack is its own identity provider: a Cognito user pool
 * whose users only administrators create, one group per role, a `propertyId` attribute only administrators set,
 * and the terminals' app client. At each sign-in the token-claims function turns group and attribute into the
 * `role` and `propertyId` claims and the role's scope, which the HTTP API's authorizer checks route by route.
 */
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { resourceServerId } from '#shared/auth/token-claims';
import { roles, type Role } from '#shared/http/caller';
import type { JwtSettings } from '#infra/constructs/guest-api';

export interface StaffDirectoryProps {
  readonly stage: string;
  /** Cognito's pre-token-generation trigger: puts role, property and scope into every token. */
  readonly tokenClaims: IFunction;
}

/**
 * What each group may do, as an administrator reads it in the console. Lower precedence wins in Cognito, and
 * mirrors the token-claims function: someone in two groups gets the broader role.
 */
const groups: Record<Role, { readonly precedence: number; readonly description: string }> = {
  admin: { precedence: 0, description: 'Everything, including guest data export and erasure' },
  frontdesk: { precedence: 1, description: 'Recognition cards with contact details and birthdays; check-ins, departures, dining, notes, search' },
  restaurant: { precedence: 2, description: 'Recognition cards without contact details; dining and notes' },
  floor: { precedence: 3, description: 'Names and rooms of the guests in house, nothing else' },
};

/** Words Cognito refuses in a prefix domain. */
const reservedInDomainPrefix = ['aws', 'amazon', 'cognito'];

/** What every app client staff sign in with shares: token lifetimes, revocation, and which attributes it may touch. */
export function staffClientSettings() {
  return {
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    // About a shift: a terminal left signed in asks for the password (and MFA) again the next day.
    refreshTokenValidity: Duration.hours(12),
    // Users may correct their own name; email (sign-in and recovery) and propertyId are set by administrators.
    writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes('propertyId'),
  };
}

export class StaffDirectory extends Construct {
  readonly userPool: UserPool;
  readonly terminalClient: UserPoolClient;
  /**
   * Where Cognito serves managed login (`https://<prefix>.auth.<region>.amazoncognito.com`): the staff terminals'
   * app client, in the stateless stack next to the distribution whose URL it redirects to, signs in there.
   */
  readonly signInDomain: UserPoolDomain;
  /** What the HTTP API accepts: the pool's tokens, for the terminals' client (Cognito access tokens name it in `client_id`). */
  readonly jwt: JwtSettings;

  constructor(scope: Construct, id: string, { stage, tokenClaims }: StaffDirectoryProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `${stage}-guest-recognition-staff`,
      // Essentials: the lowest plan whose pre-token-generation trigger can customise access tokens (V2_0).
      featurePlan: FeaturePlan.ESSENTIALS,
      // Staff accounts are created by administrators (with a temporary password sent by email), never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // The property the user works at, or `*` for group-wide administrators; checked by the token-claims function.
        propertyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // Required, for every role: terminals stand in lobbies and restaurants where a password is easily watched
      // being typed, and even the narrowest role shows guests' names and rooms. Cognito cannot require MFA per
      // group, so it is required for all. An authenticator app (TOTP), not SMS: no SIM-swap risk, no SMS costs.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // The staff accounts outlive any stack, like the guest data they open.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, tokenClaims, LambdaVersion.V2_0);
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials, not Plus: Plus adds threat protection (compromised-credential and risk checks) at a per-user price; with MFA required and only administrators creating accounts, Essentials is the chosen trade-off. Switch featurePlan to PLUS and set standardThreatProtectionMode to enable it',
    });

    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, ...groups[role] });
    }

    this.userPool.addResourceServer('GuestRecognitionApi', {
      identifier: resourceServerId,
      userPoolResourceServerName: 'Guest recognition API',
      scopes: roles.map((role) => new ResourceServerScope({ scopeName: role, scopeDescription: `Routes open to ${role}` })),
    });

    this.terminalClient = this.userPool.addClient('Terminals', {
      userPoolClientName: 'terminals',
      // Terminal apps cannot keep a secret; SRP proves the password without sending it.
      generateSecret: false,
      authFlows: { userSrp: true },
      // No OAuth redirect flows: this client signs in with SRP, where the token-claims function grants exactly the
      // role's scope. The staff terminals' managed-login client (in the stateless stack) allows only `openid`, for
      // the same reason: through the OAuth endpoints a user could ask for any scope a client allows, admin's
      // included, and the function only adds scopes.
      disableOAuth: true,
      ...staffClientSettings(),
    });

    // A Cognito prefix domain rather than a custom one: no DNS zone or certificate to own, and the prefix is unique
    // per stage and account, as Cognito requires within a region. Stages are at most 20 characters, so the prefix
    // stays well within Cognito's 63.
    const reserved = reservedInDomainPrefix.find((word) => stage.includes(word));
    if (reserved) {
      throw new Error(
        `The stage "${stage}" contains "${reserved}", which Cognito refuses in the sign-in domain guest-recognition-${stage}-<account>: choose another stage`,
      );
    }
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `guest-recognition-${stage}-${Aws.ACCOUNT_ID}` },
      // The newer managed login: each app client that signs in there needs a branding style (the terminals' has one).
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.jwt = {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: this.terminalClient.userPoolClientId,
    };
  }
}
