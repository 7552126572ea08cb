/**
 * The local API Gateway (HTTP API): matches requests against the routes declared in the wiring, authorizes them as
 * the JWT authorizer does, and invokes the same handlers with payload format 2.0 events.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { FunctionDeclaration, HttpFunction, HttpRoute } from '#shared/wiring';
import type { JwtAuthorization } from './jwt.ts';
import { consoleLogger, createLambdaContext, localAccount, type LoadHandler, type Logger } from './lambda.ts';
import { readBody } from './read-body.ts';

export interface HttpGatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly functions: readonly FunctionDeclaration[];
  readonly loadHandler: LoadHandler;
  /** Resolves with the authorizer context, or rejects: the request is then answered 401 without calling the handler. */
  readonly verifyToken: (token: string) => Promise<JwtAuthorization>;
  readonly region?: string;
  readonly log?: Logger;
  /** The staff terminals, served next to the API from the same origin (on AWS, CloudFront does this). */
  readonly staffApp?: StaffAppOptions;
}

export interface StaffAppOptions {
  /** The built app (web/dist): any GET outside /v1/ is a file from here, or index.html for the app's own routes. */
  readonly root: string;
  /** Served as /config.json: how the app signs staff in. */
  readonly config: unknown;
  /** Origins the app may connect to besides its own (the live channel), as the distribution's CSP allows on AWS. */
  readonly connectSources?: readonly string[];
  /** POST /local/sign-in: the local runtime's stand-in for the identity provider; never part of the AWS build. */
  readonly signIn?: (body: string) => Promise<{ status: number; body: object }>;
}

export interface RunningHttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** API Gateway's request payload limit. */
const maxBodyBytes = 10 * 1024 * 1024;
/** API Gateway gives up on an integration after 30 s; handlers see the same remaining time. */
const integrationTimeoutMs = 30_000;

interface CompiledRoute {
  readonly declaration: HttpFunction;
  readonly route: HttpRoute;
  readonly routeKey: string;
  readonly segments: readonly string[];
}

type Event = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

export async function startHttpGateway(options: HttpGatewayOptions): Promise<RunningHttpGateway> {
  const { functions, loadHandler, verifyToken, region = 'us-east-1', log = consoleLogger } = options;
  const routes = compileRoutes(functions);

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const requestId = randomUUID();
    response.setHeader('apigw-requestid', requestId);
    const method = request.method ?? 'GET';
    const [rawPath = '/', rawQueryString = ''] = splitOnce(request.url ?? '/', '?');
    const { body, tooLarge } = await readBody(request, maxBodyBytes);
    if (tooLarge) return send(response, 413, { message: 'Request Entity Too Large' });

    if (options.staffApp && !rawPath.startsWith('/v1/')) {
      const answered = await answerStaffApp(options.staffApp, method, rawPath, body, response);
      if (answered !== undefined) return answered;
    }

    const match = matchRoute(routes, method, rawPath);
    if (!match) return send(response, 404, { message: 'Not Found' });

    let authorizer: { jwt: JwtAuthorization } | undefined;
    if (match.route.route.authenticated) {
      const token = bearerToken(request.headers.authorization);
      if (!token) return send(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
      try {
        authorizer = { jwt: await verifyToken(token) };
      } catch (error) {
        const description = (error as { description?: string }).description ?? 'the token is not valid';
        const challenge = `Bearer error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`;
        return send(response, 401, { message: 'Unauthorized' }, { 'www-authenticate': challenge });
      }
    }

    const event = buildEvent({ request, requestId, rawPath, rawQueryString, body, match, authorizer });
    const { declaration } = match.route;
    let result: unknown;
    try {
      const handler = await loadHandler(declaration.entry);
      result = await handler(event as never, createLambdaContext(declaration.name, { region, timeoutMs: integrationTimeoutMs }));
    } catch (error) {
      log.error(`${declaration.name} failed on ${method} ${pathForLog(rawPath)} (request ${requestId})`, error);
      return send(response, 500, { message: 'Internal Server Error' });
    }
    return writeResult(response, result);
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    answer(request, response)
      .catch((error: unknown) => {
        log.error(`gateway failed on ${request.method} ${pathForLog(request.url)}`, error);
        return response.headersSent ? response.statusCode : send(response, 500, { message: 'Internal Server Error' });
      })
      .then((status) => log.info(`${request.method} ${pathForLog(request.url)} ${status} ${Math.round(performance.now() - started)}ms`));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** What a terminal may load: the app's files, its sign-in configuration and (locally) the sign-in itself. */
async function answerStaffApp(app: StaffAppOptions, method: string, rawPath: string, body: Buffer, response: ServerResponse): Promise<number | undefined> {
  if (rawPath === '/local/sign-in' && app.signIn) {
    if (method !== 'POST') return send(response, 405, { message: 'Method Not Allowed' }, { allow: 'POST' });
    const answer = await app.signIn(body.toString('utf8'));
    return send(response, answer.status, answer.body, { 'cache-control': 'no-store' });
  }
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (rawPath === '/config.json') return send(response, 200, JSON.stringify(app.config), { 'cache-control': 'no-store' });
  const file = await resolveAppFile(app.root, rawPath);
  if (!file) return send(response, 404, { message: 'Not Found' });
  const content = await readFile(file);
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': content.length,
    // Not fingerprinted: a terminal asks again each time and gets the current build.
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(file.endsWith('.html')
      ? {
          'content-security-policy': [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            ['connect-src', "'self'", ...(app.connectSources ?? [])].join(' '),
            "img-src 'self' data:",
            "frame-ancestors 'none'",
            "base-uri 'none'",
          ].join('; '),
        }
      : {}),
  });
  response.end(method === 'HEAD' ? undefined : content);
  return 200;
}

