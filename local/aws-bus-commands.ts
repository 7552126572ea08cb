/**
 * `npm run replay -- --aws` and `npm run redrive -- --aws`: the same two commands against a deployed stage.
 * Replay asks EventBridge to replay the bus archive onto the bus. Redrive takes every message of the subscriptions'
 * dead-letter queues, invokes the function that failed it with its event, and deletes the message only once the
 * function has handled it; the others stay in their queue. Credentials and region come from the usual AWS chain
 * (AWS_PROFILE, AWS_REGION, ...).
 */
import { randomBytes } from 'node:crypto';
import { CloudFormationClient, paginateListStackResources, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { DescribeArchiveCommand, DescribeEventBusCommand, EventBridgeClient, ListArchivesCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { scheduledRunSchema, type ScheduledRun } from '#shared/events/scheduled-run';

/** The names infra/app.ts and the stateful stack give a stage's bus and functions' stack (checked by a test). */
export function deploymentNames(stage: string): { eventBusName: string; statelessStackName: string } {
  return { eventBusName: `${stage}-guest-events`, statelessStackName: `guest-recognition-${stage}-stateless` };
}

/** A unique replay name, as EventBridge allows them: at most 64 of `.-_A-Za-z0-9`. */
export function createReplayName(now: Date, suffix: string = randomBytes(3).toString('hex')): string {
  return `guest-events-${now.toISOString().replace(/[-:]|\.\d{3}/g, '')}-${suffix}`;
}

export async function startArchiveReplay(
  events: EventBridgeClient,
  input: { eventBusName: string; from: Date; to: Date; now: Date },
): Promise<{ replayName: string; archiveName: string }> {
  const bus = await events.send(new DescribeEventBusCommand({ Name: input.eventBusName }));
  const { Archives = [] } = await events.send(new ListArchivesCommand({ EventSourceArn: bus.Arn }));
  const archiveName = Archives.find((archive) => archive.State === 'ENABLED')?.ArchiveName;
  if (!archiveName) throw new Error(`the bus ${input.eventBusName} has no enabled archive`);
  const { ArchiveArn } = await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }));
  const replayName = createReplayName(input.now);
  await events.send(
    new StartReplayCommand({
      ReplayName: replayName,
      Description: `npm run replay, events from ${input.from.toISOString()} to ${input.to.toISOString()}`,
      EventSourceArn: ArchiveArn,
      EventStartTime: input.from,
      EventEndTime: input.to,
      // Every rule on the bus gets the replayed events again; recorders are idempotent.
      Destination: { Arn: bus.Arn },
    }),
  );
  return { replayName, archiveName };
}

/** Each subscription's queue (infra/constructs/bus-subscription.ts) and each daily job's (property-schedules.ts): the stack's one queue kind. */
export function listDeadLetterQueueUrls(resources: readonly StackResourceSummary[]): string[] {
  return resources
    .filter((r) => r.ResourceType === 'AWS::SQS::Queue' && r.LogicalResourceId?.includes('DeadLetters') && r.PhysicalResourceId)
    .map((r) => r.PhysicalResourceId!)
    .sort();
}

export type BusEventShape = { id: string; 'detail-type': string; source: string; detail: object } & Record<string, unknown>;

export type QueuedDeadLetter =
  | { readonly event: BusEventShape | ScheduledRun; readonly functionArn: string; readonly parkedBy: 'eventbridge' | 'scheduler' | 'lambda' }
  | { readonly problem: string };

/**
 * A dead-letter queue message holds one of two bodies: the EventBridge event itself (or a daily job's input,
 * `{propertyId, time}`, from EventBridge Scheduler), when it could not be handed to Lambda (the function is then
 * named by the TARGET_ARN attribute), or Lambda's on-failure record, when the function threw (`requestPayload` is
 * the event or input, `requestContext.functionArn` the function). A daily job's input keeps its `time`, so the job
 * runs again for its own day.
 */
export function readQueuedDeadLetter(body: string, attributes: Record<string, MessageAttributeValue> = {}): QueuedDeadLetter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: 'the message body is not JSON' };
  }
  if (!isObject(parsed)) return { problem: 'the message body is not a JSON object' };
  if ('requestPayload' in parsed && isObject(parsed.requestContext)) {
    const functionArn = parsed.requestContext.functionArn;
    if (!isEventBridgeEvent(parsed.requestPayload) && !isScheduledRun(parsed.requestPayload))
      return { problem: "the failed invocation was given neither an EventBridge event nor a daily job's input" };
    if (!isFunctionArn(functionArn)) return { problem: 'the on-failure record names no function' };
    return { event: parsed.requestPayload, functionArn, parkedBy: 'lambda' };
  }
  if (isEventBridgeEvent(parsed) || isScheduledRun(parsed)) {
    const functionArn = attributes.TARGET_ARN?.StringValue;
    if (!isFunctionArn(functionArn)) return { problem: 'the message names no Lambda function as its target (TARGET_ARN)' };
    return { event: parsed, functionArn, parkedBy: isScheduledRun(parsed) ? 'scheduler' : 'eventbridge' };
  }
  return { problem: 'the message is neither an EventBridge event nor a Lambda on-failure record' };
}

