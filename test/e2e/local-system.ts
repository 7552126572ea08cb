/**
 * End-to-end tests talk HTTP to the local runtime, started per test file on free ports, on the run's shared
 * DynamoDB Local with a table of its own.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '#shared/http/caller';
import { startLocalSystem, type LocalSystem } from '#local/system';

const quiet = { info: () => {}, error: () => {} };

export interface TestSystem {
  readonly system: LocalSystem;
  call(
    method: string,
    path: string,
    options?: { role?: Role; propertyId?: string; body?: unknown; rawBody?: string; token?: string | null },
  ): Promise<{ status: number; body: any }>;
  /** Resolves once the recorders have handled everything published so far. */
  settle(): Promise<void>;
  /** How many events the bus has accepted (its archive). */
  publishedCount(): number;
  /** A whole stay at the Bangkok property, through the front desk: checked in, settled, departed. The guest's id. */
  stayOnce(room: string, guest: Record<string, unknown>, checkIn: string, departure: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestSystem(
  options: { log?: { info(message: string): void; error(message: string, error?: unknown): void } } = {},
): Promise<TestSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guest-recognition-e2e-'));
  const system = await startLocalSystem({
    httpPort: 0,
    busPort: 0,
    sesPort: 0,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    tableName: `e2e-${randomBytes(6).toString('hex')}`,
    dataDir,
    retry: { retryAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    log: options.log ?? quiet,
  });
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (role: Role, propertyId: string) => {
    const key = `${role}:${propertyId}`;
    if (!tokens.has(key)) tokens.set(key, system.issuer.signToken({ role, propertyId }));
    return tokens.get(key)!;
  };
  const testSystem: TestSystem = {
    system,
    async call(method, path, { role = 'frontdesk', propertyId = role === 'admin' ? '*' : 'bangkok', body, rawBody, token } = {}) {
      const bearer = token === undefined ? await tokenFor(role, propertyId) : token;
      const response = await fetch(`${system.apiUrl}${path}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    settle: () => system.bus.drain(),
    async stayOnce(room, guest, checkIn, departure) {
      const checkedIn = await testSystem.call('POST', '/v1/check-ins', { body: { propertyId: 'bangkok', room, at: checkIn, guest } });
      if (checkedIn.status !== 202) throw new Error(`check-in answered ${checkedIn.status}: ${JSON.stringify(checkedIn.body)}`);
      await testSystem.settle();
      const card = await testSystem.call('GET', `/v1/properties/bangkok/rooms/${room}/recognition`);
      const departed = await testSystem.call('POST', '/v1/departures', { body: { propertyId: 'bangkok', room, at: departure } });
      if (departed.status !== 202) throw new Error(`departure answered ${departed.status}: ${JSON.stringify(departed.body)}`);
      await testSystem.settle();
      return card.body.guestId;
    },
    publishedCount() {
      const archive = join(dataDir, 'archive.jsonl');
      return existsSync(archive) ? readFileSync(archive, 'utf8').split('\n').filter(Boolean).length : 0;
    },
    stop: () => system.stop(),
  };
  return testSystem;
}