/**
 * The file a path names inside `root`, never outside it (no `..`, no encoded separators); a path without an
 * extension is one of the app's routes and gets index.html. A missing asset is a 404, not the app.
 */
async function resolveAppFile(root: string, rawPath: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  const base = resolve(root);
  const candidate = resolve(base, `.${path}`);
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined;
  const isFile = await stat(candidate).then(
    (s) => s.isFile(),
    () => false,
  );
  if (isFile) return candidate;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  if (lastSegment.includes('.')) return undefined;
  const index = resolve(base, 'index.html');
  return (await stat(index).then(
    (s) => s.isFile(),
    () => false,
  ))
    ? index
    : undefined;
}

function compileRoutes(functions: readonly FunctionDeclaration[]): CompiledRoute[] {
  const routes = functions.flatMap((declaration) =>
    declaration.trigger === 'http'
      ? declaration.routes.map((route) => ({ declaration, route, routeKey: `${route.method} ${route.path}`, segments: route.path.split('/') }))
      : [],
  );
  return routes.sort((a, b) => compareSpecificity(a.segments, b.segments));
}

/** API Gateway prefers the most specific route: segment by segment, a literal wins over {param}, {param} over {proxy+}. */
function compareSpecificity(a: readonly string[], b: readonly string[]): number {
  const rank = (segment: string | undefined) => (segment === undefined ? -1 : segment.endsWith('+}') ? 0 : segment.startsWith('{') ? 1 : 2);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = rank(b[index]) - rank(a[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchRoute(routes: readonly CompiledRoute[], method: string, rawPath: string) {
  const segments = rawPath.split('/');
  for (const route of routes) {
    if (route.route.method !== method) continue;
    const pathParameters = matchSegments(route.segments, segments);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const name = /^\{(.+?)(\+?)\}$/.exec(part);
    if (name?.[2]) {
      const rest = actual.slice(index).join('/');
      if (!rest) return undefined;
      parameters[name[1]!] = decode(rest);
      return parameters;
    }
    const value = actual[index];
    if (value === undefined) return undefined;
    if (name) {
      if (!value) return undefined;
      parameters[name[1]!] = decode(value);
    } else if (value !== part) {
      return undefined;
    }
  }
  return pattern.length === actual.length ? parameters : undefined;
}

function buildEvent(input: {
  request: IncomingMessage;
  requestId: string;
  rawPath: string;
  rawQueryString: string;
  body: Buffer;
  match: { route: CompiledRoute; pathParameters: Record<string, string> };
  authorizer: { jwt: JwtAuthorization } | undefined;
}): Event {
  const { request, requestId, rawPath, rawQueryString, body, match, authorizer } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(request.socket.localPort ?? '');
  const cookies = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const now = new Date();
  const domainName = (request.headers.host ?? 'localhost').split(':')[0]!;

  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: parseQuery(rawQueryString) } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: localAccount,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
      ...(authorizer ? { authorizer } : {}),
    },
    ...(body.length ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  } as Event;
}

/** Repeated parameters arrive comma-joined, as API Gateway sends them in payload 2.0. */
function parseQuery(rawQueryString: string): Record<string, string> {
  // No prototype: `?__proto__=` or `?constructor=` must arrive as parameters, as API Gateway passes them.
  const parameters: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/** Payload 2.0 accepts a full response object, or any other value as a 200 JSON body. */
function writeResult(response: ServerResponse, result: unknown): number {
  if (!isStructuredResult(result)) {
    return send(response, 200, typeof result === 'string' ? result : JSON.stringify(result ?? null));
  }
  const headers: Record<string, string | number | boolean> = { ...result.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, String(value));
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies);
  const body = result.body ?? '';
  response.statusCode = result.statusCode ?? 200;
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
  return response.statusCode;
}

function isStructuredResult(result: unknown): result is {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
} {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

function send(response: ServerResponse, status: number, body: object | string, headers: Record<string, string> = {}): number {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
  return status;
}

/** The JWT authorizer reads the Authorization header, with or without the `Bearer ` prefix. */
function bearerToken(header: string | undefined): string | undefined {
  const token = header?.trim().replace(/^Bearer\s+/i, '');
  return token || undefined;
}

/**
 * The path as it may be logged: ids only. Query strings carry search terms such as guest names, and a path segment
 * may carry an email or a phone number (a lookup by identity key): those are masked. Bodies and tokens are never
 * logged at all.
 */
export function pathForLog(url: string | undefined): string {
  const [path = '/'] = splitOnce(url ?? '/', '?');
  return path
    .split('/')
    .map((segment) => (looksLikeContactDetail(decode(segment)) ? '***' : segment))
    .join('/');
}

/** An email (anything with an @), or a phone number: seven digits or more, with only + ( ) . - and spaces between. */
function looksLikeContactDetail(segment: string): boolean {
  if (segment.includes('@')) return true;
  return /^\+?[\d\s().-]+$/.test(segment) && (segment.match(/\d/g)?.length ?? 0) >= 7;
}

function splitOnce(value: string, separator: string): [string, string?] {
  const index = value.indexOf(separator);
  return index === -1 ? [value] : [value.slice(0, index), value.slice(index + 1)];
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** API Gateway's request time format: `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(date: Date): string {
  const [, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}
