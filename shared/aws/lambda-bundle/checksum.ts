/**
 * Stands in for `@smithy/core/checksum` in the Lambda bundles (aliased in `bundleSettings`,
 * infra/constructs/guest-function.ts); tsx and the tests load the original.
 *
 * Why it is safe: the clients the functions use import one thing from it, `Sha256`, the hash SigV4 signs every
 * request with (`sha256` in each client's runtime config). The original's `Sha256` is `Sha256Node`, which is this
 * class (node:crypto's SHA-256 and HMAC-SHA-256) on every Node with crypto, and falls back to a pure-JavaScript
 * SHA-256 only where `createHash('sha256')` throws, which Lambda's Node never does. Importing the original brings that
 * fallback (about 3.5 KB) into every bundle. The other checksums it exports (CRC32, MD5) are for S3 and event streams,
 * which no function uses; were a client to import one, the bundle would fail to build rather than run without it.
 * A test compares this class with the original's for plain hashes and HMACs.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export class Sha256 {
  readonly digestLength = 32;
  private readonly secret: SourceData | undefined;
  private readonly isHmac: boolean;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(secret?: SourceData) {
    this.secret = secret;
    this.isHmac = !!secret;
    this.hash = this.createHash();
  }

  update(data: string | NodeJS.ArrayBufferView): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    let buffer: Buffer;
    if (this.isHmac) {
      this.finished = true;
      buffer = this.hash.digest();
    } else {
      buffer = (this.hash as Hash).copy().digest();
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  reset(): void {
    this.hash = this.createHash();
    this.finished = false;
  }

  private createHash(): Hash | Hmac {
    return this.secret ? createHmac('sha256', toBuffer(this.secret)) : createHash('sha256');
  }
}
