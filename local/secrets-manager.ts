/**
 * The local runtime's Secrets Manager: serves `GetSecretValue` on the SDK's wire protocol (`POST /`,
 * `X-Amz-Target: secretsmanager.GetSecretValue`, `application/x-amz-json-1.1`), which the real
 * `@aws-sdk/client-secrets-manager`, and through it Powertools Parameters, reach when AWS_ENDPOINT_URL_SECRETS_MANAGER
 * points here. It holds the per-machine keys the local system makes (local/system.ts); the functions read them
 * exactly as they read their secrets on AWS. Listens on 127.0.0.1 only. Other operations answer that they are not
 * supported, as nothing calls them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localAccount } from './lambda.ts';
import { readBody } from './read-body.ts';

export interface RunningSecretsManager {
  readonly endpoint: string;
  /** How many GetSecretValue calls were answered, per secret name (what shows the functions' caching). */
  readonly reads: ReadonlyMap<string, number>;
  /** Replaces a secret's value, as `PutSecretValue` would. */
  put(name: string, value: string): void;
  stop(): Promise<void>;
}

const created = new Date();

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

function error(response: ServerResponse, status: number, type: string, message: string): void {
  answer(response, status, { __type: type, message });
}

export async function startSecretsManager(options: { secrets: Record<string, string>; region: string; port?: number }): Promise<RunningSecretsManager> {
  const secrets = new Map(Object.entries(options.secrets).map(([name, value]) => [name, { value, version: 1 }]));
  const reads = new Map<string, number>();
  const arnOf = (name: string) => `arn:aws:secretsmanager:${options.region}:${localAccount}:secret:${name}`;
  /** A secret is named by its name or its ARN. */
  const find = (secretId: string) => [...secrets.keys()].find((name) => secretId === name || secretId === arnOf(name));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers['x-amz-target'];
    const { body, tooLarge } = await readBody(request, 64 * 1024);
    if (request.method !== 'POST' || tooLarge) return error(response, 400, 'InvalidRequestException', 'Expected a POST of at most 64 KB');
    if (target !== 'secretsmanager.GetSecretValue')
      return error(response, 400, 'UnknownOperationException', `${String(target)} is not supported by the local Secrets Manager`);
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body.toString('utf8')) as { SecretId?: unknown }).SecretId;
    } catch {
      return error(response, 400, 'SerializationException', 'The body must be JSON');
    }
    const name = typeof secretId === 'string' ? find(secretId) : undefined;
    if (name === undefined) return error(response, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const secret = secrets.get(name)!;
    reads.set(name, (reads.get(name) ?? 0) + 1);
    answer(response, 200, {
      ARN: arnOf(name),
      Name: name,
      SecretString: secret.value,
      VersionId: `local-version-${secret.version}`,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: created.getTime() / 1000,
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((cause: unknown) => error(response, 500, 'InternalServiceError', cause instanceof Error ? cause.name : 'error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reads,
    put(name, value) {
      const current = secrets.get(name);
      secrets.set(name, { value, version: (current?.version ?? 0) + 1 });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
