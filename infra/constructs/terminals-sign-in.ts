/**
 * How the staff terminals sign in on AWS: Cognito managed login, with the authorization code grant and PKCE, for an
 * app client of their own that sends the code only back to the terminals' own origin. The pool's token-claims
 * function puts the role, property and role scope into every access token, managed login's included.
 */
import { CfnManagedLoginBranding, OAuthScope, UserPoolClientIdentityProvider, type IUserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { staffClientSettings } from './staff-directory.ts';

export interface TerminalsSignInProps {
  readonly userPool: IUserPool;
  /** Where the app lands after signing in and out, e.g. `https://d111111abcdef8.cloudfront.net/`. */
  readonly appUrl: string;
  /** Also lets a developer's local build (http://localhost:3000/) sign in; never on by default. */
  readonly allowLocalhost: boolean;
}

/** The local runtime's address, as `npm start` serves the terminals. */
export const localTerminalsUrl = 'http://localhost:3000/';

export class TerminalsSignIn extends Construct {
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: TerminalsSignInProps) {
    super(scope, id);
    const urls = [props.appUrl, ...(props.allowLocalhost ? [localTerminalsUrl] : [])];

    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: 'staff-terminals',
      // A browser app cannot keep a secret: a public client, whose authorization codes PKCE binds to the browser
      // that asked for them.
      generateSecret: false,
      oAuth: {
        // The code grant only: no implicit grant (tokens in the URL), no client credentials.
        flows: { authorizationCodeGrant: true },
        // Only openid, on purpose. Cognito grants whatever scope a request asks for among those the client allows,
        // whoever the user is; were the role scopes allowed here, a restaurant user could ask for
        // guest-recognition/admin. The token-claims function adds the user's own role scope to the access token
        // instead, whichever flow issued it.
        scopes: [OAuthScope.OPENID],
        callbackUrls: urls,
        logoutUrls: urls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // SRP (which managed login's password form may use) and refresh; no plain-password flow.
      authFlows: { userSrp: true },
      ...staffClientSettings(),
    });

    // The newer managed login serves a client's pages only once the client has a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }
}
