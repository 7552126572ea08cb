/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all` run this file (see cdk.json). Tests call `createApp` with
 * their own context instead, so they can skip bundling and choose the identity provider.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { functions, type TokenClaimsFunction } from '#shared/wiring';
import { readDeploymentSettings } from '#infra/settings';
import { StatefulStack } from '#infra/stacks/stateful-stack';
import { StatelessStack } from '#infra/stacks/stateless-stack';
import type { TerminalsSignInSettings } from '#infra/constructs/staff-terminals';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CreateAppOptions {
  /** The built staff terminals; tests pass a directory of their own. */
  readonly terminalsDirectory?: string;
}

export function createApp(
  context: Record<string, unknown> = {},
  appProps: Omit<AppProps, 'context'> = {},
  { terminalsDirectory = join(projectRoot, 'web', 'dist') }: CreateAppOptions = {},
) {
  const app = new App({ ...appProps, context });
  const { stage, identityProvider, tableEncryption, sesMaxSendRate, terminalsLocalSignIn, alarmEmail, dmarcReportAddress, backup, accessLogRetentionDays } =
    readDeploymentSettings(app.node);

  // No env: the stacks stay environment-agnostic, so synth needs no account or credentials and one template
  // deploys to whichever account and region the deploying credentials point at.
  const stateful = new StatefulStack(app, `guest-recognition-${stage}-stateful`, {
    stage,
    description: 'Guest recognition: guest table and event bus (retained data), staff user pool, email identities, signing key, alarm topic',
    tableEncryption,
    alarmEmail,
    dmarcReportAddress,
    backup,
    ...(identityProvider.kind === 'cognito' ? { staffSignIn: { tokenClaims: findTokenClaimsFunction(), projectRoot } } : {}),
  });
  // The stack's user pool signs the tokens, unless the context names an external identity provider.
  const staffDirectory = stateful.staffDirectory;
  const jwt = identityProvider.kind === 'external' ? identityProvider : staffDirectory!.jwt;
  const terminalsSignIn: TerminalsSignInSettings =
    identityProvider.kind === 'external'
      ? { kind: 'oidc', issuer: identityProvider.issuer, clientId: identityProvider.audience }
      : { kind: 'cognito', userPool: staffDirectory!.userPool, domainUrl: staffDirectory!.signInDomain.baseUrl(), allowLocalhost: terminalsLocalSignIn };
  const stateless = new StatelessStack(app, `guest-recognition-${stage}-stateless`, {
    stage,
    description: 'Guest recognition: functions, HTTP API, event rules and daily schedules, alarms and dashboard',
    declarations: functions,
    projectRoot,
    table: stateful.table,
    bus: stateful.bus,
    email: {
      senderIdentities: stateful.senderIdentities,
      configurationSet: stateful.emailConfigurationSet,
      maxSendRate: sesMaxSendRate,
    },
    unsubscribeSigningKey: stateful.unsubscribeSigningKey,
    erasedIdentityHashKey: stateful.erasedIdentityHashKey,
    jwt,
    terminals: { assetDirectory: terminalsDirectory, signIn: terminalsSignIn },
    alarmTopic: stateful.alarmTopic.topic,
    accessLogRetentionDays,
  });
  return { app, stateful, stateless };
}

/** The user pool has one pre-token-generation trigger: exactly one declaration may serve it. */
function findTokenClaimsFunction(): TokenClaimsFunction {
  const found = functions.filter((fn): fn is TokenClaimsFunction => fn.trigger === 'token-claims');
  if (found.length !== 1) throw new Error(`Expected one token-claims function in shared/wiring.ts, found ${found.length}`);
  return found[0]!;
}

// Synthesise only when run as the app, not when a test imports createApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  createApp().app.synth();
}
