/**
 * The middleware chain for every HTTP function, built once here: authorise the caller's role, parse a bounded JSON
 * body (sent as JSON, without keys that shadow what every object inherits), run the use case, and turn typed errors
 * into `{"error":{"code","message","fields"}}`. A 4xx says what was wrong; a 5xx says nothing internal (the details
 * go to the log). Each request's logs carry the Lambda request id and, as correlation id, the `eventId` a terminal
 * sent with a write (the id the recorder logs too) or else API Gateway's request id; one line per request says the
 * route (its template: no ids or values from the path), the status and the event id the answer names.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { AppError, ForbiddenError, InvalidInputError, UnsupportedMediaTypeError } from '../errors.ts';
import { beginInvocation, log } from '../log.ts';
import { fieldErrorsFrom, pathOf } from '../validation.ts';
import { findRoute, type HttpRoute } from '../wiring.ts';
import { assertRole, callerFromClaims, type Caller } from './caller.ts';

/** The caller of a route that needs no token. */
const anonymous: Caller = { role: 'restaurant', propertyId: '', subject: 'anonymous' };

/** Larger than any honest request (a check-in is under 1 KB); refusing early keeps a flood cheap. */
export const maxBodyBytes = 16 * 1024;

export interface HttpRequest {
  readonly method: string;
  readonly caller: Caller;
  /** Parsed JSON body (undefined when there is none, or the route does not read one). */
  readonly body: unknown;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

export interface HttpResult {
  readonly statusCode: number;
  /** JSON-serialised, unless `html` is given. */
  readonly body?: unknown;
  /** A page for people (the unsubscribe link opens in a browser). */
  readonly html?: string;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(statusCode: number, body: unknown): Result {
  return { statusCode, headers: jsonHeaders, body: JSON.stringify(body) };
}

function htmlResponse(statusCode: number, html: string): Result {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    },
    body: html,
  };
}

/** `application/json`, with no charset or UTF-8 (RFC 8259: JSON exchanged between systems is UTF-8). */
function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    return name !== 'charset' || ['utf-8', '"utf-8"', 'utf8'].includes(value);
  });
}

function headerOf(event: Event, name: string): string | undefined {
  const headers = event.headers ?? {};
  // API Gateway (payload v2) lower-cases header names; a hand-built event may not.
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * Names every object inherits (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, ...). As body keys they are
 * never a field of ours, and code that looks keys up in plain objects would find the inherited member instead.
 */
const inheritedNames = new Set(Object.getOwnPropertyNames(Object.prototype));

function inheritedKeysIn(value: unknown, path: readonly (string | number)[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => inheritedKeysIn(entry, [...path, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => [
    ...(inheritedNames.has(key) ? [pathOf([...path, key])] : []),
    ...inheritedKeysIn((value as Record<string, unknown>)[key], [...path, key]),
  ]);
}

function parseBody(event: Event): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  if (!isJsonMediaType(headerOf(event, 'content-type'))) {
    throw new UnsupportedMediaTypeError('The request body must be JSON', { 'headers.content-type': 'must be application/json' });
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > maxBodyBytes) {
    throw new InvalidInputError('The request body is too large', { body: `must be at most ${maxBodyBytes} bytes` });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new InvalidInputError('The request body is not valid JSON', { body: 'must be valid JSON' }, { cause: error });
  }
  const inherited = inheritedKeysIn(body);
  if (inherited.length) {
    throw new InvalidInputError(`Invalid body: ${inherited.join(', ')}`, fieldErrorsFrom(inherited.map((path) => [path, 'is not an allowed field'] as const)));
  }
  return body;
}

/** Only a POST carries a body here; other methods' bodies are never read, whatever they hold. */
function takesBody(route: HttpRoute, options: { body: BodyKind }): boolean {
  return route.method === 'POST' && options.body !== 'ignored';
}

/**
 * A page's form, posted `application/x-www-form-urlencoded`: each field's text (a field given twice keeps the last),
 * in an object without a prototype, so a field named `__proto__` is just a field.
 */
function parseFormBody(event: Event): Record<string, string> | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const mediaType = headerOf(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new UnsupportedMediaTypeError('The request body must be a form', { 'headers.content-type': 'must be application/x-www-form-urlencoded' });
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > maxBodyBytes) {
    throw new InvalidInputError('The request body is too large', { body: `must be at most ${maxBodyBytes} bytes` });
  }
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(raw)) fields[name] = value;
  return fields;
}

