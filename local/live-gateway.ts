/**
 * The local live channel, standing in for API Gateway's WebSocket API: terminals connect here; each connection and
 * disconnection runs the functions the wiring declares for `$connect` and `$disconnect`, with the events API Gateway
 * sends; functions push to a connection with the real connection management client (`POST /@connections/{id}`),
 * which this server answers on the same wire protocol, `410 GoneException` included. It also publishes the local
 * issuer's keys (`/.well-known/jwks.json`), so the connect function checks tokens the way it does on AWS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FunctionDeclaration, LiveFunction } from '#shared/wiring';
import { consoleLogger, createLambdaContext, localAccount, type LoadHandler, type Logger } from './lambda.ts';
import { readBody } from './read-body.ts';

export interface LiveGatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly functions: readonly FunctionDeclaration[];
  readonly loadHandler: LoadHandler;
  readonly jwks: () => Promise<unknown>;
  readonly region?: string;
  readonly log?: Logger;
}

export interface RunningLiveGateway {
  /** What terminals connect to (`ws://…`). */
  readonly url: string;
  /** What functions push through (the connection management endpoint). */
  readonly callbackUrl: string;
  /** The issuer's keys, as the connect function fetches them. */
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

/** API Gateway's limit for one message. */
const maxMessageBytes = 128 * 1024;

export async function startLiveGateway(options: LiveGatewayOptions): Promise<RunningLiveGateway> {
  const { functions, loadHandler, region = 'us-east-1', log = consoleLogger } = options;
  const routes = new Map(functions.filter((f): f is LiveFunction => f.trigger === 'live').map((f) => [f.route, f]));
  const sockets = new Map<string, WebSocket>();
  const webSockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  async function invoke(route: LiveFunction['route'], connectionId: string, query: Record<string, string>): Promise<number> {
    const declaration = routes.get(route);
    // Without a declared route, API Gateway accepts the connection (or its end) as it is.
    if (!declaration) return 200;
    const event = {
      requestContext: {
        routeKey: route,
        eventType: route === '$connect' ? 'CONNECT' : 'DISCONNECT',
        connectionId,
        requestId: randomUUID(),
        stage: 'live',
        apiId: 'local',
        domainName: 'localhost',
        connectedAt: Date.now(),
        requestTimeEpoch: Date.now(),
        accountId: localAccount,
      },
      ...(route === '$connect' ? { queryStringParameters: query } : {}),
      isBase64Encoded: false,
    };
    try {
      const handler = await loadHandler(declaration.entry);
      const result = (await handler(event as never, createLambdaContext(declaration.name, { region, timeoutMs: 10_000 }))) as
        | { statusCode?: number }
        | undefined;
      return result?.statusCode ?? 200;
    } catch (error) {
      log.error(`${declaration.name} failed on ${route} (connection ${connectionId})`, error);
      return 500;
    }
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const connectionId = randomBytes(12).toString('base64');
    const query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
    const status = await invoke('$connect', connectionId, query);
    // The query carries the token: it is never logged.
    log.info(`live $connect ${connectionId} ${status}`);
    if (status !== 200) {
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      sockets.set(connectionId, webSocket);
      webSocket.on('close', () => {
        sockets.delete(connectionId);
        void invoke('$disconnect', connectionId, {}).then((closed) => log.info(`live $disconnect ${connectionId} ${closed}`));
      });
    });
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return reply(response, 200, await options.jwks());
    const pushTo = /\/@connections\/([^/]+)$/.exec(path);
    if (!pushTo) return reply(response, 404, { message: 'Not Found' });
    const connectionId = decodeURIComponent(pushTo[1]!);
    const webSocket = sockets.get(connectionId);
    if (request.method === 'GET') return webSocket ? reply(response, 200, { connectedAt: null }) : gone(response);
    if (request.method === 'DELETE') {
      webSocket?.close();
      return webSocket ? reply(response, 204) : gone(response);
    }
    if (request.method !== 'POST') return reply(response, 405, { message: 'Method Not Allowed' });
    const { body, tooLarge } = await readBody(request, maxMessageBytes);
    if (tooLarge) return reply(response, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
    if (!webSocket) return gone(response);
    webSocket.send(body.toString('utf8'));
    reply(response, 200);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      log.error('live gateway failed to answer', error);
      if (!response.headersSent) reply(response, 500, { message: 'Internal Server Error' });
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      log.error('live gateway failed on a connection', error);
      socket.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    url: `ws://${base}`,
    callbackUrl: `http://${base}`,
    jwksUrl: `http://${base}/.well-known/jwks.json`,
    async stop() {
      for (const webSocket of sockets.values()) webSocket.terminate();
      webSockets.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function reply(response: ServerResponse, status: number, body?: unknown, errorType?: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** What API Gateway answers for a connection that has closed: the SDK turns it into GoneException. */
function gone(response: ServerResponse): void {
  reply(response, 410, { message: 'The connection is gone' }, 'GoneException');
}
