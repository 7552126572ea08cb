/**
 * Stands in for `@aws-lambda-powertools/tracer` in the Lambda bundles unless the stack is deployed with
 * `-c traceAwsCalls=true` (`bundleSettings.alias` and GuestFunction in infra/constructs/guest-function.ts); tsx
 * and the tests load the original, with tracing off (POWERTOOLS_TRACE_ENABLED=false).
 *
 * Why: the Tracer brings the X-Ray SDK (aws-xray-sdk-core, its SDK v2 patcher's `semver`, cls-hooked), about
 * 120 KB minified in every bundle that uses AWS, nearly half again, and about 9 ms more to import on this machine
 * (README, "Bundle sizes"). Without it Lambda's active tracing still records every invocation (its initialisation,
 * invocation and overhead, and the trace id in the logs); what is lost is the subsegment per AWS call. The only
 * member shared/aws/clients.ts uses is `captureAWSv3Client`, which here hands the client back as it is, exactly what
 * the real Tracer does when tracing is off.
 */
export class Tracer {
  captureAWSv3Client<Client>(client: Client): Client {
    return client;
  }
}
