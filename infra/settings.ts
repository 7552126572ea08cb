/**
 * Deployment settings, read once from CDK context and checked before any construct is built, so a typo fails the
 * synth with a clear message instead of deploying an API nobody can call.
 *
 * Defaults live in cdk.json. Staff sign in with the stack's own Cognito user pool unless an external identity
 * provider is named, with both its issuer and the audience its tokens carry:
 *   npx cdk deploy --all -c stage=prod -c jwtIssuer=https://login.example-hotels.com/ -c jwtAudience=guest-recognition
 * The guest table can be encrypted with a key of its own: -c tableEncryption=customer-managed
 * and the SES send rate set to the account's quota once SES raises it: -c sesMaxSendRate=50
 * A developer's terminals on http://localhost:3000/ may sign in to a dev stack's user pool: -c terminalsLocalSignIn=true
 * Stack traces mapped to the TypeScript source (costs cold-start time): -c sourceMapsAtStart=true
 * Every AWS call a subsegment of the X-Ray trace (about 120 KB more per bundle): -c traceAwsCalls=true
 * The functions' log level (INFO by default): -c logLevel=DEBUG
 * Alarms mailed to the operations team: -c alarmEmail=ops@example-hotels.com; daily AWS Backup of the table: -c backup=true
 * How long the record of who read which guest is kept (days, 365 by default): -c accessLogRetentionDays=730
 */
import type { Node } from 'constructs';
import * as z from 'zod/mini';

export const tableEncryptions = ['aws-managed', 'customer-managed'] as const;
export const logLevels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

