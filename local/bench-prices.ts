/**
 * List prices in us-east-1, in US dollars, first pricing tier, no free tier, no savings plans, as found on
 * 30 November 2026. The AWS pricing pages themselves could not be read from here; each figure is labelled with where
 * it was found instead, and should be checked against aws.amazon.com/<service>/pricing before anyone quotes it:
 * - DynamoDB on-demand, $0.625 per million write request units and $0.125 per million read request units: airbyte.com's
 *   DynamoDB pricing guide (US East), matching the on-demand reduction AWS's news blog notes (post updated 2025-01-31);
 * - Lambda on Arm, $0.0000133334 per GB-second and $0.20 per million requests: cloudchipr.com's Lambda pricing guide
 *   (US East, first 7.5 billion GB-seconds);
 * - API Gateway HTTP APIs, $1.00 per million requests (first 300 million, metered in 512 KB): AWS whitepaper "Best
 *   practices for designing Amazon API Gateway private APIs and private integration", table 4 (us-east-1);
 * - EventBridge custom events, $1.00 per million (64 KB chunks): cloudburn.io's EventBridge pricing guide (US East,
 *   March 2026).
 */
export const pricesTakenOn = '2026-11-30';
export const prices = {
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  httpApiPerMillionRequests: 1.0,
  eventBridgePerMillionCustomEvents: 1.0,
} as const;

export interface InvocationCost {
  readonly memoryMb: number;
  /** Billed duration, rounded up to the millisecond as Lambda bills it. */
  readonly durationMs: number;
}

function lambdaPerMillion({ memoryMb, durationMs }: InvocationCost): number {
  return prices.lambdaPerMillionRequests + Math.ceil(durationMs) * 0.001 * (memoryMb / 1024) * prices.lambdaArmPerGbSecond * 1e6;
}

/** A recognition: one HTTP API request, one function invocation, its DynamoDB reads. */
export function costPerMillionRecognitions(readUnits: number, invocation: InvocationCost) {
  const parts = {
    httpApi: prices.httpApiPerMillionRequests,
    lambda: lambdaPerMillion(invocation),
    dynamoDb: readUnits * prices.dynamoDbPerMillionReadUnits,
  };
  return { ...parts, total: parts.httpApi + parts.lambda + parts.dynamoDb };
}

/**
 * A recorded event from a terminal: one HTTP API request, the HTTP function (which publishes), one custom event on
 * the bus, the recorder function, and the recorder's DynamoDB reads and writes.
 */
export function costPerMillionRecordedEvents(units: { readUnits: number; writeUnits: number }, http: InvocationCost, recorder: InvocationCost) {
  const parts = {
    httpApi: prices.httpApiPerMillionRequests,
    lambda: lambdaPerMillion(http) + lambdaPerMillion(recorder),
    eventBridge: prices.eventBridgePerMillionCustomEvents,
    dynamoDb: units.readUnits * prices.dynamoDbPerMillionReadUnits + units.writeUnits * prices.dynamoDbPerMillionWriteUnits,
  };
  return { ...parts, total: parts.httpApi + parts.lambda + parts.eventBridge + parts.dynamoDb };
}
