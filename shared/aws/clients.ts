/**
 * AWS clients, created once per container and reused across invocations. Endpoints come from the SDK's own
 * environment variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_SESV2), which is
 * how the same code talks to DynamoDB Local, the local bus and the SES stand-in.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let tracer: Tracer | undefined;

/**
 * Each client is captured by Powertools Tracer: on AWS every call becomes a subsegment of the invocation's trace
 * (DynamoDB, EventBridge, SES, Secrets Manager time). Tracing is off where POWERTOOLS_TRACE_ENABLED=false (the local
 * runtime and the tests: no X-Ray daemon there), and the Lambda bundles carry a no-op Tracer unless the stack is
 * deployed with `-c traceAwsCalls=true` (the X-Ray SDK adds about 120 KB to each bundle; README, "Bundle sizes").
 */
export function traced<Client>(client: Client): Client {
  tracer ??= new Tracer();
  return tracer.captureAWSv3Client(client);
}

let documentClient: DynamoDBDocumentClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
let sesClient: SESv2Client | undefined;

export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
  return documentClient;
}

export function getEventBridgeClient(): EventBridgeClient {
  eventBridgeClient ??= traced(new EventBridgeClient({}));
  return eventBridgeClient;
}

export function getSesClient(): SESv2Client {
  sesClient ??= traced(
    new SESv2Client({
      // One attempt: after a timeout, a reset or a 5xx the email may have gone out, and the SDK's own retry would send
      // it again. The campaign decides, from the ledger, what may be retried.
      maxAttempts: 1,
      // A bounded request time: a send that hangs must fail, not eat the function's whole run. Without
      // throwOnRequestTimeout this SDK only warns when the time is up.
      requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
    }),
  );
  return sesClient;
}

let secretsManagerClient: SecretsManagerClient | undefined;

/** Reads the keys the functions are given by secret (AWS_ENDPOINT_URL_SECRETS_MANAGER locally). */
export function getSecretsManagerClient(): SecretsManagerClient {
  secretsManagerClient ??= traced(new SecretsManagerClient({}));
  return secretsManagerClient;
}
