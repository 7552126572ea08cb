/**
 * Deployment settings, read once from CDK context and checked before any construct is built, so a typo fails the
 * synth with a clear message instead of deploying an API nobody can call.
 *
 * Defaults live in cdk.json; the identity provider is placeholder there and must be overridden per deployment:
 *   npx cdk deploy --all -c stage=prod -c jwtIssuer=https://login.example-hotels.com/ -c jwtAudience=guest-recognition
 * and the SES send rate set to the account's quota once SES raises it: -c sesMaxSendRate=50
 */
import type { Node } from 'constructs';
import * as z from 'zod/mini';

const settingsSchema = z.object({
  /** Prefixes stack and resource names, so several copies (dev, prod) can live in one account. */
  stage: z._default(
    z.string().check(z.regex(/^[a-z][a-z0-9-]{0,19}$/, { message: 'must be lower-case letters, digits or dashes (at most 20)' })),
    'dev',
  ),
  /** The `iss` the HTTP API's JWT authorizer accepts; API Gateway fetches its keys over HTTPS. */
  jwtIssuer: z.url({ protocol: /^https$/, error: 'must be an https URL (pass -c jwtIssuer=https://...)' }),
  /** The `aud` a terminal's token must carry. */
  jwtAudience: z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty (pass -c jwtAudience=...)' })),
  /**
   * Emails per second the account's SES quota allows in this region (14 is a common starting quota out of the
   * sandbox); campaigns pace themselves to it. `-c` passes a string, cdk.json may hold a number: both are accepted.
   */
  sesMaxSendRate: z._default(
    z.coerce.number({ error: 'must be a number (pass -c sesMaxSendRate=14)' }).check(z.positive({ error: 'must be a positive number' })),
    14,
  ),
});

export type DeploymentSettings = z.output<typeof settingsSchema>;

export function readDeploymentSettings(node: Node): DeploymentSettings {
  const result = settingsSchema.safeParse({
    stage: node.tryGetContext('stage'),
    jwtIssuer: node.tryGetContext('jwtIssuer'),
    jwtAudience: node.tryGetContext('jwtAudience'),
    sesMaxSendRate: node.tryGetContext('sesMaxSendRate'),
  });
  if (!result.success) {
    throw new Error(`Invalid CDK context:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