/** How a POST route reads its body: JSON (the API), a page's form, or not at all (the unsubscribe link). */
type BodyKind = 'json' | 'form' | 'ignored';

/**
 * The `eventId` a write's JSON (its request or its answer) names, if any: a terminal's own id, or the one the
 * route made, never personal data. Only a POST's: a read's answer may list other events' ids.
 */
function eventIdIn(event: Event, json: string | undefined): string | undefined {
  if (event.requestContext?.http?.method !== 'POST' || json === undefined) return undefined;
  return /"eventId"\s*:\s*"([0-9A-Za-z_.:-]{1,100})"/.exec(json)?.[1];
}

const requestLogs: middy.MiddlewareObj<Event, Result> = {
  before: (request) => {
    const { event } = request;
    const body = event.isBase64Encoded ? undefined : (event.body ?? undefined);
    beginInvocation(request.context, eventIdIn(event, body) ?? event.requestContext?.requestId);
  },
  after: (request) => {
    const eventId = eventIdIn(request.event, request.response?.body);
    log.info('request handled', { route: request.event.routeKey, status: request.response?.statusCode, ...(eventId ? { eventId } : {}) });
  },
  onError: (request) => {
    // Runs after errorResponses (middy calls onError in reverse order of use), so the answer is known.
    log.info('request handled', { route: request.event.routeKey, status: request.response?.statusCode });
  },
};

const errorResponses: middy.MiddlewareObj<Event, Result> = {
  onError: (request) => {
    const error = request.error;
    if (error instanceof AppError) {
      const fields = Object.keys(error.fields).length ? { fields: error.fields } : {};
      request.response = jsonResponse(error.status, { error: { code: error.code, message: error.message, ...fields } });
      return;
    }
    log.error('unhandled error', { route: request.event.routeKey, requestId: request.event.requestContext?.requestId, error });
    request.response = jsonResponse(500, { error: { code: 'internal', message: 'Something went wrong; please try again' } });
  },
};

/**
 * An HTTP function: `handle` does the use case and returns the status and body. Who may call each route is
 * declared once, in shared/wiring.ts (the stack builds the authorizer's scopes from it too). A POST route reads a
 * JSON body (415 for anything sent as another media type) unless `body: 'ignored'`: the unsubscribe link, which mail
 * clients post form-encoded.
 */
export function httpHandler(
  handle: (request: HttpRequest) => Promise<HttpResult>,
  options: { body: BodyKind } = { body: 'json' },
): (event: Event, context: Context) => Promise<Result> {
  return middy<Event, Result>()
    .use(requestLogs)
    .use(errorResponses)
    .handler(async (event) => {
      const route = findRoute(event.routeKey);
      // A route missing from the wiring is a deployment mistake: refuse rather than guess who may call it.
      if (!route) throw new ForbiddenError('This route is not declared');
      const caller: Caller = route.authenticated ? callerFromClaims(event.requestContext?.authorizer?.jwt?.claims) : anonymous;
      if (route.authenticated) assertRole(caller, route.roles);
      const result = await handle({
        method: event.requestContext?.http?.method ?? 'GET',
        caller,
        body: takesBody(route, options) ? (options.body === 'form' ? parseFormBody(event) : parseBody(event)) : undefined,
        pathParameters: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
      });
      return result.html === undefined ? jsonResponse(result.statusCode, result.body) : htmlResponse(result.statusCode, result.html);
    });
}
