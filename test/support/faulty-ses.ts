/**
 * A front for the SES stand-in that fails chosen SESv2 SendEmail requests the ways real SES and the network do:
 * refusing with an SES error (nothing reaches the outbox), or passing the request on (the stand-in accepts the
 * email) and then never answering, dropping the connection, or answering a server error. The stand-in itself always
 * answers 200, and no stand-in times out after accepting: this is the only way to let the real SDK client meet
 * those failures and shape its errors (`name`, `$fault`, `$metadata`) exactly as it does against SES.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SesFault =
  /** SES refuses the request: nothing is sent. */
  | { readonly kind: 'refuse'; readonly status: number; readonly code: string; readonly message: string }
  /** The stand-in accepts the email; the answer never comes (the client's request timeout ends the wait). */
  | { readonly kind: 'accept-then-hang' }
  /** The stand-in accepts the email; the connection is dropped before the answer. */
  | { readonly kind: 'accept-then-reset' }
  /** The stand-in accepts the email; the answer is a server error. */
  | { readonly kind: 'accept-then-fail'; readonly status: number; readonly code: string };

export interface FaultySes {
  readonly endpoint: string;
  /** The recipients of every SendEmail that arrived, in order (refused ones too). */
  readonly requests: string[][];
  stop(): Promise<void>;
}

/** `faultFor` sees the request's recipients and how often these recipients were asked for (1 the first time). */
export async function startFaultySes(upstream: string, faultFor: (recipients: string[], attempt: number) => SesFault | undefined): Promise<FaultySes> {
  const requests: string[][] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    // SESv2 is a REST-JSON API: SendEmail is a POST to this path, its recipients in Destination.ToAddresses.
    const isSend = request.method === 'POST' && request.url === '/v2/email/outbound-emails';
    const recipients = isSend ? ((JSON.parse(body) as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? []) : [];
    if (isSend) requests.push(recipients);
    const attempt = requests.filter((r) => r.join() === recipients.join()).length;
    const fault = isSend ? faultFor(recipients, attempt) : undefined;

    if (fault?.kind === 'refuse') return answerError(response, fault.status, fault.code, fault.message);
    const forwarded = await fetch(`${upstream}${request.url ?? '/'}`, {
      method: request.method ?? 'POST',
      headers: forwardedHeaders(request),
      body,
    });
    const answer = await forwarded.text();
    if (fault?.kind === 'accept-then-hang') return;
    if (fault?.kind === 'accept-then-reset') return request.socket.destroy();
    if (fault?.kind === 'accept-then-fail') return answerError(response, fault.status, fault.code, 'We encountered an internal error. Please try again.');
    response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' }).end(answer);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The client's headers (its signature among them), but not those that describe this hop. */
function forwardedHeaders(request: IncomingMessage): Record<string, string> {
  const hopByHop = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding']);
  return Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      hopByHop.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** SESv2 (REST-JSON) names an error in the `x-amzn-ErrorType` header; the SDK takes it for the error's name. */
function answerError(response: ServerResponse, status: number, code: string, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000' })
    .end(JSON.stringify({ message }));
}