const settingsSchema = z
  .object({
    /** Prefixes stack and resource names, so several copies (dev, prod) can live in one account. */
    stage: z._default(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,19}$/, { message: 'must be lower-case letters, digits or dashes (at most 20)' })), 'dev'),
    /** An external identity provider's `iss`, instead of the stack's user pool; API Gateway fetches its keys over HTTPS. */
    jwtIssuer: z.optional(z.url({ protocol: /^https$/, error: 'must be an https URL (pass -c jwtIssuer=https://...)' })),
    /** The `aud` (or `client_id`) a terminal's token from the external identity provider carries. */
    jwtAudience: z.optional(z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty (pass -c jwtAudience=...)' }))),
    /**
     * `aws-managed`: the account's aws/dynamodb key, nothing to manage. `customer-managed`: a key of the stack's own,
     * rotated yearly, whose key policy and CloudTrail record decide and show who can read guest data.
     */
    tableEncryption: z._default(z.enum(tableEncryptions, { error: `must be one of ${tableEncryptions.join(', ')}` }), 'aws-managed'),
    /**
     * Emails per second the account's SES quota allows in this region (14 is a common starting quota out of the
     * sandbox); campaigns pace themselves to it. `-c` passes a string, cdk.json may hold a number: both are accepted.
     */
    sesMaxSendRate: z._default(
      z.coerce.number({ error: 'must be a number (pass -c sesMaxSendRate=14)' }).check(z.positive({ error: 'must be a positive number' })),
      14,
    ),
    /**
     * Also accept http://localhost:3000/ as the terminals' sign-in callback, so a developer's local build can sign
     * in to this stack's user pool. Off by default: a production pool should hand codes to its own distribution only.
     */
    terminalsLocalSignIn: z._default(
      z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false (pass -c terminalsLocalSignIn=true)' }),
      false,
    ),
    /**
     * Load the bundles' source maps when a function starts (NODE_OPTIONS=--enable-source-maps), so stack traces
     * name the TypeScript files and lines. Off by default: parsing the maps adds to every cold start. The maps are
     * written into every function's asset either way, so turning this on needs a deploy, not a rebuild.
     */
    sourceMapsAtStart: z._default(
      z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false (pass -c sourceMapsAtStart=true)' }),
      false,
    ),
    /**
     * Bundle Powertools Tracer with the X-Ray SDK, so each DynamoDB, EventBridge, SES and Secrets Manager call shows
     * in the trace. Off by default: it adds about 120 KB to every bundle and to every cold start's import (README,
     * "Bundle sizes"); Lambda's active tracing records every invocation either way.
     */
    /** The level every function logs at (POWERTOOLS_LOG_LEVEL); one function's can also be changed in the console. */
    logLevel: z._default(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')} (pass -c logLevel=DEBUG)` }), 'INFO'),
    traceAwsCalls: z._default(z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false (pass -c traceAwsCalls=true)' }), false),
    /** Subscribed to the alarm topic (SNS mails a confirmation link first); without it the alarms reach nobody. */
    alarmEmail: z.optional(z.email({ error: 'must be an email address (pass -c alarmEmail=ops@example.com)' })),
    /** Where the sending domains' DMARC reports go (`rua`); by default dmarc-reports@ each sending domain. */
    dmarcReportAddress: z.optional(z.email({ error: 'must be an email address (pass -c dmarcReportAddress=dmarc@example.com)' })),
    /**
     * An AWS Backup plan for the table (daily, kept 35 days, and monthly, kept a year), on top of point-in-time
     * recovery's 35 days. Off by default: backups cost storage, and point-in-time recovery covers most mistakes.
     */
    backup: z._default(z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false (pass -c backup=true)' }), false),
    /**
     * Days a record of who read which guest is kept before DynamoDB's TTL removes it: long enough to answer a guest's
     * or a regulator's question about a past stay, short enough not to become a second guest file.
     */
    accessLogRetentionDays: z._default(
      z.coerce
        .number({ error: 'must be a whole number of days (pass -c accessLogRetentionDays=365)' })
        .check(
          z.refine(Number.isInteger, { error: 'must be a whole number of days' }),
          z.gte(1, { error: 'must be at least 1' }),
          z.lte(3650, { error: 'must be at most 3650' }),
        ),
      365,
    ),
  })
  .check(
    z.refine((settings) => (settings.jwtIssuer === undefined) === (settings.jwtAudience === undefined), {
      error: 'jwtIssuer and jwtAudience go together: pass both for an external identity provider, neither for the Cognito user pool',
      path: ['jwtAudience'],
    }),
  );

/** Who signs the tokens the HTTP API accepts. */
export type IdentityProviderSetting = { readonly kind: 'cognito' } | { readonly kind: 'external'; readonly issuer: string; readonly audience: string };

export interface DeploymentSettings {
  readonly stage: string;
  readonly identityProvider: IdentityProviderSetting;
  readonly tableEncryption: (typeof tableEncryptions)[number];
  readonly sesMaxSendRate: number;
  readonly terminalsLocalSignIn: boolean;
  readonly sourceMapsAtStart: boolean;
  readonly traceAwsCalls: boolean;
  readonly logLevel: (typeof logLevels)[number];
  readonly alarmEmail?: string;
  readonly dmarcReportAddress?: string;
  readonly backup: boolean;
  readonly accessLogRetentionDays: number;
}

export function readDeploymentSettings(node: Node): DeploymentSettings {
  const result = settingsSchema.safeParse({
    stage: node.tryGetContext('stage'),
    jwtIssuer: node.tryGetContext('jwtIssuer'),
    jwtAudience: node.tryGetContext('jwtAudience'),
    tableEncryption: node.tryGetContext('tableEncryption'),
    sesMaxSendRate: node.tryGetContext('sesMaxSendRate'),
    terminalsLocalSignIn: node.tryGetContext('terminalsLocalSignIn'),
    sourceMapsAtStart: node.tryGetContext('sourceMapsAtStart'),
    traceAwsCalls: node.tryGetContext('traceAwsCalls'),
    logLevel: node.tryGetContext('logLevel'),
    alarmEmail: node.tryGetContext('alarmEmail'),
    dmarcReportAddress: node.tryGetContext('dmarcReportAddress'),
    backup: node.tryGetContext('backup'),
    accessLogRetentionDays: node.tryGetContext('accessLogRetentionDays'),
  });
  if (!result.success) {
    throw new Error(`Invalid CDK context:\n${z.prettifyError(result.error)}`);
  }
  const { jwtIssuer, jwtAudience, terminalsLocalSignIn, sourceMapsAtStart, traceAwsCalls, backup, ...rest } = result.data;
  const identityProvider: IdentityProviderSetting =
    jwtIssuer !== undefined && jwtAudience !== undefined ? { kind: 'external', issuer: jwtIssuer, audience: jwtAudience } : { kind: 'cognito' };
  // `-c` passes a string, cdk.json a boolean.
  return {
    ...rest,
    identityProvider,
    terminalsLocalSignIn: terminalsLocalSignIn === true || terminalsLocalSignIn === 'true',
    sourceMapsAtStart: sourceMapsAtStart === true || sourceMapsAtStart === 'true',
    traceAwsCalls: traceAwsCalls === true || traceAwsCalls === 'true',
    backup: backup === true || backup === 'true',
  };
}
