import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { base64url, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '#shared/wiring';
import { pathForLog, startHttpGateway, type RunningHttpGateway } from '#local/http-gateway';
import { createLocalIssuer, localAudience, localIssuer, type LocalIssuer } from '#local/jwt';
import { createHandlerLoader, type Logger } from '#local/lambda';
import { findFreePort } from '#local/ports';
import { clearRecordedCalls, recordedCalls } from './fixtures/calls.ts';

const fixture = (name: string) => `test/local/fixtures/${name}.ts`;
const functions: FunctionDeclaration[] = [
  {
    name: 'echo',
    trigger: 'http',
    entry: fixture('echo-http'),
    access: [],
    routes: [
      { method: 'GET', path: '/v1/health', authenticated: false, roles: [] },
      { method: 'POST', path: '/v1/check-ins', authenticated: true, roles: [] },
      { method: 'GET', path: '/v1/guests/{guestId}/recognition', authenticated: true, roles: [] },
      { method: 'GET', path: '/v1/properties/{propertyId}/rooms/{room}/recognition', authenticated: true, roles: [] },
    ],
  },
  {
    name: 'echo-search',
    trigger: 'http',
    entry: fixture('echo-http'),
    access: [],
    routes: [
      { method: 'GET', path: '/v1/guests/{guestId}', authenticated: true, roles: [] },
      { method: 'GET', path: '/v1/guests/search', authenticated: true, roles: [] },
    ],
  },
  {
    name: 'broken',
    trigger: 'http',
    entry: fixture('failing-http'),
    access: [],
    routes: [
      { method: 'GET', path: '/v1/broken', authenticated: false, roles: [] },
      { method: 'GET', path: '/v1/broken/{guestId}', authenticated: false, roles: [] },
    ],
  },
  { name: 'recorder', trigger: 'event', entry: fixture('failing-event'), access: [], bus: 'guests', source: 'hotel.guests', detailTypes: ['GuestCheckedIn'] },
];

const logLines: string[] = [];
const logger: Logger = {
  info: (message) => logLines.push(message),
  error: (message, error) => logLines.push(`${message} ${error instanceof Error ? error.message : ''}`),
};

let keyDir: string;
let issuer: LocalIssuer;
let gateway: RunningHttpGateway;
let token: string;

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'gateway-jwt-'));
  issuer = createLocalIssuer(keyDir);
  gateway = await startHttpGateway({
    port: await findFreePort(),
    functions,
    loadHandler: createHandlerLoader(),
    verifyToken: issuer.verifyToken,
    log: logger,
  });
  token = await issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', subject: 'somchai' });
});