export interface AwsRedriveReport {
  readonly queues: number;
  readonly redriven: number;
  readonly kept: readonly { readonly queueUrl: string; readonly messageId: string; readonly reason: string }[];
}

/** Longer than the longest function timeout (15 minutes): a message stays hidden while its function runs. */
const redriveVisibilitySeconds = 16 * 60;

export async function redriveDeadLetterQueues(
  clients: { cloudFormation: CloudFormationClient; sqs: SQSClient; lambda: LambdaClient },
  stackName: string,
): Promise<AwsRedriveReport> {
  const { cloudFormation, sqs, lambda } = clients;
  const resources: StackResourceSummary[] = [];
  for await (const page of paginateListStackResources({ client: cloudFormation }, { StackName: stackName })) {
    resources.push(...(page.StackResourceSummaries ?? []));
  }
  const queueUrls = listDeadLetterQueueUrls(resources);
  let redriven = 0;
  const kept: { queueUrl: string; messageId: string; reason: string }[] = [];

  for (const queueUrl of queueUrls) {
    const seen = new Set<string>();
    const keptHandles: string[] = [];
    for (;;) {
      // One message at a time, so each has the whole visibility window for its function to run.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 1,
          VisibilityTimeout: redriveVisibilitySeconds,
          MessageAttributeNames: ['All'],
        }),
      );
      const message = Messages[0];
      // Empty, or a message kept earlier in this run is visible again: everything has had its turn.
      if (!message?.ReceiptHandle || !message.MessageId || seen.has(message.MessageId)) {
        if (message?.ReceiptHandle) keptHandles.push(message.ReceiptHandle);
        break;
      }
      seen.add(message.MessageId);
      const reason = await redriveMessage(lambda, readQueuedDeadLetter(message.Body ?? '', message.MessageAttributes));
      if (reason === undefined) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        redriven++;
      } else {
        kept.push({ queueUrl, messageId: message.MessageId, reason });
        keptHandles.push(message.ReceiptHandle);
      }
    }
    // What stays is visible again at once: it still waits for an operator, and the queue's alarm still shows it.
    for (const handle of keptHandles) {
      // A handle from an earlier receive of the same message is no longer valid; that message is visible already.
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 })).catch(() => undefined);
    }
  }
  return { queues: queueUrls.length, redriven, kept };
}

/** Invokes the function and waits for its answer; resolves with why the message stays, or undefined once handled. */
async function redriveMessage(lambda: LambdaClient, letter: QueuedDeadLetter): Promise<string | undefined> {
  if ('problem' in letter) return letter.problem;
  try {
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: letter.functionArn,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(letter.event)),
      }),
    );
    // The error type only: an error message may quote guest data.
    if (result.FunctionError) return `${functionName(letter.functionArn)} failed again (${readErrorType(result.Payload)})`;
    return undefined;
  } catch (error) {
    return `${functionName(letter.functionArn)} could not be invoked (${error instanceof Error ? error.name : 'error'})`;
  }
}

export function createAwsClients() {
  return { events: new EventBridgeClient({}), cloudFormation: new CloudFormationClient({}), sqs: new SQSClient({}), lambda: new LambdaClient({}) };
}

function readErrorType(payload: Uint8Array | undefined): string {
  try {
    return (JSON.parse(new TextDecoder().decode(payload)) as { errorType?: string }).errorType ?? 'unknown error';
  } catch {
    return 'unknown error';
  }
}

function functionName(functionArn: string): string {
  return functionArn.split(':')[6] ?? functionArn;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEventBridgeEvent(value: unknown): value is BusEventShape {
  return (
    isObject(value) && typeof value.id === 'string' && typeof value['detail-type'] === 'string' && typeof value.source === 'string' && isObject(value.detail)
  );
}

function isScheduledRun(value: unknown): value is ScheduledRun {
  return scheduledRunSchema.safeParse(value).success;
}

function isFunctionArn(value: unknown): value is string {
  return typeof value === 'string' && /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/.test(value);
}
