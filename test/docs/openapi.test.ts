import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The classic API only for its JSON Schema reader (tests only: functions use zod/mini).
import * as z from 'zod';
import { properties } from '#shared/config/properties';
import { guestEvents } from '#shared/events/guest-events';
import { httpHandler } from '#shared/http/http-handler';
import { describedRoutes } from '#shared/http/openapi';
import { NotFoundError } from '#shared/errors';
import { functions, type HttpFunction } from '#shared/wiring';
import { handler as openApiHandler } from '#functions/http/openapi';
import { createLambdaContext } from '#local/lambda';
import { committedEventSchemaFiles, generatedDocuments } from '#local/openapi';
import { projectRoot } from '#local/paths';

type Json = Record<string, any>;

const generated = generatedDocuments();
const committed = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const document = JSON.parse(generated['docs/openapi.json']!) as Json;

const routes = functions
  .filter((fn): fn is HttpFunction => fn.trigger === 'http')
  .flatMap((fn) => fn.routes.map((route) => ({ ...route, name: fn.name, routeKey: `${route.method} ${route.path}` })));
const operationOf = (method: string, path: string) => document.paths[path]?.[method.toLowerCase()] as Json | undefined;

/** Follows a local `$ref` (`#/components/...`) to what it names. */
function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<any>((node, key) => node?.[key], document);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
}

/** An API Gateway (payload v2) request as a front-desk token at Bangkok sends it. */
const event = (routeKey: string) =>
  ({
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: {},
    requestContext: {
      http: { method: routeKey.split(' ')[0] },
      requestId: 'test',
      authorizer: { jwt: { claims: { sub: 'desk-1', role: 'frontdesk', propertyId: 'bangkok' }, scopes: [] } },
    },
  }) as never;
const context = () => createLambdaContext('openapi-test', { region: 'eu-west-1', timeoutMs: 10_000 });

describe('the committed descriptions', () => {
  it('docs/openapi.json is what `npm run openapi` generates from the code (run it after changing a route or schema)', () => {
    expect(committed('docs/openapi.json')).toEqual(generated['docs/openapi.json']);
  });

  it.each(guestEvents.map((definition) => definition.detailType))('docs/events/%s.json is what `npm run openapi` generates', (detailType) => {
    expect(committed(`docs/events/${detailType}.json`)).toEqual(generated[`docs/events/${detailType}.json`]);
  });

  it('docs/events holds a schema for each guest event and nothing else', () => {
    expect(committedEventSchemaFiles().sort()).toEqual(guestEvents.map((definition) => `docs/events/${definition.detailType}.json`).sort());
  });
});

describe('the OpenAPI description', () => {
  it('is OpenAPI 3.1 with a bearer JWT scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('describes exactly the routes of the wiring', () => {
    const described = Object.entries(document.paths as Json).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(routes.map((route) => route.routeKey).sort());
  });

  it('has a summary written for every route of the wiring, and none for a route that is gone', () => {
    expect([...describedRoutes].sort()).toEqual(routes.map((route) => route.routeKey).sort());
  });

  it.each(routes.map((route) => [route.routeKey, route] as const))('%s: its path parameters, who may call it and its errors', (_, route) => {
    const operation = operationOf(route.method, route.path)!;
    const pathParameters = (operation.parameters ?? []).filter((parameter: Json) => parameter.in === 'path').map((parameter: Json) => parameter.name);
    expect(pathParameters).toEqual([...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]));
    if (route.authenticated) {
      const roles = [...new Set([...route.roles, 'admin'])];
      expect(operation.security).toEqual([{ staffToken: roles }]);
      expect(operation.description).toContain(`Roles: ${roles.join(', ')}.`);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    } else {
      expect(operation.security).toEqual([]);
      expect(operation.responses).not.toHaveProperty('401');
    }
    expect(operation['x-function']).toBe(route.name);
    expect(Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status))).toBe(true);
  });

  it('gives every POST route that reads JSON its request body, and the 400 and 415 it may answer', () => {
    // The unsubscribe link's body is not read; the survey link reads its page's form (below).
    for (const route of routes.filter((r) => r.method === 'POST' && !r.path.startsWith('/v1/unsubscribe') && r.path !== '/v1/absence-survey')) {
      const operation = operationOf(route.method, route.path)!;
      expect(operation.requestBody?.content?.['application/json']?.schema?.$ref, route.routeKey).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(operation.responses), route.routeKey).toEqual(expect.arrayContaining(['400', '415']));
    }
  });

  it('describes the survey answer as the form its page posts, with the 400 and 415 it may answer', () => {
    const operation = operationOf('POST', '/v1/absence-survey')!;
    expect(operation.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual({ $ref: '#/components/schemas/AbsenceSurveyAnswer' });
    expect(document.components.schemas.AbsenceSurveyAnswer.properties.reason.enum).toEqual([
      'travelling-less',
      'stayed-elsewhere',
      'price',
      'disappointing-stay',
      'other',
    ]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '409', '415']));
  });

  it('describes a check-in as its request schema does', () => {
    const checkIn = document.components.schemas.CheckInRequest;
    expect(checkIn.required).toEqual(['propertyId', 'room', 'guest']);
    expect(checkIn.additionalProperties).toBe(false);
    expect(checkIn.properties.guest).toEqual({ $ref: '#/components/schemas/GuestDetails' });
    expect(document.components.schemas.GuestDetails.required).toEqual(['lastName']);
    expect(document.components.schemas.Instant).toMatchObject({ type: 'string', format: 'date-time' });
    // What the zod refinement checks, stated: only the group's properties.
    expect(document.components.schemas.PropertyId.enum).toEqual(properties.map((property) => property.id));
  });

  it('answers 202 with the event id for a check-in, and the card for a returning guest', () => {
    const accepted = operationOf('POST', '/v1/check-ins')!.responses['202'].content['application/json'].schema;
    expect(accepted).toEqual({ $ref: '#/components/schemas/CheckInAccepted' });
    expect(document.components.schemas.CheckInAccepted.properties.recognition).toEqual({
      anyOf: [{ $ref: '#/components/schemas/RecognitionCard' }, { type: 'null' }],
    });
  });

  it('refers only to what it defines', () => {
    const refs = [...new Set(refsIn(document))];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it('gives the error shape every HTTP function answers', async () => {
    const failing = httpHandler(async () => {
      throw new NotFoundError('No guest g_x');
    });
    const result = (await failing(event('GET /v1/guests/{guestId}/recognition'), context())) as Json;
    expect(result.statusCode).toBe(404);
    const notFound = resolve(operationOf('GET', '/v1/guests/{guestId}/recognition')!.responses['404'].$ref) as Json;
    expect(notFound.description).toContain('`not_found`');
    const errorSchema = z.fromJSONSchema(resolve(notFound.content['application/json'].schema.$ref) as never);
    expect(errorSchema.safeParse(JSON.parse(result.body)).success).toBe(true);
    expect(errorSchema.safeParse({ message: 'Not Found' }).success).toBe(false);
  });
});

describe('GET /v1/openapi.json', () => {
  it('answers the committed description, without a token', async () => {
    const result = (await openApiHandler(event('GET /v1/openapi.json'), context())) as Json;
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(result.body)).toEqual(JSON.parse(committed('docs/openapi.json')));
  });
});