afterAll(async () => {
  await gateway.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

beforeEach(() => clearRecordedCalls());

const request = (path: string, init: RequestInit & { token?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${gateway.url}${path}`, { ...init, headers });
};
const eventOf = async (response: Response) => (await response.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('local HTTP gateway', () => {
  it('invokes an open route without a token, with a payload 2.0 event and no authorizer', async () => {
    const response = await request('/v1/health');

    expect(response.status).toBe(200);
    const event = await eventOf(response);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/health',
      rawPath: '/v1/health',
      rawQueryString: '',
      isBase64Encoded: false,
      requestContext: { routeKey: 'GET /v1/health', stage: '$default', http: { method: 'GET', path: '/v1/health' } },
    });
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });

  it('passes the verified claims to the handler as the JWT authorizer does', async () => {
    const event = await eventOf(await request('/v1/guests/g_1/recognition', { token }));

    expect(event.requestContext.authorizer.jwt).toEqual({
      claims: expect.objectContaining({ sub: 'somchai', role: 'frontdesk', propertyId: 'bangkok', iss: localIssuer, aud: localAudience }),
      scopes: null,
    });
  });

  it('hands over URL-decoded path parameters and comma-joined query parameters', async () => {
    const response = await request('/v1/properties/bangkok/rooms/12%2003/recognition?at=2025-06-08T00%3A30%3A00Z&tag=a&tag=b', {
      token,
      headers: { 'X-Custom-Header': 'Yes', 'User-Agent': 'front-desk-tablet' },
    });

    const event = await eventOf(response);
    expect(event.routeKey).toBe('GET /v1/properties/{propertyId}/rooms/{room}/recognition');
    expect(event.pathParameters).toEqual({ propertyId: 'bangkok', room: '12 03' });
    expect(event.rawQueryString).toBe('at=2025-06-08T00%3A30%3A00Z&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ at: '2025-06-08T00:30:00Z', tag: 'a,b' });
    expect(event.headers['x-custom-header']).toBe('Yes');
    expect(event.requestContext.http.userAgent).toBe('front-desk-tablet');
    expect(event.requestContext.requestId).toBeTruthy();
    expect(event.requestContext.timeEpoch).toBeTypeOf('number');
  });

  it('hands over the request body as a string', async () => {
    const body = JSON.stringify({ room: '1203', guest: { lastName: 'Tanaka' } });

    const event = await eventOf(await request('/v1/check-ins', { method: 'POST', token, body, headers: { 'content-type': 'application/json' } }));

    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
  });

  it('prefers a literal route over a path parameter', async () => {
    expect((await eventOf(await request('/v1/guests/search', { token }))).routeKey).toBe('GET /v1/guests/search');
    expect((await eventOf(await request('/v1/guests/g_2', { token }))).routeKey).toBe('GET /v1/guests/{guestId}');
  });

  it('writes the handler response, with JSON as the default content type', async () => {
    const response = await request('/v1/health');

    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-handled-by')).toBe('echo');
  });

  it('answers 401 without calling the handler when the token is missing', async () => {
    const response = await request('/v1/guests/g_1/recognition');

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(recordedCalls()).toEqual([]);
  });

  it('answers 401 to an expired token', async () => {
    const expired = await issuer.signToken({ role: 'frontdesk', propertyId: 'bangkok', expiresIn: -1 });

    const response = await request('/v1/guests/g_1/recognition', { token: expired });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(recordedCalls()).toEqual([]);
  });

  it('answers 401 to a token signed by another key, even one naming our key id', async () => {
    const { kid } = decodeProtectedHeader(token);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ role: 'admin', propertyId: '*' })
      .setProtectedHeader({ alg: 'RS256', kid: kid! })
      .setSubject('mallory')
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    expect((await request('/v1/guests/g_1/recognition', { token: forged })).status).toBe(401);
    expect(recordedCalls()).toEqual([]);
  });

  it('answers 401 to an unsigned token (alg none)', async () => {
    const { kid } = decodeProtectedHeader(token);
    const [, payload] = token.split('.');
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid }))}.${payload}.`;

    expect((await request('/v1/guests/g_1/recognition', { token: unsigned })).status).toBe(401);
    expect(recordedCalls()).toEqual([]);
  });

  it('answers 404 to an undeclared route or method', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nowhere'],
      ['DELETE', '/v1/check-ins'],
      ['GET', '/v1/guests//recognition'],
    ] as const) {
      const response = await request(path, { method, token });

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });

  it('answers 413 to a body over 10 MB', async () => {
    const body = 'x'.repeat(10 * 1024 * 1024 + 1);

    const response = await request('/v1/check-ins', { method: 'POST', token, body });

    expect(response.status).toBe(413);
    expect(recordedCalls()).toEqual([]);
  });

  it('answers 500 without details when the handler throws, and logs the error', async () => {
    const response = await request('/v1/broken');

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(logLines.some((line) => line.includes('broken') && line.includes('database on fire'))).toBe(true);
  });

  it('logs one line per request, without tokens or query strings', async () => {
    logLines.length = 0;

    await request('/v1/guests/g_1/recognition?name=Tanaka', { token });

    expect(logLines).toEqual([expect.stringMatching(/^GET \/v1\/guests\/g_1\/recognition 200 \d+ms$/)]);
  });

  it('masks path segments that carry an email or a phone number in its log lines, and keeps ids', async () => {
    logLines.length = 0;

    await request('/v1/guests/yuki.tanaka%40example.com?name=Tanaka', { token });
    await request('/v1/guests/+66%2081%20234%205678', { token });
    await request('/v1/properties/bangkok/rooms/1203/recognition', { token });
    await request('/v1/nowhere/somchai@example.com');

    expect(logLines).toEqual([
      expect.stringMatching(/^GET \/v1\/guests\/\*\*\* 200 \d+ms$/),
      expect.stringMatching(/^GET \/v1\/guests\/\*\*\* 200 \d+ms$/),
      expect.stringMatching(/^GET \/v1\/properties\/bangkok\/rooms\/1203\/recognition 200 \d+ms$/),
      expect.stringMatching(/^GET \/v1\/nowhere\/\*\*\* 404 \d+ms$/),
    ]);
    expect(logLines.join('\n')).not.toMatch(/tanaka|example|234|Tanaka/i);
  });

  it('masks emails and phone numbers in any path it logs, whatever their spelling', () => {
    expect(pathForLog('/v1/guests/a%40b.example/visits?q=x')).toBe('/v1/guests/***/visits');
    expect(pathForLog('/v1/guests/(02)%20123-4567')).toBe('/v1/guests/***');
    expect(pathForLog('/v1/guests/0812345678/export')).toBe('/v1/guests/***/export');
    expect(pathForLog('/v1/guests/g_3f2a9c/recognition')).toBe('/v1/guests/g_3f2a9c/recognition');
    expect(pathForLog('/v1/properties/bangkok/rooms/12%2003/recognition')).toBe('/v1/properties/bangkok/rooms/12%2003/recognition');
    expect(pathForLog(undefined)).toBe('/');
  });

  it('masks the path in the line it logs when a handler fails', async () => {
    logLines.length = 0;

    await request('/v1/broken/somchai%40example.com');

    expect(logLines).toEqual([
      expect.stringMatching(/^broken failed on GET \/v1\/broken\/\*\*\* \(request [0-9a-f-]{36}\) database on fire$/),
      expect.stringMatching(/^GET \/v1\/broken\/\*\*\* 500 \d+ms$/),
    ]);
  });
});
