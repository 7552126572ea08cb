/** Points every AWS SDK client in a test worker at the local stand-ins, with throwaway credentials. */
import { inject } from 'vitest';
import { localCredentials, localRegion } from '#local/dynamodb';

process.env.AWS_REGION = localRegion;
process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoDbEndpoint');
// The SDK warns once per process about Node 20; Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Powertools writes logs and metrics through a Console of its own bound to process.stdout and process.stderr, which
// vitest's quiet mode does not see: routed through the global console, a passing test's function logs stay quiet and
// a failing test's logs are shown beside its failure. Tests that read the lines still replace `write` themselves.
for (const [stream, print] of [
  [process.stdout, (line: string) => console.log(line)],
  [process.stderr, (line: string) => console.error(line)],
] as const) {
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    print(String(chunk).replace(/\n$/, ''));
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
}
