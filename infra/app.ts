/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all` run this file (see cdk.json). Tests call `createApp` with
 * their own context instead, so they can skip bundling and choose the identity provider.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { functions } from '#shared/wiring';
import { readDeploymentSettings } from '#infra/settings';
import { StatefulStack } from '#infra/stacks/stateful-stack';
import { StatelessStack } from '#infra/stacks/stateless-stack';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function createApp(context: Record<string, unknown> = {}, appProps: Omit<AppProps, 'context'> = {}) {
  const app = new App({ ...appProps, context });
  const { stage, jwtIssuer, jwtAudience, sesMaxSendRate } = readDeploymentSettings(app.node);

  // No env: the stacks stay environment-agnostic, so synth needs no account or credentials and one template
  // deploys to whichever account and region the deploying credentials point at.
  const stateful = new StatefulStack(app, `guest-recognition-${stage}-stateful`, {
    stage,
    description: 'Guest recognition: guest table and event bus (retained data), email identities, signing key',
  });
  const stateless = new StatelessStack(app, `guest-recognition-${stage}-stateless`, {
    stage,
    description: 'Guest recognition: functions, HTTP API, event rules and daily schedules',
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
    jwtIssuer,
    jwtAudience,
  });
  return { app, stateful, stateless };
}

// Synthesise only when run as the app, not when a test imports createApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  createApp().app.synth();
}
