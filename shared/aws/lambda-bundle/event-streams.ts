/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (aliased in `bundleSettings`,
 * infra/constructs/guest-function.ts); tsx and the tests load the original.
 *
 * Why it is safe: the SDK's protocols import event streams lazily (`await import(...)` in HttpProtocol's
 * `loadEventStreamCapability`), only for an operation with an event-stream input or output. None of the operations
 * of the clients the functions use (DynamoDB, EventBridge, SES, API Gateway Management) has one. A single-file
 * bundle cannot leave a lazily imported module out, so without this the codec, its CRC32 and the marshallers (about
 * 15 KB) ride in every bundle unused. Should an event-stream operation ever be called, it fails with this message.
 */
function refuse(): never {
  throw new Error('Event streams are left out of the Lambda bundles (see shared/aws/lambda-bundle/event-streams.ts)');
}

export class EventStreamSerde {
  constructor() {
    refuse();
  }
}

export const eventStreamSerdeProvider = (): never => refuse();
