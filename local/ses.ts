/**
 * The SES stand-in (`aws-ses-v2-local`): accepts SESv2 SendEmail from the real SDK client and keeps the outbox in
 * memory: a web page at `/`, JSON at `/store`, each email with the headers it was sent with (List-Unsubscribe).
 */
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

// A CommonJS build of an ES module: Node's loader hands over `module.exports` (function under `default`), while
// vitest already unwraps it.
const startSesServer: typeof sesLocal = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;

export interface RunningSes {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startSesLocal(port: number): Promise<RunningSes> {
  const server = await startSesServer({ host: '127.0.0.1', port });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface OutboxMessage {
  readonly from: string;
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** The extra headers of a simple send (`Content.Simple.Headers`), as given. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly at: number;
}

/** The stand-in's outbox (newest last). */
export async function readOutbox(endpoint: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${endpoint}/store`);
  const { emails } = (await response.json()) as { emails: OutboxMessage[] };
  return emails;
}
