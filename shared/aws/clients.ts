/**
 * AWS clients, created once per container and reused across invocations. Endpoints come from the SDK's own
 * environment variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_SESV2), which is
 * how the same code talks to DynamoDB Local, the local bus and the SES stand-in.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
let sesClient: SESv2Client | undefined;

export function getDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return documentClient;
}

export function getEventBridgeClient(): EventBridgeClient {
  eventBridgeClient ??= new EventBridgeClient({});
  return eventBridgeClient;
}

export function getSesClient(): SESv2Client {
  sesClient ??= new SESv2Client({
    // One attempt: after a timeout, a reset or a 5xx the email may have gone out, and the SDK's own retry would send
    // it again. The campaign decides, from the ledger, what may be retried.
    maxAttempts: 1,
    // A bounded request time: a send that hangs must fail, not eat the function's whole run. Without
    // throwOnRequestTimeout this SDK only warns when the time is up.
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
  });
  return sesClient;
}
