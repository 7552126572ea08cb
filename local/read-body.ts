import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body to the end. Past `limit` bytes the rest is read and discarded rather than the socket cut,
 * so the client still receives the error response.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? { body: Buffer.alloc(0), tooLarge: true } : { body: Buffer.concat(chunks), tooLarge: false };
}
