import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#shared/wiring';
import { startHttpGateway, type RunningHttpGateway } from '#local/http-gateway';
import { createLocalIssuer } from '#local/jwt';
import { createHandlerLoader } from '#local/lambda';
import { projectRoot } from '#local/paths';
import { findFreePort } from '#local/ports';

// The declaration as the wiring has it: the local gateway serves it exactly as `npm start` does.
const openapi = functions.find((fn) => fn.name === 'openapi')!;

let keyDir: string;
let gateway: RunningHttpGateway;

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'openapi-jwt-'));
  gateway = await startHttpGateway({
    port: await findFreePort(),
    functions: [openapi],
    loadHandler: createHandlerLoader(),
    verifyToken: createLocalIssuer(keyDir).verifyToken,
    log: { info: () => {}, error: () => {} },
  });
});

afterAll(async () => {
  await gateway.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('GET /v1/openapi.json on the local runtime', () => {
  it('answers the committed description to a caller with no token', async () => {
    const response = await fetch(`${gateway.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(readFileSync(join(projectRoot, 'docs/openapi.json'), 'utf8')));
  });
});
